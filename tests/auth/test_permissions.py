"""Every endpoint declares who may call it, and the server enforces it for every role."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from annotator.auth.permissions import PUBLIC, ROLE_ORDER, endpoint_access
from annotator.extensions import db
from tests.builders.clients import sign_in
from tests.builders.team import Team

ROLE_USERS = {"editor": "alice", "reviewer": "rita", "admin": "ada"}
ROLE_REFUSAL = "Your role does not allow this."
ROLE_REFUSAL_ZH = "您的角色无权进行此操作。"  # the same refusal on a page in Chinese
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))


def _url(app: Flask, rule: Rule, team: Team) -> str:
    """A concrete URL for the rule, pointing at real rows where the argument names say so."""
    known: dict[str, object] = {
        "passage_id": team.passages[0].id,
        "article_id": team.article.id,
        "user_id": team.users["carol"].id,  # never one of the signed-in users below
        "filename": "tables.css",
        "label_set": "stance",
        "label_set_name": "stance",
        "name": "stance",
    }
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        values[arg] = known.get(arg, 1 if isinstance(converter, IntegerConverter) else "x")
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, values, force_external=False)


def test_every_endpoint_declares_a_role_or_is_public(app: Flask) -> None:
    undeclared = [
        f"{rule.endpoint} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if endpoint_access(app, rule.endpoint) is None
    ]
    assert undeclared == [], "use role_required(...) or public on these views"


def _client_as(app: Flask, cookie: str | None) -> FlaskClient:
    client = app.test_client()
    if cookie is not None:
        client.set_cookie("session", cookie, domain="localhost")
    return client


def test_each_role_on_each_endpoint_is_allowed_or_refused(app: Flask, team: Team) -> None:
    cookies: dict[str | None, str | None] = {None: None}
    for role, username in ROLE_USERS.items():
        client = app.test_client()
        sign_in(client, username)
        cookie = client.get_cookie("session", domain="localhost")
        assert cookie is not None
        cookies[role] = cookie.value
    checked = 0
    for rule in _rules(app):
        access = endpoint_access(app, rule.endpoint)
        if access is None:
            continue  # reported by the test above
        url = _url(app, rule, team)
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            for role, cookie in cookies.items():
                # A fresh client per request: a sign-out or a failed form changes nothing else.
                response = _client_as(app, cookie).open(url, method=method, json={})
                where = f"{method} {url} as {role or 'anonymous'}: {response.status_code}"
                body = response.get_data(as_text=True)
                response.close()  # static files hold an open file until closed
                db.session.rollback()
                allowed = access == PUBLIC or (
                    role is not None and ROLE_ORDER.index(role) >= ROLE_ORDER.index(str(access))
                )
                if allowed:
                    assert response.status_code < 500, where
                    assert response.status_code != 401, where
                    assert ROLE_REFUSAL not in body and ROLE_REFUSAL_ZH not in body, where
                    if access != PUBLIC or role is None:
                        assert "/login" not in response.headers.get("Location", "") or (
                            rule.endpoint == "auth.logout"
                        ), where
                elif role is None:
                    if url.startswith("/api/"):
                        assert response.status_code == 401, where
                        assert response.is_json and "error" in response.get_json(), where
                    else:
                        assert response.status_code == 302, where
                        assert "/login" in response.headers["Location"], where
                else:
                    assert response.status_code == 403, where
                    assert ROLE_REFUSAL in body or ROLE_REFUSAL_ZH in body, where
                checked += 1
    assert checked >= 4 * 15  # the matrix really ran over the app's endpoints
