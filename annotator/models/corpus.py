"""Articles and the passages they are split into."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.models.base import Base, utcnow

PASSAGE_KINDS = ("body", "boilerplate")


class Article(Base):
    """One imported article; its text is the normalised text every offset refers to."""

    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint("length(content_hash) = 64", name="content_hash_sha256"),
        CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('day', 'month', 'year')",
            name="published_precision_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[date | None]
    published_precision: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(String(2000))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(500))
    encoding: Mapped[str | None] = mapped_column(String(32))
    segmenter_version: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    passages: Mapped[list[Passage]] = relationship(
        back_populates="article", order_by="Passage.index", cascade="all, delete-orphan"
    )

    @property
    def uid(self) -> str:
        """A stable id that survives re-import of the same content."""
        return self.content_hash[:16]


class Passage(Base):
    """A slice of an article's text: article.text[start:end] == text."""

    __tablename__ = "passages"
    __table_args__ = (
        UniqueConstraint("article_id", "index", name="uq_passages_article_index"),
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        CheckConstraint("kind IN ('body', 'boilerplate')", name="kind_known"),
        CheckConstraint(
            'duplicate_of IS NULL OR (duplicate_of >= 0 AND duplicate_of < "index")',
            name="duplicate_of_earlier",
        ),
        Index("ix_passages_kind_article", "kind", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    index: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), default="body")
    kind_reason: Mapped[str | None] = mapped_column(String(64))
    # Index (within the same article) of the first passage with the same text.
    duplicate_of: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)
    # The passage's jieba tokens joined by spaces: what the search index holds.
    search_text: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="passages")


class PassageLink(Base):
    """Two passages whose text repeats, exactly or nearly, across articles."""

    __tablename__ = "passage_links"
    __table_args__ = (CheckConstraint("passage_id <> other_id", name="not_self"),)

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    similarity: Mapped[float] = mapped_column(Float)


class ArticleEditor(Base):
    """Restricts an article to named editors; no rows means everyone may tag it."""

    __tablename__ = "article_editors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
