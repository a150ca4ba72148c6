"""Usernames: a safe set of characters, and no two names that read the same."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from annotator.extensions import db
from annotator.models import User
from annotator.services.users import UserError, create_user
from tests.builders.world import World, sign_in_with_csrf


@pytest.mark.parametrize(
    "name",
    [
        "edit\u200bor",  # zero-width space
        "ed\u200ditor",  # zero-width joiner
        "\u202eeditor",  # right-to-left override
        "еditor",  # Cyrillic е
        "αdmin",  # Greek alpha
        "two words",
        "tab\tname",
        "semi;colon",
    ],
)
def test_names_outside_the_safe_set_are_refused(app: Flask, name: str) -> None:
    with pytest.raises(UserError) as refused:
        create_user(db.session, name, "password123")
    assert refused.value.field == "username"
    assert "letters a-z, digits, Chinese characters" in str(refused.value)


def test_names_are_nfkc_normalised_and_chinese_names_are_fine(app: Flask) -> None:
    assert create_user(db.session, "ｌｉ．ｗｅｉ", "password123").username == "li.wei"
    assert create_user(db.session, "张伟", "password123").username == "张伟"


@pytest.mark.parametrize("look_alike", ["EDITOR", "edit0r", "ed1tor", "editoг", "Ｅditor"])
def test_a_name_that_reads_like_an_existing_one_is_refused(
    app: Flask, world: World, look_alike: str
) -> None:
    with pytest.raises(UserError) as refused:
        create_user(db.session, look_alike, "password123")
    assert refused.value.field == "username"


def test_look_alikes_cannot_be_stored_even_past_the_service(app: Flask, world: World) -> None:
    db.session.add(User(username="edit0r", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_admin_page_says_which_name_it_looks_like(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    response = client.post("/admin/users", data={"username": "adm1n", "role": "editor"})
    assert response.status_code == 400
    assert "该用户名与已有用户 admin 看起来相同" in response.text
    response = client.post("/admin/users", data={"username": "bad\u200bname", "role": "editor"})
    assert response.status_code == 400
    assert "用户名只能包含字母 a-z、数字、汉字和 . _ -" in response.text


def test_sign_in_takes_the_full_width_spelling_of_a_name(app: Flask, world: World) -> None:
    client = app.test_client()
    response = client.post(
        "/login", data={"username": "ｅｄｉｔｏｒ", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
