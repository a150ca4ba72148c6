"""Article-scope labels: each editor's judgement of a whole article (e.g. its overall stance)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, utcnow


class ArticleAnnotation(Base):
    """One editor's labels for one article-scope label set on one article."""

    __tablename__ = "article_annotations"
    __table_args__ = (
        UniqueConstraint(
            "article_id", "user_id", "label_set_id", name="uq_article_annotations_article_user_set"
        ),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label_set_id: Mapped[int] = mapped_column(ForeignKey("label_sets.id"))
    version: Mapped[int] = mapped_column(default=1)
    codebook_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    values: Mapped[list[ArticleAnnotationValue]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class ArticleAnnotationValue(Base):
    """A label chosen in an article annotation (several for a multiple-choice set)."""

    __tablename__ = "article_annotation_values"

    article_annotation_id: Mapped[int] = mapped_column(
        ForeignKey("article_annotations.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
