"""Sign-in throttling per account and per address, kept in the database.

The failures live in a table rather than in process memory so that every gunicorn
worker (and every server behind the same database) counts the same attempts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.models import SignInFailure, utcnow


@dataclass(frozen=True)
class ThrottleLimits:
    """How many failures an account or an address may have within the window."""

    per_account: int = 10
    per_address: int = 50
    window: timedelta = timedelta(minutes=15)


def account_key(username: str) -> str:
    """The name as the throttle counts it: trimmed, lower-cased, bounded."""
    return username.strip().lower()[:64]


def seconds_to_wait(
    session: Session,
    username: str,
    address: str,
    limits: ThrottleLimits,
    now: datetime | None = None,
) -> int:
    """Seconds before this account may try again from this address; 0 means now."""
    now = now or utcnow()
    since = now - limits.window
    wait = 0.0
    for column, key, limit in (
        (SignInFailure.account, account_key(username), limits.per_account),
        (SignInFailure.address, address[:64], limits.per_address),
    ):
        recent = session.scalars(
            select(SignInFailure.at)
            .where(column == key, SignInFailure.at > since)
            .order_by(SignInFailure.at.desc())
            .limit(limit)
        ).all()
        if len(recent) >= limit:
            # Allowed again once the oldest of the last `limit` failures leaves the window.
            wait = max(wait, (recent[-1] + limits.window - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def record_failure(
    session: Session,
    username: str,
    address: str,
    limits: ThrottleLimits,
    now: datetime | None = None,
) -> None:
    """Count one failed sign-in and forget failures older than the window."""
    now = now or utcnow()
    session.add(SignInFailure(account=account_key(username), address=address[:64], at=now))
    session.execute(delete(SignInFailure).where(SignInFailure.at < now - limits.window))


def forget_failures(session: Session, username: str, address: str) -> None:
    """After a good sign-in, forget this account's failures from this address only."""
    session.execute(
        delete(SignInFailure).where(
            SignInFailure.account == account_key(username),
            SignInFailure.address == address[:64],
        )
    )
