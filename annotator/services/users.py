"""Create users and check their passwords."""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from annotator.models import ROLES, User
from annotator.services.events import record_event
from annotator.services.usernames import UsernameError, normalise_username, username_key

MIN_PASSWORD_LENGTH = 8


@cache
def dummy_password_hash() -> str:
    """A real hash of a random password: checking it costs the same as a real user's, so
    timing does not tell whether a username exists. Made at the first failed sign-in, not
    at import: scrypt takes a tenth of a second that every process start would pay."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class UserError(ValueError):
    """A user cannot be created or changed as asked.

    `template` and `params`, when given, are the message to translate and its values.
    """

    def __init__(
        self,
        message: str,
        field: str | None = None,
        template: str | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        if template is not None:
            self.template = template
            self.params = params or {}


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
    try:
        username = normalise_username(username)
    except UsernameError as exc:
        raise UserError(str(exc), "username") from exc
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}", "role")
    check_password_strength(password)
    key = username_key(username)
    taken = session.scalar(select(User.username).where(User.username_key == key))
    if taken is not None:
        template = "the username reads like the existing user %(name)s"
        if taken.casefold() == username.casefold():
            template = "the user %(name)s already exists"
        raise UserError(template % {"name": taken}, "username", template, {"name": taken})
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
    name = unicodedata.normalize("NFKC", username).strip()
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        check_password_hash(dummy_password_hash(), password)
        return None
    valid = check_password_hash(user.password_hash, password) and bool(user.active)
    return user if valid else None


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
