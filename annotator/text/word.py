"""A Word (.docx) file as article text: its paragraphs, headings and table cells, in order.

The text is what Word shows with "All markup accepted": insertions
(w:ins, w:moveTo) are kept, deletions (w:del, w:moveFrom) dropped.  Text
formatted hidden (w:vanish), field codes, comments, headers, footers and
footnotes are not part of it: comments, headers and footers live in other
parts of the package and only the main document is read.  Text boxes are
read after the paragraph that anchors them, and only once (Word stores a
fallback copy of each for old readers).

Each paragraph and each table cell's paragraph is a block; blocks are
separated by blank lines, so a passage never spans two.  The title is the
document's title property, else its first heading (style Title or Heading n).
A legacy binary .doc is not read: Word saves it as .docx in one step.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.text.decode import DecodeError
from annotator.text.normalise import normalise

__all__ = ["DOC_REJECTED", "WordDocument", "read_word"]

DOC_REJECTED = "legacy Word .doc file: open it in Word and save as .docx"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DROPPED = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}instrText",
        f"{_W}delText",
        f"{_W}rPr",
        f"{_W}pPr",
        _MC_FALLBACK,
    }
)
# Hold paragraphs: tables, rows, cells, content controls, custom XML wrappers.
_CONTAINERS = frozenset(
    f"{_W}{name}" for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body")
)
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "\u2011"}


@dataclass(frozen=True)
class WordDocument:
    """The document's normalised text and what its properties and headings state."""

    text: str
    title: str | None
    author: str | None


def read_word(data: bytes) -> WordDocument:
    """Read a .docx file's text; DecodeError when it is no readable .docx or has no text."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DecodeError(DOC_REJECTED)
    # Imported here: python-docx is only needed for Word files.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DecodeError(f"not a readable .docx file ({type(exc).__name__})") from exc
    styles = {style.style_id: (style.name or "") for style in document.styles}
    blocks: list[str] = []
    heading: str | None = None
    for paragraph in _paragraphs(document.element.body):
        text = normalise(_paragraph_text(paragraph)).strip()
        if not text:
            continue
        blocks.append(text)
        if heading is None and _is_heading(styles.get(_style_id(paragraph), "")):
            heading = text
    if not blocks:
        raise DecodeError("no readable text")
    properties = document.core_properties
    title = (properties.title or "").strip() or heading
    author = (properties.author or "").strip() or None
    return WordDocument("\n\n".join(blocks), title, author)


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every w:p in reading order: body paragraphs, table cells row by row, text boxes."""
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            yield child
            for box in _text_boxes(child):
                yield from _paragraphs(box)
        elif tag in (f"{_W}ins", f"{_W}moveTo"):
            yield from _paragraphs(child)  # an inserted table row or paragraph
        elif tag in _DROPPED:
            continue
        elif tag in _CONTAINERS:
            yield from _paragraphs(child)


def _text_boxes(paragraph: Any) -> Iterator[Any]:
    stack = list(paragraph)
    while stack:
        node = stack.pop(0)
        if node.tag in _DROPPED:
            continue
        if node.tag == f"{_W}txbxContent":
            yield node
            continue
        stack[:0] = list(node)


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    stack = list(paragraph)
    while stack:
        node = stack.pop(0)
        tag = node.tag
        if tag in _DROPPED or tag == f"{_W}txbxContent" or _is_vanished_run(node):
            continue
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        else:
            stack[:0] = list(node)
    return "".join(parts)


def _is_vanished_run(node: Any) -> bool:
    if node.tag != f"{_W}r":
        return False
    properties = node.find(f"{_W}rPr")
    vanish = properties.find(f"{_W}vanish") if properties is not None else None
    return vanish is not None and vanish.get(f"{_W}val") not in ("0", "false")


def _style_id(paragraph: Any) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return str(style.get(f"{_W}val")) if style is not None else ""


def _is_heading(style_name: str) -> bool:
    name = style_name.lower()
    return name == "title" or name.startswith("heading") or name.startswith("标题")
