"""People who use the tool, and their API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from annotator.models.base import Base, utcnow
from annotator.services.usernames import username_key

ROLES = ("admin", "reviewer", "editor")


class User(UserMixin, Base):
    """An editor, reviewer or admin; deactivated, never deleted."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'reviewer', 'editor')", name="role_known"),
        CheckConstraint("length(username) > 0", name="username_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    # What the name reads as (services.usernames.username_key): look-alikes collide here.
    username_key: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="editor")
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    # Bumped on password change/deactivation so old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # Set by an invite, a reset or quickstart: the user must choose their own at sign-in.
    password_is_temporary: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The editor's tagging layout: compact passages; cue words underlined or not.
    compact_tagging: Mapped[bool] = mapped_column(default=False, server_default=false())
    cue_underlines: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("username")
    def _keep_username_key(self, _key: str, username: str) -> str:
        """Every write of the name writes what it reads as, for the unique key."""
        self.username_key = username_key(username)
        return username

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def can(self, role: str) -> bool:
        """Whether this user has at least the given role."""
        order = {"editor": 0, "reviewer": 1, "admin": 2}
        return order[self.role] >= order[role]


class ApiToken(Base):
    """A personal token for scripts; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
