"""The newsroom's word lists: dictionary words, cue words and holder aliases (with events)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import CueWord, DictionaryWord, HolderAlias, Label
from annotator.services.events import record_event
from annotator.text.tokenize import load_default_words

MAX_WORD = 100
MAX_NAME = 200
_TAG = re.compile(r"[A-Za-z]{1,16}")
_BAD_SPACE = re.compile(r"[\t\n\r\v\f\u2028\u2029]|\s{2,}")


class WordListError(ValueError):
    """A word list cannot be changed as asked; `field` names the input at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DictionaryEntry:
    word: str
    freq: int | None
    tag: str | None
    shipped: bool
    id: int | None = None


def _clean(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise WordListError(f"{field} must not be empty", field)
    if len(value) > limit:
        raise WordListError(f"{field} must have at most {limit} characters", field)
    if _BAD_SPACE.search(value):
        raise WordListError(
            f"{field} may contain single spaces only, no tabs or line breaks", field
        )
    return value


Row = TypeVar("Row", DictionaryWord, HolderAlias, CueWord)


def _add_logged(
    session: Session,
    row: Row,
    actor_id: int | None,
    action: str,
    entity: str,
    after: dict[str, Any],
) -> Row:
    """Add a word-list row and log its addition."""
    session.add(row)
    session.flush()
    record_event(
        session, actor_id=actor_id, action=action, entity=entity, entity_id=row.id, after=after
    )
    return row


def _remove_logged(
    session: Session,
    row: Row,
    actor_id: int | None,
    action: str,
    entity: str,
    before: dict[str, Any],
) -> None:
    """Log a word-list row's removal, then remove it."""
    record_event(
        session, actor_id=actor_id, action=action, entity=entity, entity_id=row.id, before=before
    )
    session.delete(row)
    session.flush()


def list_dictionary(session: Session) -> list[DictionaryEntry]:
    """The shipped dictionary (read-only) followed by the words added in the app."""
    shipped = [DictionaryEntry(w, f, t, shipped=True) for w, f, t in load_default_words()]
    added = [
        DictionaryEntry(row.word, row.freq, row.tag, shipped=False, id=row.id)
        for row in session.scalars(select(DictionaryWord).order_by(DictionaryWord.id))
    ]
    return shipped + added


def add_dictionary_word(
    session: Session,
    word: str,
    freq: int | None = None,
    tag: str | None = None,
    *,
    actor_id: int | None = None,
) -> DictionaryWord:
    """Add a word to the newsroom dictionary; the search index then needs re-indexing."""
    word = _clean(word, "word", MAX_WORD)
    if freq is not None and not 1 <= freq <= 10**9:
        raise WordListError("freq must be a whole number from 1 to 1000000000", "freq")
    tag = (tag or "").strip() or None
    if tag is not None and not _TAG.fullmatch(tag):
        raise WordListError("tag must be 1 to 16 Latin letters, e.g. n, nr, nz", "tag")
    if session.scalar(select(DictionaryWord.id).where(DictionaryWord.word == word)):
        raise WordListError(f"{word!r} is already in the dictionary", "word")
    row = DictionaryWord(word=word, freq=freq, tag=tag)
    return _add_logged(
        session,
        row,
        actor_id,
        "dictionary.add",
        "dictionary_word",
        {"word": word, "freq": freq, "tag": tag},
    )


def remove_dictionary_word(session: Session, word: str, *, actor_id: int | None = None) -> None:
    """Remove a word added in the app (shipped words stay: change dictionary.txt instead)."""
    row = session.scalar(select(DictionaryWord).where(DictionaryWord.word == word.strip()))
    if row is None:
        shipped = any(w == word.strip() for w, _, _ in load_default_words())
        reason = (
            "is shipped with the app and cannot be removed here"
            if shipped
            else "is not in the dictionary"
        )
        raise WordListError(f"{word.strip()!r} {reason}", "word")
    _remove_logged(
        session,
        row,
        actor_id,
        "dictionary.remove",
        "dictionary_word",
        {"word": row.word, "freq": row.freq, "tag": row.tag},
    )


def list_aliases(session: Session) -> list[HolderAlias]:
    """Every alias, grouped by canonical name."""
    return list(
        session.scalars(select(HolderAlias).order_by(HolderAlias.canonical, HolderAlias.alias))
    )


def add_alias(
    session: Session, alias: str, canonical: str, *, actor_id: int | None = None
) -> HolderAlias:
    """Map a way of naming a stance holder to its canonical name (one alias, one name)."""
    alias = _clean(alias, "alias", MAX_NAME)
    canonical = _clean(canonical, "canonical", MAX_NAME)
    taken = session.scalar(
        select(HolderAlias).where(func.lower(HolderAlias.alias) == alias.lower())
    )
    if taken is not None:
        raise WordListError(
            f"{alias!r} already means {taken.canonical!r}; remove it first", "alias"
        )
    row = HolderAlias(alias=alias, canonical=canonical)
    return _add_logged(
        session,
        row,
        actor_id,
        "alias.add",
        "holder_alias",
        {"alias": alias, "canonical": canonical},
    )


def remove_alias(session: Session, alias: str, *, actor_id: int | None = None) -> None:
    """Forget an alias."""
    row = session.scalar(select(HolderAlias).where(HolderAlias.alias == alias.strip()))
    if row is None:
        raise WordListError(f"{alias.strip()!r} is not an alias", "alias")
    _remove_logged(
        session,
        row,
        actor_id,
        "alias.remove",
        "holder_alias",
        {"alias": row.alias, "canonical": row.canonical},
    )


def list_cue_words(session: Session) -> list[CueWord]:
    """The cue words added in the app (the shipped ones live in annotator.text.cues)."""
    return list(session.scalars(select(CueWord).order_by(CueWord.label, CueWord.word)))


def add_cue_word(
    session: Session, word: str, label: str | None, *, actor_id: int | None = None
) -> CueWord:
    """Add a word that hints at a label (no label: a general hint worth a look)."""
    word = _clean(word, "word", MAX_WORD)
    label = (label or "").strip() or None
    if label is not None and not session.scalar(select(Label.id).where(Label.name == label)):
        raise WordListError(f"unknown label {label!r}", "label")
    exists = select(CueWord.id).where(CueWord.word == word)
    exists = exists.where(CueWord.label.is_(None) if label is None else CueWord.label == label)
    if session.scalar(exists):
        raise WordListError(f"{word!r} is already a cue for {label or 'hints'}", "word")
    row = CueWord(word=word, label=label)
    return _add_logged(
        session, row, actor_id, "cue.add", "cue_word", {"word": word, "label": label}
    )


def remove_cue_word(session: Session, cue_id: int, *, actor_id: int | None = None) -> None:
    """Remove a cue word added in the app."""
    row = session.get(CueWord, cue_id) if 0 < cue_id < 2**31 else None
    if row is None:
        raise WordListError("no such cue word", "id")
    _remove_logged(
        session, row, actor_id, "cue.remove", "cue_word", {"word": row.word, "label": row.label}
    )
