"""Split normalised article text into passages that an editor can label one at a time.

Every non-blank line is a paragraph, and a paragraph that fits in `target`
code points is one passage.  A longer paragraph is cut into atoms and the
atoms are packed greedily back into passages of at most `target`:

1. sentences: after 。！？；…, half-width !?; (not inside a URL or word) and a
   Latin full stop before whitespace, together with closing quotes/brackets;
2. pauses, only inside a sentence longer than `target`: whitespace with
   Chinese or punctuation on both sides.  Transcripts (seed 004) separate
   spoken sentences only this way, while Latin names ("Yann LeCun") and
   numbers ("Sun 4") keep their spaces;
3. clauses, only inside a piece still longer than `hard_max`: after ，,、 and
   at any whitespace, packed so a passage reaches a comfortable length
   (up to `target`) before it is cut;
4. a hard cut at `hard_max` when nothing else is left, moved so it never
   separates a surrogate pair, a base from its combining mark, or a ZWJ
   sequence.

An atom between `target` and `hard_max` is kept whole: a long sentence reads
better whole than cut at a comma.  Offsets are code points into the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Piece", "split_passages"]

_CLOSERS = "”’」』）》】\"')"
# Half-width !?; inside URLs and code ("?ref=", "&amp;") are not sentence ends.
_SENTENCE_END = re.compile(
    r"(?:[。｡！？；…]|[!?;](?![0-9A-Za-z_=&%/#+\-])|\.(?=\s|$))"
    r"[。｡！？；!?;…]*"
    rf"[{re.escape(_CLOSERS)}]*"
)
_WHITESPACE = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[，,、]+|\s+")
_ZWJ = "\u200d"


@dataclass(frozen=True)
class Piece:
    """A passage: `text == article[start:end]`, trimmed and never empty."""

    start: int
    end: int
    text: str


def split_passages(text: str, target: int = 300, hard_max: int = 500) -> list[Piece]:
    """Split normalised text into ordered, trimmed passages of about `target` code points."""
    if target < 1 or hard_max < target:
        raise ValueError(f"need 1 <= target <= hard_max, got {target=} {hard_max=}")
    pieces: list[Piece] = []
    for start, end in _paragraphs(text):
        if end - start <= target:
            spans: Iterable[tuple[int, int]] = [(start, end)]
        else:
            spans = _pack(_atoms(text, start, end, target, hard_max), target)
        pieces.extend(Piece(s, e, text[s:e]) for s, e in spans)
    return pieces


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        start, end = _trim(text, pos, pos + len(line))
        if start < end:
            yield start, end
        pos += len(line) + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    # str.isspace covers ASCII whitespace, U+3000 and NBSP alike, the same test as str.strip.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _atoms(text: str, start: int, end: int, target: int, hard_max: int) -> list[tuple[int, int]]:
    atoms: list[tuple[int, int]] = []
    for s1, e1 in _split_at(text, start, end, _sentence_cuts(text, start, end)):
        if e1 - s1 <= target:
            atoms.append((s1, e1))
            continue
        for s2, e2 in _split_at(text, s1, e1, _pause_cuts(text, s1, e1)):
            if e2 - s2 <= hard_max:
                atoms.append((s2, e2))
                continue
            for s3, e3 in _split_at(text, s2, e2, _clause_cuts(text, s2, e2)):
                atoms.extend(_hard_cuts(text, s3, e3, hard_max))
    return _glue_bare_punctuation(text, atoms, hard_max)


def _glue_bare_punctuation(
    text: str, atoms: list[tuple[int, int]], hard_max: int
) -> list[tuple[int, int]]:
    """Attach atoms without a letter or digit (a transcript's lone '—') to their neighbour."""
    glued: list[tuple[int, int]] = []
    for start, end in atoms:
        bare = _is_bare(text, (start, end)) or (bool(glued) and _is_bare(text, glued[-1]))
        if glued and bare and end - glued[-1][0] <= hard_max:
            glued[-1] = (glued[-1][0], end)
        else:
            glued.append((start, end))
    return glued


def _is_bare(text: str, span: tuple[int, int]) -> bool:
    return not any(c.isalnum() for c in text[span[0] : span[1]])


def _pack(atoms: list[tuple[int, int]], target: int) -> list[tuple[int, int]]:
    """Join consecutive atoms while the joined span stays within `target`."""
    packed: list[tuple[int, int]] = []
    for start, end in atoms:
        if packed and end - packed[-1][0] <= target:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed


def _split_at(text: str, start: int, end: int, cuts: Iterable[int]) -> list[tuple[int, int]]:
    spans = []
    previous = start
    for cut in [*cuts, end]:
        s, e = _trim(text, previous, cut)
        if s < e:
            spans.append((s, e))
        previous = cut
    return spans


def _sentence_cuts(text: str, start: int, end: int) -> Iterator[int]:
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.end() < end and _can_cut(text, match.end()):
            yield match.end()


def _pause_cuts(text: str, start: int, end: int) -> Iterator[int]:
    for match in _WHITESPACE.finditer(text, start, end):
        if _is_pause_side(text[match.start() - 1]) and _is_pause_side(text[match.end()]):
            yield match.start()


def _clause_cuts(text: str, start: int, end: int) -> Iterator[int]:
    for match in _CLAUSE_END.finditer(text, start, end):
        cut = match.start() if match.group().isspace() else match.end()
        if cut < end and (match.group().isspace() or _can_cut(text, cut)):
            yield cut


def _hard_cuts(text: str, start: int, end: int, hard_max: int) -> Iterator[tuple[int, int]]:
    while end - start > hard_max:
        cut = _safe_cut(text, start, start + hard_max, end)
        s, e = _trim(text, start, cut)
        if s < e:
            yield s, e
        start, end = _trim(text, cut, end)
    if start < end:
        yield start, end


def _safe_cut(text: str, low: int, wanted: int, high: int) -> int:
    """The nearest cut at or before `wanted` that splits no character; else the next one after."""
    cut = wanted
    while cut > low and not _can_cut(text, cut):
        cut -= 1
    if cut > low:
        return cut
    cut = wanted + 1
    while cut < high and not _can_cut(text, cut):
        cut += 1
    return cut


def _can_cut(text: str, pos: int) -> bool:
    before, after = text[pos - 1], text[pos]
    if "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff":
        return False
    return before != _ZWJ and not _attaches_to_previous(after)


def _attaches_to_previous(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char).startswith("M")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tones
    )


def _is_pause_side(char: str) -> bool:
    return _is_cjk(char) or unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # ideograph extensions B onward
    )
