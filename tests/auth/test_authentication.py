"""Every route needs a signed-in user or an API token, except sign-in, static files and health.

The permission matrix (tests/auth/test_permissions.py) checks which role may call what;
these tests pin the short list of public endpoints and prove that no other route answers
without proof of who is asking: no cookie, a stale cookie, a forged or revoked token.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from werkzeug.routing import Rule

from annotator.extensions import db
from annotator.models import ApiToken, User
from tests.builders.world import World, sign_in_with_csrf, url_for_rule

# The whole list of endpoints anyone may call. Adding one is a security decision.
# The language switch is public: the sign-in page has it too.
PUBLIC_ENDPOINTS = {"auth.login", "auth.language", "health.healthz", "static"}
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static")


def requests(app: Flask, world: World) -> Iterator[tuple[Rule, str, str]]:
    """(rule, method, url) for every route of the app."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        url = url_for_rule(app, rule, world)
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            yield rule, method, url


def fetch(client, url: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    """GET the whole response (streamed exports hold a database cursor until read)."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    db.session.rollback()
    return response


def refused(response, url: str) -> bool:  # type: ignore[no-untyped-def]
    """Refused as a stranger: 401 JSON under /api/, a redirect to sign-in for pages."""
    if url.startswith("/api/"):
        return response.status_code == 401 and "error" in (response.get_json() or {})
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def test_only_sign_in_static_and_health_answer_strangers(app: Flask, world: World) -> None:
    client = app.test_client()
    checked = []
    for rule, method, url in requests(app, world):
        response = client.open(url, method=method, json={})
        response.close()
        db.session.rollback()
        where = f"{method} {url} ({rule.endpoint}) -> {response.status_code}"
        if is_public(rule.endpoint):
            assert not refused(response, url), where
            assert response.status_code < 500, where
        else:
            assert refused(response, url), where
            checked.append(rule.endpoint)
    assert len(set(checked)) >= 10  # the walk really covered the app


def test_public_endpoints_are_exactly_the_allowed_ones(app: Flask) -> None:
    public = {rule.endpoint for rule in app.url_map.iter_rules() if is_public(rule.endpoint)}
    assert public <= PUBLIC_ENDPOINTS | {e for e in public if e.endswith(".static")}
    assert {"auth.login", "health.healthz", "static"} <= public


def test_a_deactivated_users_cookie_stops_working_everywhere(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    assert client.get("/tokens").status_code == 200
    user = db.session.get(User, world.users["admin"])
    assert user is not None
    user.active = False
    db.session.commit()
    for rule, method, url in requests(app, world):
        if is_public(rule.endpoint) or method != "GET":
            continue
        response = client.get(url)
        response.close()
        db.session.rollback()
        assert refused(response, url), f"GET {url} -> {response.status_code}"


def test_a_password_change_ends_other_sessions(app: Flask, world: World) -> None:
    from annotator.services.users import set_password

    client = app.test_client()
    sign_in_with_csrf(client, "editor")
    assert client.get("/tokens").status_code == 200
    user = db.session.get(User, world.users["editor"])
    assert user is not None
    set_password(db.session, user, "another-long-password", actor_id=user.id)
    db.session.commit()
    assert refused(client.get("/tokens"), "/tokens")


def test_api_routes_take_a_valid_bearer_token_and_nothing_else(app: Flask, world: World) -> None:
    client = app.test_client()
    good = {"Authorization": f"Bearer {world.tokens['admin']}"}
    forged = {"Authorization": "Bearer ann_" + "A" * 43}
    api = [
        (r, m, u)
        for r, m, u in requests(app, world)
        if u.startswith("/api/") and m == "GET" and not is_public(r.endpoint)
    ]
    assert api, "no API routes found"
    for _rule, _method, url in api:
        assert refused(fetch(client, url, forged), url), url
        assert fetch(client, url, good).status_code not in (401, 403), url
    row = db.session.get(ApiToken, 4)  # the admin's token (tokens are made in role order)
    assert row is not None and row.user_id == world.users["admin"]
    from annotator.services.tokens import revoke_token

    revoke_token(db.session, row, actor_id=None)
    db.session.commit()
    for _rule, _method, url in api:
        assert refused(fetch(client, url, good), url), url


def test_a_token_does_not_open_the_pages(app: Flask, world: World) -> None:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    response = client.get("/tokens", headers=headers)
    assert refused(response, "/tokens")
