"""Signing a Flask test client in through the sign-in form."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.builders.users import PASSWORD


def sign_in(client: FlaskClient, username: str) -> FlaskClient:
    """Sign the test client in through the form (CSRF is off in the default test config)."""
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
