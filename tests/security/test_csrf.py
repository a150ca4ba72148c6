"""CSRF: every state-changing route refuses a cookie request without the token, writing nothing."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from annotator.extensions import db
from tests.builders.world import (
    CSRF_REFUSAL,
    STATE_CHANGING,
    World,
    database_snapshot,
    sign_in_with_csrf,
    url_for_rule,
)

# Pages show the refusal in the UI language (Chinese by default); the API in English.
CSRF_REFUSAL_ZH = "表单已过期或来自别处"


def _refused(text: str) -> bool:
    return CSRF_REFUSAL in text or CSRF_REFUSAL_ZH in text


def state_changing_routes(app: Flask, world: World) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every POST/PUT/PATCH/DELETE route."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted((rule.methods or set()) & STATE_CHANGING):
            found.append((rule.endpoint, method, url_for_rule(app, rule, world)))
    return found


def _send(client: FlaskClient, method: str, url: str, body: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    if body == "json":
        response = client.open(
            url, method=method, json={"values": [], "version": None}, headers=headers
        )
    else:
        response = client.open(url, method=method, data={"name": "x", "text": "x"}, headers=headers)
    response.get_data()
    response.close()
    db.session.rollback()
    return response


def test_cookie_requests_without_the_token_are_refused_and_write_nothing(
    app: Flask, world: World
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    routes = state_changing_routes(app, world)
    assert len(routes) >= 4
    before = database_snapshot()
    bearer = {"Authorization": f"Bearer {world.tokens['admin']}"}
    for endpoint, method, url in routes:
        for body in ("json", "form"):
            # A bearer token does not excuse a request that also carries the cookie.
            for headers in ({}, {"X-CSRFToken": "forged"}, bearer):
                response = _send(client, method, url, body, headers)
                where = f"{method} {url} ({endpoint}, {body}, {sorted(headers)})"
                assert response.status_code == 400, f"{where} -> {response.status_code}"
                assert _refused(response.text), where
    assert database_snapshot() == before
    # Still signed in: the refused sign-out did not sign us out.
    assert client.get("/tokens").status_code == 200


def test_the_same_requests_with_the_token_get_past_the_check(app: Flask, world: World) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    for endpoint, method, url in state_changing_routes(app, world):
        for body in ("json", "form"):
            client = app.test_client()  # a fresh sign-in each time: one route is sign-out
            token = sign_in_with_csrf(client, "admin")
            response = _send(client, method, url, body, {"X-CSRFToken": token})
            where = f"{method} {url} ({endpoint}, {body}) -> {response.status_code}"
            assert not _refused(response.text), where
            assert response.status_code < 500, where


def test_sign_in_itself_needs_the_token(app: Flask, world: World) -> None:
    """Login CSRF: a forged sign-in would put the victim in the attacker's account."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"username": "admin", "password": "x" * 20})
    assert response.status_code == 400 and _refused(response.text)


def test_token_only_api_requests_need_no_csrf(app: Flask, world: World) -> None:
    """Browsers cannot attach an Authorization header cross-site, so tokens skip CSRF."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {world.tokens['editor']}"}
    api_writes = [r for r in state_changing_routes(app, world) if r[2].startswith("/api/")]
    for _endpoint, method, url in api_writes:
        response = _send(client, method, url, "json", bearer)
        assert not _refused(response.text), url
        assert response.status_code < 500, url
