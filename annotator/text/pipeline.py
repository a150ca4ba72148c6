"""Turn decoded article text into what the importer stores: canonical text, metadata, passages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from annotator.text.chrome import classify
from annotator.text.decode import DecodeError
from annotator.text.meta import ArticleMeta, extract_metadata
from annotator.text.normalise import normalise
from annotator.text.segment import split_passages

__all__ = ["SEGMENTER_VERSION", "PreparedArticle", "PreparedPassage", "prepare_article"]

# Stored with each article; bump whenever split_passages or classify would give
# different passages for the same text, so stored articles can be re-segmented.
SEGMENTER_VERSION = "passages-1"


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


def prepare_article(text: str, *, target: int = 300, hard_max: int = 500) -> PreparedArticle:
    """Normalise, split and classify one article; DecodeError("empty file") if it has no text."""
    text = normalise(text)
    pieces = split_passages(text, target=target, hard_max=hard_max)
    if not pieces:
        raise DecodeError("empty file")
    classes = classify([piece.text for piece in pieces])
    passages = tuple(
        PreparedPassage(index, p.start, p.end, p.text, c.kind, c.duplicate_of, c.reason)
        for index, (p, c) in enumerate(zip(pieces, classes, strict=True))
    )
    # surrogatepass: identical to UTF-8 for real text, and never crashes on a lone surrogate.
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return PreparedArticle(text, content_hash, extract_metadata(text), passages)
