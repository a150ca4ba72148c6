"""Applied labels: each editor's annotations, gold decisions and machine predictions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, utcnow

if TYPE_CHECKING:
    from annotator.models.vocabulary import Label


class Annotation(Base):
    """One editor's labels (or spans) for one label set on one passage."""

    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint(
            "passage_id", "user_id", "label_set_id", name="uq_annotations_passage_user_set"
        ),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label_set_id: Mapped[int] = mapped_column(ForeignKey("label_sets.id"))
    version: Mapped[int] = mapped_column(default=1)
    codebook_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    values: Mapped[list[AnnotationValue]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    spans: Mapped[list[Span]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Span.start"
    )


class AnnotationValue(Base):
    """A label chosen in an annotation (several for a multiple-choice set)."""

    __tablename__ = "annotation_values"

    annotation_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)


class Span(Base):
    """A character range of a passage, in code points relative to the passage text.

    A holder span may carry its own stance (a label of the stance set); an evidence span
    may name the holder span of the same annotation it supports (`services.holder_links`
    holds the rule, the label writer enforces it). Deleting a holder unlinks its evidence.
    """

    __tablename__ = "spans"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        CheckConstraint("holder_span_id IS NULL OR holder_span_id <> id", name="holder_not_self"),
        UniqueConstraint(
            "annotation_id", "label_id", "start", "end", name="uq_spans_annotation_label_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    start: Mapped[int]
    end: Mapped[int]
    stance_label_id: Mapped[int | None] = mapped_column(ForeignKey("labels.id"))
    holder_span_id: Mapped[int | None] = mapped_column(ForeignKey("spans.id", ondelete="SET NULL"))

    # The stance's name for the API and events; loaded only for spans that have one.
    stance_label: Mapped[Label | None] = relationship(
        foreign_keys=[stance_label_id], lazy="selectin"
    )


class Note(Base):
    """An editor's free-text note on a passage."""

    __tablename__ = "notes"
    __table_args__ = (
        UniqueConstraint("passage_id", "user_id", name="uq_notes_passage_user"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class GoldAnnotation(Base):
    """A reviewer's settled decision for one label set on one passage."""

    __tablename__ = "gold_annotations"
    __table_args__ = (
        UniqueConstraint("passage_id", "label_set_id", name="uq_gold_annotations_passage_set"),
        CheckConstraint("state IN ('settled', 'reopened')", name="state_known"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    label_set_id: Mapped[int] = mapped_column(ForeignKey("label_sets.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="settled")
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    values: Mapped[list[GoldValue]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    spans: Mapped[list[GoldSpan]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GoldSpan.start"
    )


class GoldValue(Base):
    """A label in a gold decision."""

    __tablename__ = "gold_values"

    gold_id: Mapped[int] = mapped_column(
        ForeignKey("gold_annotations.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)


class GoldSpan(Base):
    """A span in a gold decision, relative to the passage text (stance and link as in Span)."""

    __tablename__ = "gold_spans"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        CheckConstraint("holder_span_id IS NULL OR holder_span_id <> id", name="holder_not_self"),
        UniqueConstraint("gold_id", "label_id", "start", "end", name="uq_gold_spans_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gold_id: Mapped[int] = mapped_column(ForeignKey("gold_annotations.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    start: Mapped[int]
    end: Mapped[int]
    stance_label_id: Mapped[int | None] = mapped_column(ForeignKey("labels.id"))
    holder_span_id: Mapped[int | None] = mapped_column(
        ForeignKey("gold_spans.id", ondelete="SET NULL")
    )

    stance_label: Mapped[Label | None] = relationship(
        foreign_keys=[stance_label_id], lazy="selectin"
    )


class Prediction(Base):
    """A machine suggestion (cue, model or name finder), never a person's label."""

    __tablename__ = "predictions"
    __table_args__ = (
        CheckConstraint("source IN ('cue', 'model', 'names')", name="source_known"),
        CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end")',
            name="offsets_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    source: Mapped[str] = mapped_column(String(8))
    model_version: Mapped[str] = mapped_column(String(128))
    confidence: Mapped[float | None] = mapped_column(Float)
    start: Mapped[int | None]
    end: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
