"""The one tokenizer the app uses: defaults plus the newsroom's dictionary words."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import DictionaryWord
from annotator.text.tokenize import Tokenizer, load_default_words

_lock = threading.Lock()
_cache: dict[tuple[tuple[str, int | None, str | None], ...], Tokenizer] = {}


def dictionary_words(session: Session) -> list[tuple[str, int | None, str | None]]:
    """The shipped dictionary followed by the words added in the app."""
    rows = session.execute(
        select(DictionaryWord.word, DictionaryWord.freq, DictionaryWord.tag).order_by(
            DictionaryWord.id
        )
    )
    return [*load_default_words(), *((w, f, t) for w, f, t in rows)]


def get_tokenizer(session: Session) -> Tokenizer:
    """A tokenizer for the current dictionary, built once per distinct dictionary."""
    key = tuple(dictionary_words(session))
    with _lock:
        tokenizer = _cache.get(key)
        if tokenizer is None:
            # Keep one: the dictionary changes rarely and each tokenizer holds a model.
            _cache.clear()
            tokenizer = _cache[key] = Tokenizer(key)
        return tokenizer
