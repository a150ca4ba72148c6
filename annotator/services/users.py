"""Create users and check their passwords."""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from annotator.models import ROLES, User
from annotator.services.events import record_event

MIN_PASSWORD_LENGTH = 8


@cache
def dummy_password_hash() -> str:
    """A real hash of a random password: checking it costs the same as a real user's, so
    timing does not tell whether a username exists. Made at the first failed sign-in, not
    at import: scrypt takes a tenth of a second that every process start would pay."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class UserError(ValueError):
    """A user cannot be created or changed as asked."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def hash_password(password: str) -> str:
    """Hash with scrypt, a memory-hard KDF (tests may configure cheaper parameters)."""
    method = (
        current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
    )
    return generate_password_hash(password, method=str(method))


def check_password_strength(password: str) -> None:
    """Reject passwords that are too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters", "password")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str = "editor",
    display_name: str = "",
    actor_id: int | None = None,
) -> User:
    """Add a user after checking the name, role and password."""
    username = username.strip()
    if not username or len(username) > 64:
        raise UserError("username must have 1 to 64 characters", "username")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}", "role")
    check_password_strength(password)
    taken = session.scalar(
        select(func.count()).select_from(User).where(func.lower(User.username) == username.lower())
    )
    if taken:
        raise UserError(f"user {username!r} already exists", "username")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        actor_id=actor_id,
        action="user.create",
        entity="user",
        entity_id=user.id,
        after={"username": username, "role": role},
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(dummy_password_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def end_sessions(user: User) -> None:
    """Make every session and remember-me cookie issued to the user so far stop working.

    Both carry `id:session_version` (User.get_id), which the user loader compares.
    """
    user.session_version += 1


def set_password(session: Session, user: User, password: str, actor_id: int | None) -> None:
    """Change a password and end the user's other sessions."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    record_event(
        session, actor_id=actor_id, action="user.password", entity="user", entity_id=user.id
    )
