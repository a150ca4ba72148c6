"""Personal API tokens: hashed storage, bearer sign-in, revocation, and CSRF only for cookies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Blueprint, Flask
from flask_login import current_user, login_required
from sqlalchemy import event, select

from annotator import create_app
from annotator.extensions import db
from annotator.models import ApiToken, Event, User
from annotator.services.tokens import create_token, hash_token, revoke_token
from tests.builders.clients import sign_in
from tests.builders.users import PASSWORD, make_users
from tests.conftest import base_config, fresh_g_per_request


@pytest.fixture(autouse=True)
def _fresh_user_per_request(request: pytest.FixtureRequest) -> None:
    for name in ("app", "csrf_app"):
        if name in request.fixturenames:
            fresh_g_per_request(request.getfixturevalue(name))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(username: str, name: str = "") -> str:
    user = db.session.scalar(select(User).where(User.username == username))
    _, token = create_token(db.session, user, name)
    db.session.commit()
    return token


def test_create_token_prints_it_once_and_stores_only_a_hash(app, runner):
    make_users(db.session, "ann")
    db.session.commit()
    result = runner.invoke(args=["create-token", "ann", "--name", "nightly export"])
    assert result.exit_code == 0, result.output
    token = result.output.splitlines()[0]
    assert token.startswith("ann_") and len(token) > 40
    row = db.session.scalar(select(ApiToken))
    assert (row.name, row.token_hash) == ("nightly export", hash_token(token))
    assert row.prefix == token[:12]
    stored = " ".join(str(getattr(row, c.key)) for c in ApiToken.__table__.columns)
    assert token not in stored
    assert db.session.scalar(select(Event).where(Event.action == "token.create")) is not None
    assert runner.invoke(args=["create-token", "nobody"]).exit_code != 0


def test_a_bearer_token_signs_in_api_requests_only(client, golden):
    token = token_for("ann")
    response = client.get("/api/articles", headers=bearer(token))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # no session is made for a script
    row = db.session.scalar(select(ApiToken))
    db.session.refresh(row)
    assert row.last_used_at is not None
    # pages are for people: a token does not sign in /tokens or /export
    assert client.get("/tokens", headers=bearer(token)).status_code == 302


@pytest.mark.parametrize("spoil", ["wrong", "revoked", "deactivated", "scheme"])
def test_bad_tokens_are_refused_with_json_401(client, golden, spoil):
    token = token_for("ann")
    headers = bearer(token)
    if spoil == "wrong":
        headers = bearer(token[:-2] + "xx")
    elif spoil == "revoked":
        revoke_token(db.session, db.session.scalar(select(ApiToken)), actor_id=None)
        db.session.commit()
    elif spoil == "deactivated":
        db.session.scalar(select(User).where(User.username == "ann")).active = False
        db.session.commit()
    else:
        headers = {"Authorization": f"Token {token}"}
    response = client.get("/api/articles", headers=headers)
    assert response.status_code == 401
    assert set(response.get_json()) == {"error", "field"}


@pytest.fixture
def csrf_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with CSRF on and a state-changing API endpoint to aim at."""
    app = create_app({**base_config(tmp_path, database_url), "WTF_CSRF_ENABLED": True})
    probe = Blueprint("csrf_probe", __name__)

    @probe.post("/api/csrf-probe")
    @login_required
    def post_probe():  # type: ignore[no-untyped-def]
        return {"user": current_user.username}

    app.register_blueprint(probe)
    with app.app_context():
        make_users(db.session, "ann")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _csrf_sign_in(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if csrf is None:
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
    response = client.post(
        "/login", data={"username": "ann", "password": PASSWORD, "csrf_token": csrf.group(1)}
    )
    assert response.status_code == 302
    # Signing in starts a new session, so the page after it carries a new CSRF token.
    page = client.get("/tokens").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_cookie_requests_need_the_csrf_header_and_token_requests_do_not(csrf_app):
    token = token_for("ann")
    script = csrf_app.test_client()
    response = script.post("/api/csrf-probe", headers=bearer(token))
    assert response.status_code == 200 and response.get_json() == {"user": "ann"}

    browser = csrf_app.test_client()
    csrf = _csrf_sign_in(browser)
    refused = browser.post("/api/csrf-probe")
    assert refused.status_code == 400 and refused.get_json()["field"] == "csrf_token"
    assert browser.post("/api/csrf-probe", headers={"X-CSRFToken": csrf}).status_code == 200
    # a bearer header does not excuse a request that carries the session cookie
    assert browser.post("/api/csrf-probe", headers=bearer(token)).status_code == 400
    # and a token never works without being valid, cookie or not
    assert script.post("/api/csrf-probe", headers=bearer("ann_nope")).status_code == 401


def test_the_tokens_page_creates_shows_once_lists_and_revokes(app, client, golden):
    script = app.test_client()  # no cookies: signed in by the token alone
    sign_in(client, "ann")
    created = client.post("/tokens", data={"name": "脚本"})
    html = created.get_data(as_text=True)
    token = re.search(r'<code id="new-token">(ann_[^<]+)</code>', html).group(1)
    assert script.get("/api/articles", headers=bearer(token)).status_code == 200
    listing = client.get("/tokens").get_data(as_text=True)
    assert token not in listing and token[:12] in listing and "脚本" in listing
    row = db.session.scalar(select(ApiToken))
    assert client.post(f"/tokens/{row.id}/revoke").status_code == 302
    assert script.get("/api/articles", headers=bearer(token)).status_code == 401
    assert db.session.scalar(select(Event).where(Event.action == "token.revoke")) is not None


def test_nobody_revokes_someone_elses_token(client, golden):
    token_for("bob")
    sign_in(client, "ann")
    row = db.session.scalar(select(ApiToken))
    assert client.post(f"/tokens/{row.id}/revoke").status_code == 404
    assert client.post("/tokens", data={"name": "x" * 129}).status_code == 400


def test_a_token_request_commits_once_after_the_view(client, golden):
    """The request loader commits nothing: the token's last use joins the request's unit of work."""
    token = token_for("ann")
    order: list[str] = []

    def statement(conn: object, cursor: object, sql: str, *args: object) -> None:
        order.append(sql.split()[0].upper())

    def commit(conn: object) -> None:
        order.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    try:
        assert client.get("/api/articles", headers=bearer(token)).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", commit)
    # One commit, after the view's reads, that also saves the token's last use (the
    # UPDATE the session flushed on the way).
    assert order.count("COMMIT") == 1, order
    assert order[-1] == "COMMIT" and "UPDATE" in order, order
    row = db.session.scalar(select(ApiToken))
    db.session.refresh(row)
    assert row.last_used_at is not None
