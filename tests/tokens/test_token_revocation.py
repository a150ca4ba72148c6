"""API tokens end with the account's trust: reset, deactivation, a password change on request."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ApiToken
from tests.builders.users import PASSWORD
from tests.builders.world import World, sign_in_with_csrf


def _works(app: Flask, token: str) -> bool:
    response = app.test_client().get("/api/articles", headers={"Authorization": f"Bearer {token}"})
    return response.status_code == 200


def _admin(app: Flask):  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    return client


def test_an_admin_reset_revokes_the_users_tokens(app: Flask, world: World) -> None:
    assert _works(app, world.tokens["editor"])
    _admin(app).post(f"/admin/users/{world.users['editor']}/password")
    assert not _works(app, world.tokens["editor"])
    assert _works(app, world.tokens["editor2"])


def test_tokens_do_not_come_back_with_a_reactivation(app: Flask, world: World) -> None:
    admin = _admin(app)
    url = f"/admin/users/{world.users['editor']}/active"
    assert admin.post(url, data={"active": "0"}).status_code == 302
    assert admin.post(url, data={"active": "1"}).status_code == 302
    assert not _works(app, world.tokens["editor"])


def test_a_password_change_revokes_tokens_when_asked(app: Flask, world: World) -> None:
    def change(username: str, new: str, revoke: bool) -> None:
        client = app.test_client()
        sign_in_with_csrf(client, username)
        data = {"current": PASSWORD, "new": new, "confirm": new}
        if revoke:
            data["revoke_tokens"] = "y"
        assert client.post("/account", data=data).status_code == 302

    change("editor", "another-password-1", revoke=False)
    assert _works(app, world.tokens["editor"])
    change("editor2", "another-password-2", revoke=True)
    assert not _works(app, world.tokens["editor2"])


def test_admins_see_and_revoke_another_users_tokens(app: Flask, world: World) -> None:
    admin = _admin(app)
    user_id = world.users["editor"]
    row = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)).one()
    page = admin.get(f"/admin/users/{user_id}/tokens")
    assert page.status_code == 200
    assert row.prefix in page.text
    revoked = admin.post(f"/admin/users/{user_id}/tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    assert not _works(app, world.tokens["editor"])
    # Another user's token id under this user is not found.
    other = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == world.users["editor2"])
    ).one()
    assert admin.post(f"/admin/users/{user_id}/tokens/{other.id}/revoke").status_code == 404
    assert admin.post(f"/admin/users/{world.users['editor2']}/tokens/revoke").status_code == 302
    assert not _works(app, world.tokens["editor2"])


def test_only_admins_see_the_token_list(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "reviewer")
    assert client.get(f"/admin/users/{world.users['editor']}/tokens").status_code == 403
