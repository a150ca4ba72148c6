"""Personal API tokens: made once, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import ApiToken, User, utcnow
from annotator.services.events import record_event

TOKEN_PREFIX = "ann_"  # noqa: S105 - a public marker, not a secret
SHOWN_PREFIX_LENGTH = 12
MAX_NAME_LENGTH = 128
# Recording every use would turn each API read into a write; a coarse time is enough.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TokenError(ValueError):
    """A token cannot be made or revoked as asked."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def hash_token(token: str) -> str:
    """SHA-256 of the token: it has 256 random bits, so a slow hash adds nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, user: User, name: str = "", actor_id: int | None = None
) -> tuple[ApiToken, str]:
    """Add a token for the user; return the row and the token text, which is never stored."""
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"the name may have at most {MAX_NAME_LENGTH} characters", "name")
    if not user.active:
        raise TokenError(f"user {user.username} is deactivated", "user")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(token),
        prefix=token[:SHOWN_PREFIX_LENGTH],
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor_id=actor_id,
        action="token.create",
        entity="token",
        entity_id=row.id,
        after={"user": user.username, "name": name, "prefix": row.prefix},
    )
    return row, token


def revoke_token(session: Session, row: ApiToken, actor_id: int | None) -> None:
    """Stop a token from working; the row stays for the record."""
    if row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    record_event(
        session,
        actor_id=actor_id,
        action="token.revoke",
        entity="token",
        entity_id=row.id,
        before={"prefix": row.prefix, "revoked": False},
        after={"revoked": True},
    )


def revoke_all_tokens(session: Session, user_id: int, actor_id: int | None) -> int:
    """Revoke every live token of a user (each one logged); returns how many."""
    live = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    for row in live:
        revoke_token(session, row, actor_id)
    return len(live)


def user_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first."""
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
        )
    )


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a live token belongs to, noting when it was last used."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
    return user
