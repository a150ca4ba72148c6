"""Failed sign-ins per account and client, kept in the database so every worker counts them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, utcnow


class SignInThrottle(Base):
    """Recent failed sign-ins of one account from one client, and when the last one was.

    `client` is `device:<nonce>` for a browser that signed in to this account before and
    `address:<ip>` otherwise; `account` is empty for the per-address count of unknown names.
    """

    __tablename__ = "sign_in_throttles"
    __table_args__ = (
        UniqueConstraint("account", "client"),  # named by the convention
        CheckConstraint("failures >= 0", name="failures_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-cased as typed, so unknown names are throttled like real ones.
    account: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(80))
    failures: Mapped[int] = mapped_column(default=0)
    # The next attempt waits services.throttling.delay_after(failures) after this.
    last_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
