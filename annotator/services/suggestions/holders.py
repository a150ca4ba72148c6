"""Stance-holder suggestions: names in the passage, normalised through the alias list."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import HolderAlias
from annotator.services.suggestions.types import HolderSuggestion
from annotator.text.tokenize import Token, Tokenizer

_ACRONYM = re.compile(r"[A-Z]{1,4}s?")  # AI, CNN, NLP, GANs: things, rarely stance holders


def alias_map(session: Session) -> dict[str, str]:
    """Alias (case-folded) -> canonical name."""
    rows = session.execute(select(HolderAlias.alias, HolderAlias.canonical))
    return {alias.casefold(): canonical for alias, canonical in rows}


def _alias_pattern(aliases: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first so "Yann LeCun" wins over "LeCun"; Latin aliases only as whole words.
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        body = re.escape(alias)
        if alias[:1].isascii() and alias[:1].isalnum():
            body = r"(?<![A-Za-z0-9])" + body
        if alias[-1:].isascii() and alias[-1:].isalnum():
            body += r"(?![A-Za-z0-9])"
        parts.append(body)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _plausible(token: Token, aliases: dict[str, str]) -> bool:
    word = token.word.strip()
    if word.casefold() in aliases:
        return True
    if any(ch.isdigit() for ch in word) or _ACRONYM.fullmatch(word):
        return False  # GPT-2, v3, CNN: models and terms
    return len(word) >= 2


def holder_suggestions(
    tokenizer: Tokenizer, text: str, aliases: dict[str, str]
) -> list[HolderSuggestion]:
    """Person and organisation names, plus every alias the text uses, without overlaps."""
    spans: list[tuple[int, int]] = [
        (t.start, t.end) for t in tokenizer.names(text) if _plausible(t, aliases)
    ]
    pattern = _alias_pattern(aliases)  # keys are case-folded; the pattern ignores case
    if pattern is not None:
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
    return [
        HolderSuggestion(start, end, text[start:end], aliases.get(text[start:end].casefold()))
        for start, end in sorted(chosen)
    ]
