"""Sign-in throttling per (account, client): a delay that grows, never a lock-out for others.

Failures are counted per account *and* client, so guesses from elsewhere slow down only the
guesser: a browser that signed in to the account before carries a device cookie and is its
own client (`device:<nonce>`), everyone else is counted by address (`address:<ip>`). The
first `free_failures` failures cost nothing; then each attempt waits `first_delay` after the
last failure, twice as long after each further one, up to `max_delay`. Names that belong to
no account share one count per address (`account` empty), which stops an address from
spraying guessed names.

An attempt is counted as a failure *before* the password is checked and forgotten when it
turns out right: the count is taken with a conditional UPDATE on the count that was read,
so of many parallel guesses exactly one wins each slot and the others are told to wait.
The rows live in the database, so every gunicorn worker counts the same attempts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.models import SignInThrottle, utcnow

UNKNOWN_ACCOUNTS = ""  # the `account` of the per-address count of names with no account
# A claim that keeps losing to parallel attempts gives up after this many tries and waits.
CLAIM_TRIES = 50
RACE_WAIT_SECONDS = 1


@dataclass(frozen=True)
class ThrottleLimits:
    """Free failures per (account, client) and per address on unknown names; the delays."""

    free_failures: int = 10
    unknown_per_address: int = 50
    window: timedelta = timedelta(minutes=15)
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=5)


@dataclass(frozen=True)
class ThrottleKey:
    """What one count is kept for: an account (or UNKNOWN_ACCOUNTS) and a client."""

    account: str
    client: str


def account_key(username: str) -> str:
    """The name as the throttle counts it: trimmed, lower-cased, bounded."""
    return username.strip().lower()[:64] or "?"


def address_client(address: str) -> str:
    """The client name of a browser known only by its address."""
    return f"address:{address[:64]}"


def device_client(nonce: str) -> str:
    """The client name of a browser that signed in to the account before."""
    return f"device:{nonce[:64]}"


def delay_after(failures: int, limits: ThrottleLimits, free: int | None = None) -> timedelta:
    """The wait after this many failures: none while free, then first_delay, doubling, capped."""
    excess = failures - (limits.free_failures if free is None else free)
    if excess < 0:
        return timedelta(0)
    return min(limits.first_delay * (1 << min(excess, 30)), limits.max_delay)


def claim_attempt(
    session: Session,
    key: ThrottleKey,
    limits: ThrottleLimits,
    now: datetime | None = None,
) -> int:
    """Count one attempt as a failure if it may be made now: 0, else seconds to wait.

    The caller commits before checking the password, so parallel workers see the count,
    and calls `forget` when the password was right.
    """
    now = now or utcnow()
    for _ in range(CLAIM_TRIES):
        wait = _claim_once(session, key, limits, now)
        if wait is not None:
            return wait
    return RACE_WAIT_SECONDS


def _claim_once(
    session: Session, key: ThrottleKey, limits: ThrottleLimits, now: datetime
) -> int | None:
    """One try at the count as read now; None when a parallel attempt changed it first."""
    free = limits.unknown_per_address if key.account == UNKNOWN_ACCOUNTS else None
    row = session.execute(
        select(SignInThrottle.id, SignInThrottle.failures, SignInThrottle.last_at).where(
            SignInThrottle.account == key.account, SignInThrottle.client == key.client
        )
    ).one_or_none()
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    SignInThrottle(account=key.account, client=key.client, failures=1, last_at=now)
                )
        except IntegrityError:
            return None  # a parallel attempt made the row first: read it and try again
        return 0
    recent = row.failures if row.last_at > now - limits.window else 0
    delay = delay_after(recent, limits, free)
    if delay and row.last_at + delay > now:
        waited: timedelta = row.last_at + delay - now
        return max(1, math.ceil(waited.total_seconds()))
    failures = recent + 1
    # Conditional on the count we read (the save path's `WHERE version = :seen`): of
    # parallel attempts that read the same count, one updates it and the others read again.
    claimed = session.connection().execute(
        update(SignInThrottle)
        .where(
            SignInThrottle.id == row.id,
            SignInThrottle.failures == row.failures,
            SignInThrottle.last_at == row.last_at,
        )
        .values(failures=failures, last_at=now)
    )
    return 0 if claimed.rowcount == 1 else None


def forget(session: Session, key: ThrottleKey) -> None:
    """After a right password, forget this client's failures on this account only."""
    session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.account == key.account, SignInThrottle.client == key.client)
        .execution_options(synchronize_session=False)
    )


def prune(session: Session, limits: ThrottleLimits, now: datetime | None = None) -> None:
    """Delete counts whose last failure has left the window."""
    cutoff = (now or utcnow()) - limits.window - limits.max_delay
    session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.last_at < cutoff)
        .execution_options(synchronize_session=False)
    )
