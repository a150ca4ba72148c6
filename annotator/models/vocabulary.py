"""The label schema (vocabulary): label sets, labels and codebook versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, utcnow

SET_KINDS = ("single", "multi", "span")


class LabelSet(Base):
    """A group of labels applied together: single choice, multiple choice or spans."""

    __tablename__ = "label_sets"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'multi', 'span')", name="kind_known"),
        CheckConstraint("scope IN ('passage', 'article')", name="scope_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    scope: Mapped[str] = mapped_column(String(8), default="passage")
    title_zh: Mapped[str] = mapped_column(String(128))
    title_en: Mapped[str] = mapped_column(String(128))
    definition: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]

    labels: Mapped[list[Label]] = relationship(
        back_populates="label_set", order_by="Label.position"
    )

    def title(self, locale: str) -> str:
        """The title in the given UI language."""
        return self.title_en if locale == "en" else self.title_zh

    @property
    def active_labels(self) -> list[Label]:
        return [label for label in self.labels if label.retired_at is None]


class Label(Base):
    """One value of a label set, with its codebook entry."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("label_set_id", "name", name="uq_labels_set_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label_set_id: Mapped[int] = mapped_column(ForeignKey("label_sets.id"))
    name: Mapped[str] = mapped_column(String(64))
    title_zh: Mapped[str] = mapped_column(String(128))
    title_en: Mapped[str] = mapped_column(String(128))
    definition: Mapped[str] = mapped_column(Text, default="")
    # [{"text": ..., "source": ..., "positive": bool, "note": ...}]
    examples: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    key: Mapped[str | None] = mapped_column(String(8))
    color: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]

    label_set: Mapped[LabelSet] = relationship(back_populates="labels")

    def title(self, locale: str) -> str:
        """The title in the given UI language."""
        return self.title_en if locale == "en" else self.title_zh


class CodebookVersion(Base):
    """A numbered snapshot of the label schema, made at every change."""

    __tablename__ = "codebook_versions"
    __table_args__ = (CheckConstraint("version > 0", name="version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
