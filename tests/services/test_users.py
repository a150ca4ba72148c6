"""Users: creation rules, password hashing, authentication."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, User
from annotator.services.users import UserError, authenticate, create_user, set_password


def test_passwords_are_hashed_with_scrypt_and_checked(app):
    user = create_user(db.session, "alice", "long-enough-password", role="reviewer")
    assert user.password_hash.startswith("scrypt:")
    assert "long-enough-password" not in user.password_hash
    assert authenticate(db.session, "alice", "long-enough-password") is user
    assert authenticate(db.session, "alice", "wrong-password") is None
    assert authenticate(db.session, "nobody", "long-enough-password") is None


@pytest.mark.parametrize(
    "name, password, role, field",
    [
        ("", "password123", "editor", "username"),
        ("bob", "short", "editor", "password"),
        ("bob", "password123", "owner", "role"),
    ],
)
def test_bad_user_fields_are_named(app, name, password, role, field):
    with pytest.raises(UserError) as err:
        create_user(db.session, name, password, role=role)
    assert err.value.field == field


def test_duplicate_names_are_refused_case_insensitively(app):
    create_user(db.session, "Alice", "password123")
    with pytest.raises(UserError, match="already exists"):
        create_user(db.session, "alice", "password123")


def test_password_change_ends_other_sessions_and_is_logged(app):
    user = create_user(db.session, "carol", "password123")
    old_id = user.get_id()
    set_password(db.session, user, "another-password", actor_id=user.id)
    assert user.get_id() != old_id
    assert authenticate(db.session, "carol", "another-password") is user
    actions = db.session.scalars(select(Event.action).where(Event.entity == "user")).all()
    assert actions == ["user.create", "user.password"]


def test_deactivated_users_cannot_sign_in(app):
    user = create_user(db.session, "dave", "password123")
    user.active = False
    assert authenticate(db.session, "dave", "password123") is None
    assert db.session.scalar(select(User).where(User.username == "dave")) is user


def test_create_user_command_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["create-user", "erin", "--role", "admin", "--password-stdin"], input="password123\n"
    )
    assert result.exit_code == 0, result.output
    assert authenticate(db.session, "erin", "password123").role == "admin"
    result = runner.invoke(args=["create-user", "erin", "--password-stdin"], input="password123\n")
    assert result.exit_code == 1 and "already exists" in result.output
