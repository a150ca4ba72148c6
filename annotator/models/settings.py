"""Team settings, the next-passage queue's claims, and the newsroom's word lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, utcnow


class Setting(Base):
    """A team-wide setting (e.g. annotators_per_passage, blind_mode)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Claim(Base):
    """A passage handed to an editor by the queue, held until it expires."""

    __tablename__ = "claims"

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    expires_at: Mapped[datetime]


class DictionaryWord(Base):
    """A term of the newsroom's jieba user dictionary."""

    __tablename__ = "dictionary_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100), unique=True)
    freq: Mapped[int | None]
    tag: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CueWord(Base):
    """A word that hints at a label (label None: a general hint)."""

    __tablename__ = "cue_words"
    __table_args__ = (UniqueConstraint("word", "label", name="uq_cue_words_word_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(64))


class HolderAlias(Base):
    """Maps a way of naming a stance holder to one canonical name."""

    __tablename__ = "holder_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    canonical: Mapped[str] = mapped_column(String(200))
