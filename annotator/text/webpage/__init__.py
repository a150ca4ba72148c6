"""A saved web page as article text: every visible block in order, the furniture marked.

bytes -> decode as a browser would -> visible blocks -> which are body
(trafilatura) -> text with the blocks separated by blank lines, furniture
spans, and the page's metadata.  Blocks are separated by blank lines, so the
segmenter never lets a passage span two of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from annotator.text.chrome import Furniture
from annotator.text.decode import DecodeError
from annotator.text.meta import extract_metadata
from annotator.text.normalise import normalise
from annotator.text.webpage.blocks import PageBlock, parse_page, visible_blocks
from annotator.text.webpage.content import body_flags, landmark_reasons
from annotator.text.webpage.decode import decode_page
from annotator.text.webpage.meta import PageMeta, page_meta

__all__ = ["NO_READABLE_TEXT", "Page", "read_page"]

NO_READABLE_TEXT = "no readable text"
BLOCK_SEPARATOR = "\n\n"
# A page is article-like when some block outside its navigation, footer and
# comments (or inside them but found to be body) has this many letters or
# ideographs: a page of menu links has not.
_READABLE_MIN = 10


@dataclass(frozen=True)
class Page:
    """A page's normalised text, its furniture spans, what it states about itself."""

    text: str
    furniture: tuple[Furniture, ...]
    meta: PageMeta
    encoding: str


def read_page(data: bytes) -> Page:
    """Decode, lay out and judge one saved page; DecodeError when it has no readable text."""
    decoded = decode_page(data)
    markup = normalise(decoded.text)
    root = parse_page(markup)
    blocks = [
        PageBlock(text, b.element) for b in visible_blocks(root) if (text := normalise(b.text))
    ]
    stated = page_meta(root, {b.text for b in blocks})
    landmarks = landmark_reasons([b.element for b in blocks])
    flags = body_flags(root, blocks, stated.title)
    # Outside the landmarks, or body all the same: a class name such as "share-wrapper"
    # around a whole article must not make it unreadable.
    candidates = [b.text for i, b in enumerate(blocks) if not landmarks[i] or (flags and flags[i])]
    if not any(sum(c.isalnum() for c in text) >= _READABLE_MIN for text in candidates):
        raise DecodeError(NO_READABLE_TEXT)
    article_blocks = [b.text for b, landmark in zip(blocks, landmarks, strict=True) if not landmark]
    text, furniture = _lay_out(blocks, landmarks, flags)
    return Page(text, furniture, _with_text_fallbacks(stated, article_blocks), decoded.encoding)


def _lay_out(
    blocks: list[PageBlock], landmarks: list[str | None], flags: list[bool] | None
) -> tuple[str, tuple[Furniture, ...]]:
    parts: list[str] = []
    furniture: list[Furniture] = []
    position = 0
    for index, block in enumerate(blocks):
        if parts:
            parts.append(BLOCK_SEPARATOR)
            position += len(BLOCK_SEPARATOR)
        start, position = position, position + len(block.text)
        parts.append(block.text)
        if flags is not None and not flags[index]:
            furniture.append(Furniture(start, position, landmarks[index]))
    return "".join(parts), tuple(furniture)


def _with_text_fallbacks(stated: PageMeta, article_blocks: list[str]) -> PageMeta:
    """Fill what the markup does not state from the text outside the page's landmarks."""
    if stated.title and stated.published and stated.source:
        return stated
    told = extract_metadata("\n".join(article_blocks))
    published: datetime.date | None = stated.published or told.published
    precision = stated.published_precision if stated.published else told.published_precision
    return PageMeta(
        stated.title or told.title or None,
        published,
        precision,
        stated.source or told.source,
        stated.author,
        stated.url,
    )
