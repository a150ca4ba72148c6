"""GET changes nothing; CSRF tokens expire, and API activity renews them."""

from __future__ import annotations

import itsdangerous.timed
import pytest
from flask import Flask
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Claim
from tests.builders.world import (
    World,
    csrf_token_from,
    fingerprint,
    sign_in_with_csrf,
    url_for_rule,
)

ENGLISH_SIGN_IN = "Sign in"


def test_lang_in_the_url_applies_to_that_request_only(app: Flask, world: World) -> None:
    client = app.test_client()
    assert ENGLISH_SIGN_IN in client.get("/login?lang=en").text
    assert ENGLISH_SIGN_IN not in client.get("/login").text  # the GET stored nothing


def test_the_language_switch_posts_and_is_kept(app: Flask, world: World) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = csrf_token_from(client.get("/login").text)
    assert client.post("/language", data={"lang": "en", "next": "/login"}).status_code == 400
    switched = client.post("/language", data={"lang": "en", "next": "/login", "csrf_token": token})
    assert switched.status_code == 302 and switched.headers["Location"] == "/login"
    assert ENGLISH_SIGN_IN in client.get("/login").text


def test_claiming_the_next_passage_takes_a_post(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "editor")
    assert client.get("/next").status_code == 405
    assert client.get("/api/queue/next").status_code == 405
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 0
    assert client.post("/next").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 1


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_no_get_route_changes_the_database(app: Flask, world: World, role: str) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, role)
    before = fingerprint()
    visited = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        url = url_for_rule(app, rule, world)
        response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
        response.get_data()  # a streamed export runs to its end
        response.close()
        db.session.rollback()
        visited += 1
        assert fingerprint() == before, f"GET {url} changed the database"
    assert visited > 30


class FakeClock:
    def __init__(self) -> None:
        import time

        self.now = int(time.time())


def test_csrf_tokens_expire_and_api_activity_renews_them(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    clock = FakeClock()
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda _signer: clock.now
    )
    client = app.test_client()
    token = sign_in_with_csrf(client, "editor")
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 12 * 3600
    url = f"/api/passages/{world.passage_id}/note"

    def save(csrf: str, text: str):  # type: ignore[no-untyped-def]
        body = {"text": text, "version": None}
        return client.put(url, json=body, headers={"X-CSRFToken": csrf})

    clock.now += 11 * 3600
    working = client.get(f"/api/passages/{world.passage_id}")
    fresh = working.headers["X-CSRFToken"]
    clock.now += 2 * 3600  # 13 hours after the page was loaded, 2 after the last call
    assert save(token, "old token").status_code == 400
    assert save(fresh, "fresh token").status_code == 200
    # Token clients get no CSRF token: they need none.
    bearer = {"Authorization": f"Bearer {world.tokens['editor']}"}
    fresh_client = app.test_client()
    answer = fresh_client.get(f"/api/passages/{world.passage_id}", headers=bearer)
    assert "X-CSRFToken" not in answer.headers
