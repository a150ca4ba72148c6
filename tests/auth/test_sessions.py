"""Session cookies: HttpOnly, SameSite=Lax, Secure over HTTPS; a new session at sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from annotator import create_app
from tests.builders.users import PASSWORD
from tests.builders.world import World, csrf_token_from, sign_in_with_csrf


def _cookie_headers(response, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def test_sign_in_cookies_are_http_only_and_same_site_lax(app: Flask, world: World) -> None:
    client = app.test_client()
    client.get("/login")
    response = client.post(
        "/login", data={"username": "editor", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        (header,) = _cookie_headers(response, name)
        attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
        assert "httponly" in attributes, header
        assert "samesite=lax" in header.lower(), header
        assert "secure" not in attributes, header  # plain HTTP by default


def test_https_setting_marks_cookies_secure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_HTTPS", "1")
    monkeypatch.setenv("ANNOTATOR_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "k" * 8 + "0123456789abcdef" * 3)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/login")
    (header,) = _cookie_headers(response, "session")
    assert "; secure" in header.lower(), header
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_sign_in_starts_a_new_session(app: Flask, world: World) -> None:
    client = app.test_client()
    page = client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by whoever handed the victim this cookie"
    before = client.get_cookie("session")
    assert before is not None
    response = client.post(
        "/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": csrf_token_from(page.text)},
    )
    assert response.status_code == 302
    after = client.get_cookie("session")
    assert after is not None and after.value != before.value
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id", "").startswith(f"{world.users['editor']}:")
    # The cookie from before sign-in is still someone who is not signed in.
    stranger = app.test_client()
    stranger.set_cookie("session", before.value)
    assert stranger.get("/tokens").status_code == 302


def test_the_csrf_token_changes_at_sign_in(app: Flask, world: World) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    before = csrf_token_from(client.get("/login").text)
    after = sign_in_with_csrf(client, "editor")
    assert before != after


def test_sign_out_forgets_the_user(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "editor")
    assert client.get("/tokens").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/tokens").status_code == 302
