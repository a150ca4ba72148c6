"""The cue-word lexicon: the shipped defaults plus the newsroom's CueWord rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import CueWord
from annotator.text.cues import DEFAULT_CUES

HINT = "_hint"


def cue_lexicon(session: Session) -> dict[str, list[str]]:
    """Words per label name ("_hint" for general hints), defaults first, without repeats."""
    lexicon: dict[str, list[str]] = {label: list(words) for label, words in DEFAULT_CUES.items()}
    rows = session.execute(select(CueWord.word, CueWord.label).order_by(CueWord.id))
    for word, label in rows:
        words = lexicon.setdefault(label or HINT, [])
        if word not in words:
            words.append(word)
    return lexicon
