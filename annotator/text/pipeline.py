"""Turn decoded article text into what the importer stores: canonical text, metadata, passages."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.text.chrome import BOILERPLATE, FURNITURE, Classification, Furniture, classify
from annotator.text.decode import DecodeError
from annotator.text.meta import ArticleMeta, extract_metadata
from annotator.text.normalise import normalise
from annotator.text.segment import Piece, split_passages

__all__ = [
    "SEGMENTER_VERSION",
    "PreparedArticle",
    "PreparedPassage",
    "passages_version",
    "prepare_article",
    "segment_article",
]

# Bump whenever split_passages or classify would give different passages for the same
# text and settings, so stored articles can be re-segmented. Articles record it with the
# settings that change the split (see passages_version).
SEGMENTER_VERSION = "passages-1"


def passages_version(target: int, hard_max: int) -> str:
    """What an article records about its passages: the splitter's version and its lengths.

    The same text split with another `target` or `hard_max` gives other passages, so two
    articles only share passage boundaries' meaning when this string is equal. Articles
    stored before the lengths were recorded say only "passages-1": they were split with
    the instance's PASSAGE_TARGET / PASSAGE_HARD_MAX of the day (300 / 500 unless changed).
    """
    return f"{SEGMENTER_VERSION}-t{target}-h{hard_max}"


@dataclass(frozen=True)
class PreparedPassage:
    """One passage with its code-point offsets into the article's normalised text."""

    index: int
    start: int
    end: int
    text: str
    kind: str
    duplicate_of: int | None
    reason: str | None


@dataclass(frozen=True)
class PreparedArticle:
    """Normalised text, its SHA-256, stated metadata and classified passages."""

    text: str
    content_hash: str
    meta: ArticleMeta
    passages: tuple[PreparedPassage, ...]


def prepare_article(
    text: str, *, target: int = 300, hard_max: int = 500, furniture: Sequence[Furniture] = ()
) -> PreparedArticle:
    """Normalise, split and classify one article; DecodeError("empty file") if it has no text.

    `furniture` marks spans of the (already normalised) text that the file's structure
    says are not the article; their passages are boilerplate with the span's reason, and
    the metadata is read from the rest.
    """
    normalised = normalise(text)
    if furniture and normalised != text:
        raise ValueError("furniture offsets need text that is already normalised")
    return segment_article(normalised, target=target, hard_max=hard_max, furniture=furniture)


def segment_article(
    text: str, *, target: int = 300, hard_max: int = 500, furniture: Sequence[Furniture] = ()
) -> PreparedArticle:
    """prepare_article() of text already in normal form (as every reader hands it on).

    The importer's path: its readers normalise each text once, as they decode it, so the
    text is not walked again here.
    """
    pieces = split_passages(text, target=target, hard_max=hard_max)
    if not pieces:
        raise DecodeError("empty file")
    classes = _with_furniture(pieces, classify([piece.text for piece in pieces]), furniture)
    passages = tuple(
        PreparedPassage(index, p.start, p.end, p.text, c.kind, c.duplicate_of, c.reason)
        for index, (p, c) in enumerate(zip(pieces, classes, strict=True))
    )
    # surrogatepass: identical to UTF-8 for real text, and never crashes on a lone surrogate.
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    meta = extract_metadata(_outside(text, furniture) if furniture else text)
    return PreparedArticle(text, content_hash, meta, passages)


def _with_furniture(
    pieces: Sequence[Piece], classes: list[Classification], furniture: Sequence[Furniture]
) -> list[Classification]:
    """Passages inside a furniture span become boilerplate: the span's reason, else the text's."""
    if not furniture:
        return classes
    spans = sorted(furniture, key=lambda f: f.start)
    starts = [f.start for f in spans]
    marked = []
    for piece, found in zip(pieces, classes, strict=True):
        at = bisect.bisect_right(starts, piece.start) - 1
        if at >= 0 and piece.start < spans[at].end:
            reason = spans[at].reason or found.reason or FURNITURE
            found = Classification(BOILERPLATE, found.duplicate_of, reason)
        marked.append(found)
    return marked


def _outside(text: str, furniture: Sequence[Furniture]) -> str:
    """The text with every furniture span left out, line structure kept."""
    kept = []
    position = 0
    for span in sorted(furniture, key=lambda f: f.start):
        kept.append(text[position : span.start])
        position = max(position, span.end)
    kept.append(text[position:])
    return "".join(kept)
