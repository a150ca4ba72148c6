"""The maintained label state of each passage: kept by the label writer, read by every list.

A passage has rows here once anyone labelled it or a reviewer settled it; a passage without
rows is unlabeled. The writer updates them in the transaction of the change they follow
(`annotator.services.passage_state`), and `annotator check` proves they equal a
recomputation from the raw annotations.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base

STATUS_CHECK = "status IN ('unlabeled', 'single', 'agreed', 'conflict', 'gold')"


class PassageState(Base):
    """A passage's overall status, its gold state and how many editors labelled it."""

    __tablename__ = "passage_states"
    __table_args__ = (
        CheckConstraint(STATUS_CHECK, name="status_known"),
        CheckConstraint("gold IN ('none', 'settled', 'reopened')", name="gold_known"),
        CheckConstraint("editors >= 0", name="editors_counted"),
        CheckConstraint("(gold = 'settled') = (status = 'gold')", name="gold_status_agrees"),
        Index("ix_passage_states_article_status", "article_id", "status"),
        Index("ix_passage_states_status", "status", "editors"),
    )

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    gold: Mapped[str] = mapped_column(String(16), default="none")
    editors: Mapped[int] = mapped_column(default=0)


class PassageSetState(Base):
    """How one choice set of a passage resolved: status and number of annotators."""

    __tablename__ = "passage_set_states"
    __table_args__ = (
        CheckConstraint(STATUS_CHECK, name="status_known"),
        CheckConstraint("annotators >= 0", name="annotators_counted"),
        Index("ix_passage_set_states_set_status", "label_set_id", "status"),
    )

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passage_states.passage_id", ondelete="CASCADE"), primary_key=True
    )
    label_set_id: Mapped[int] = mapped_column(ForeignKey("label_sets.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    annotators: Mapped[int] = mapped_column(default=0)


class PassageResolvedSpan(Base):
    """A span the passage resolves to (gold, one annotator's, or marked by every annotator).

    With the holder's own stance and an evidence span's holder (by the holder's offsets)
    where the resolution settles them (`services.resolution`).
    """

    __tablename__ = "passage_resolved_spans"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        CheckConstraint(
            "(holder_start IS NULL AND holder_end IS NULL)"
            " OR (0 <= holder_start AND holder_start < holder_end)",
            name="holder_offsets_ordered",
        ),
        Index("ix_passage_resolved_spans_label", "label_id", "passage_id"),
    )

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passage_states.passage_id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    start: Mapped[int] = mapped_column(primary_key=True)
    end: Mapped[int] = mapped_column(primary_key=True)
    stance_label_id: Mapped[int | None] = mapped_column(ForeignKey("labels.id"))
    holder_start: Mapped[int | None]
    holder_end: Mapped[int | None]


class PassageResolvedLabel(Base):
    """A label the passage resolves to: a resolved choice, or the label of a resolved span."""

    __tablename__ = "passage_resolved_labels"
    __table_args__ = (Index("ix_passage_resolved_labels_label", "label_id", "passage_id"),)

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passage_states.passage_id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
