"""Administer accounts: roles, deactivation (never deletion) and passwords."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from annotator.models import ROLES, User
from annotator.services.events import record_event
from annotator.services.tokens import revoke_all_tokens
from annotator.services.users import UserError, create_user, end_sessions, set_password

# Easy to read aloud or type from a chat message: no 0/O or 1/l/I.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password(length: int = 14) -> str:
    """A random password for an invitation or a reset, shown to the admin once."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(User).where(User.role == "admin", User.active)
        )
        or 0
    )


def _keep_an_admin(session: Session, user: User, message: str) -> None:
    """Refuse a change that would leave the team without an active admin."""
    if user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise UserError(message, "role")


def invite_user(
    session: Session, username: str, role: str, display_name: str, actor_id: int | None
) -> tuple[User, str]:
    """Create an account with a temporary password; returns the user and that password."""
    password = temporary_password()
    user = create_user(
        session, username, password, role=role, display_name=display_name, actor_id=actor_id
    )
    user.password_is_temporary = True
    return user, password


def change_role(session: Session, user: User, role: str, actor_id: int | None) -> bool:
    """Give a user another role; returns whether it changed."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}", "role")
    if role == user.role:
        return False
    if role != "admin":
        _keep_an_admin(session, user, "the last active admin cannot lose the admin role")
    before = user.role
    user.role = role
    # A demoted user's open pages must not keep the old rights.
    end_sessions(user)
    record_event(
        session,
        actor_id=actor_id,
        action="user.role",
        entity="user",
        entity_id=user.id,
        before={"role": before},
        after={"role": role},
    )
    session.flush()
    return True


def set_active(session: Session, user: User, active: bool, actor_id: int | None) -> bool:
    """Deactivate or reactivate a user (their work stays); returns whether it changed."""
    if user.active == active:
        return False
    if not active:
        _keep_an_admin(session, user, "the last active admin cannot be deactivated")
    user.active = active
    end_sessions(user)  # signs a deactivated user out everywhere
    if not active:
        # Tokens do not come back with a reactivation: the user makes new ones.
        revoke_all_tokens(session, user.id, actor_id)
    record_event(
        session,
        actor_id=actor_id,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user.id,
        before={"active": not active},
        after={"active": active},
    )
    session.flush()
    return True


def reset_password(session: Session, user: User, actor_id: int | None) -> str:
    """Give a user a new temporary password and return it; their API tokens stop working.

    A reset is what an admin does when an account may be in the wrong hands, so whatever
    that hand made with it goes too.
    """
    password = temporary_password()
    set_password(session, user, password, actor_id)
    user.password_is_temporary = True
    revoke_all_tokens(session, user.id, actor_id)
    session.flush()
    return password


def change_own_password(
    session: Session, user: User, current: str, new: str, revoke_tokens: bool = False
) -> int:
    """A user changes their password after proving they know the current one.

    With `revoke_tokens`, every API token of theirs stops working too; returns how many.
    """
    if not check_password_hash(user.password_hash, current):
        raise UserError("the current password is wrong", "current")
    if new == current:
        raise UserError("the new password must differ from the current one", "new")
    set_password(session, user, new, user.id)
    user.password_is_temporary = False
    revoked = revoke_all_tokens(session, user.id, user.id) if revoke_tokens else 0
    session.flush()
    return revoked
