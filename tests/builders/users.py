"""Accounts for tests: one with the services' rules, or many with a cheap password hash."""

from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from annotator.models import User
from annotator.services.users import create_user

PASSWORD = "correct-horse-battery"
# One cheap hash of the test password: scrypt per user would make each test a second slower.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_user(session: Session, name: str, role: str = "editor") -> User:
    """A user made by the accounts service (its checks and event), with the test password."""
    return create_user(session, name, PASSWORD, role=role)


def make_users(
    session: Session, *names: str, role: str = "editor", **roles: str
) -> dict[str, User]:
    """Users by name: NAMES get ROLE, name=role pairs their own; the test password, cheaply."""
    wanted = {name: role for name in names} | roles
    users = {}
    for name, each in wanted.items():
        users[name] = User(username=name, display_name=name, password_hash=FAST_HASH, role=each)
        session.add(users[name])
    session.flush()
    return users
