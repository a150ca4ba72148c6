"""Mark query matches in a passage: escape the text first, then add <mark> (pure)."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

from annotator.services.search.terms import Term, to_simplified

SNIPPET_CHARS = 160
_ASCII_WORD = re.compile(r"[a-z0-9]")


def fold(text: str) -> str:
    """Fold like the index (NFKC, lower case, Simplified) while keeping every offset."""
    chars = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        chars.append(folded if len(folded) == 1 else ch)
    return to_simplified("".join(chars))


def _pattern(parts: tuple[str, ...]) -> re.Pattern[str]:
    """Parts in order with anything but letters/digits between; Latin words whole."""
    body = r"[\W_]*".join(re.escape(part) for part in parts)
    if _ASCII_WORD.match(parts[0][0]):
        body = r"(?<![a-z0-9])" + body
    if _ASCII_WORD.match(parts[-1][-1]):
        body += r"(?![a-z0-9])"
    return re.compile(body)


def match_ranges(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Merged, sorted (start, end) ranges of the text that match a term."""
    folded = fold(text)
    ranges = sorted(
        (m.start(), m.end())
        for term in terms
        for phrase in term.phrases
        for m in _pattern(phrase).finditer(folded)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[Term], *, snippet: int | None = SNIPPET_CHARS) -> Markup:
    """HTML of the passage (or a window around its first match) with matches in <mark>."""
    ranges = match_ranges(text, terms)
    start, end = 0, len(text)
    if snippet is not None and len(text) > snippet:
        first = ranges[0][0] if ranges else 0
        start = max(0, min(first - snippet // 3, len(text) - snippet))
        end = start + snippet
    pieces: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for a, b in ranges:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        pieces.append(str(escape(text[cursor:a])))
        pieces.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    pieces.append(str(escape(text[cursor:end])))
    pieces.append("…" if end < len(text) else "")
    return Markup("".join(pieces))  # noqa: S704 - every piece of passage text is escaped above
