"""Admin pages: invite, roles, deactivation, password reset, settings, article editors; /account."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ArticleEditor, Event, Setting, User
from annotator.services.settings import get_team_settings
from tests.builders.clients import sign_in
from tests.builders.team import Team
from tests.builders.users import PASSWORD


def _events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


def _admin(app: Flask):  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in(client, "ada")
    return client


def test_invite_shows_a_temporary_password_that_works_once_shown(app: Flask, team: Team):
    client = _admin(app)
    response = client.post(
        "/admin/users", data={"username": "dora", "role": "reviewer", "display_name": "Dora"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'<code class="secret">([^<]+)</code>', html).group(1)
    user = db.session.scalars(select(User).where(User.username == "dora")).one()
    assert user.role == "reviewer"
    assert [e.after for e in _events("user.create")][-1] == {"username": "dora", "role": "reviewer"}
    other = app.test_client()
    assert other.post("/login", data={"username": "dora", "password": password}).status_code == 302
    # The password is not kept anywhere the page could show it again.
    assert password not in client.get("/admin/users").get_data(as_text=True)


def test_invite_refuses_a_taken_name_with_a_message(app: Flask, team: Team):
    response = _admin(app).post("/admin/users", data={"username": "ALICE", "role": "editor"})
    assert response.status_code == 400
    assert "用户 alice 已存在" in response.get_data(as_text=True)


def test_role_change_is_logged_and_ends_the_users_sessions(app: Flask, team: Team):
    alice = app.test_client()
    sign_in(alice, "alice")
    assert alice.get("/dashboard").status_code == 403
    response = _admin(app).post(
        f"/admin/users/{team.users['alice'].id}/role", data={"role": "reviewer"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert team.users["alice"].role == "reviewer"
    assert _events("user.role")[-1].before == {"role": "editor"}
    # Old session is gone; signing in again gives the new rights.
    assert alice.get("/dashboard").status_code == 302
    sign_in(alice, "alice")
    assert alice.get("/dashboard").status_code == 200


def test_deactivated_users_cannot_sign_in_and_are_kept(app: Flask, team: Team):
    client = _admin(app)
    bob = team.users["bob"]
    assert client.post(f"/admin/users/{bob.id}/active", data={"active": "0"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, bob.id).active is False
    login = app.test_client().post("/login", data={"username": "bob", "password": PASSWORD})
    assert login.status_code == 401
    assert client.post(f"/admin/users/{bob.id}/active", data={"active": "1"}).status_code == 302
    assert [e.action for e in _events("user.deactivate") + _events("user.activate")] == [
        "user.deactivate",
        "user.activate",
    ]


def test_the_last_admin_cannot_be_demoted_or_deactivated(app: Flask, team: Team):
    client = _admin(app)
    ada = team.users["ada"]
    response = client.post(f"/admin/users/{ada.id}/role", data={"role": "editor"})
    # A refusal goes back to the users page (not left on the POST address), translated.
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    assert "最后一位启用中的管理员" in client.get("/admin/users").get_data(as_text=True)
    # Deactivating oneself asks first; confirmed, the last admin is still refused.
    response = client.post(f"/admin/users/{ada.id}/active", data={"active": "0"})
    assert response.headers["Location"] == f"/admin/users/{ada.id}/deactivate"
    response = client.post(f"/admin/users/{ada.id}/active", data={"active": "0", "confirmed": "1"})
    assert response.headers["Location"] == "/admin/users"
    db.session.expire_all()
    assert db.session.get(User, ada.id).role == "admin"


def test_password_reset_gives_a_new_password_and_logs_it(app: Flask, team: Team):
    response = _admin(app).post(f"/admin/users/{team.users['carol'].id}/password")
    password = re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True))
    assert password is not None
    client = app.test_client()
    assert (
        client.post("/login", data={"username": "carol", "password": PASSWORD}).status_code == 401
    )
    assert (
        client.post("/login", data={"username": "carol", "password": password.group(1)}).status_code
        == 302
    )
    assert _events("user.password")[-1].entity_id == str(team.users["carol"].id)


def test_users_change_their_own_password(app: Flask, team: Team):
    client = app.test_client()
    sign_in(client, "alice")
    wrong = client.post(
        "/account", data={"current": "nope", "new": "a-new-password", "confirm": "a-new-password"}
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    differ = client.post(
        "/account", data={"current": PASSWORD, "new": "a-new-password", "confirm": "another-one"}
    )
    assert differ.status_code == 400
    ok = client.post(
        "/account", data={"current": PASSWORD, "new": "a-new-password", "confirm": "a-new-password"}
    )
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200  # still signed in here
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "alice", "password": PASSWORD}).status_code == 401
    assert (
        fresh.post("/login", data={"username": "alice", "password": "a-new-password"}).status_code
        == 302
    )


def test_settings_are_stored_with_events(app: Flask, team: Team):
    assert get_team_settings(db.session).annotators_per_passage == 2
    assert get_team_settings(db.session).blind_mode is True
    client = _admin(app)
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'value="2"' in page
    assert client.post("/admin/settings", data={"annotators_per_passage": "3"}).status_code == 302
    db.session.expire_all()
    settings = get_team_settings(db.session)
    assert (settings.annotators_per_passage, settings.blind_mode) == (3, False)
    assert db.session.get(Setting, "blind_mode").value is False
    changes = {e.entity_id: (e.before, e.after) for e in _events("setting.update")}
    assert changes["annotators_per_passage"] == (None, {"annotators_per_passage": 3})
    assert changes["blind_mode"] == (None, {"blind_mode": False})
    bad = client.post("/admin/settings", data={"annotators_per_passage": "0", "blind_mode": "y"})
    assert bad.status_code == 400
    # Saving the same values again records nothing new.
    client.post("/admin/settings", data={"annotators_per_passage": "3"})
    assert len(_events("setting.update")) == 2


def test_admin_restricts_an_article_to_named_editors(app: Flask, team: Team):
    client = _admin(app)
    url = f"/admin/articles/{team.article.id}/editors"
    assert "alice" in client.get(url).get_data(as_text=True)
    ids = [team.users["alice"].id, team.users["bob"].id]
    assert client.post(url, data={"editors": [str(i) for i in ids]}).status_code == 302
    rows = db.session.scalars(select(ArticleEditor.user_id)).all()
    assert sorted(rows) == sorted(ids)
    page = client.get("/admin/articles").get_data(as_text=True)
    alice, bob = (f'<span class="person" title="{n}">{n}</span>' for n in ("alice", "bob"))
    assert f"{alice}、{bob}" in page
    # Nobody checked (the browser sends only the hidden fields): open to all.
    assert client.post(url, data={"sent": "1"}).status_code == 302
    assert db.session.scalars(select(ArticleEditor)).all() == []
    events = _events("article.editors")
    assert [e.after for e in events] == [{"editors": ["alice", "bob"]}, {"editors": []}]
    assert client.post(url, data={"editors": ["99999"]}).status_code == 400
