"""Decode and normalise a large line-based file (JSONL, CSV) a block at a time.

decode_bytes() and normalise() take a whole file; for a file of tens of MB that is the
file three times over in memory (bytes, decoded text, its lines) before the first line is
read. Here a file that is valid UTF-8 (the usual case) is read in blocks that end at a
newline, and each block is decoded and normalised on its own. Cutting after a newline
changes nothing: "\\r\\n" never straddles a cut, and "\\n" composes with no neighbour, so
normalising block by block gives the same text as normalising the whole. Any other file
(a BOM for UTF-16/32, legacy Chinese encodings, binary content) is decoded whole as
decode_bytes() does, with its reasons for refusing one.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from annotator.text.decode import MAGIC_NUMBERS
from annotator.text.normalise import normalise

__all__ = ["BLOCK_BYTES", "canonical_lines", "split_lines", "utf8_encoding"]

BLOCK_BYTES = 1 << 20
_UTF8_BOM = codecs.BOM_UTF8


def utf8_encoding(binary: BinaryIO, block_bytes: int = BLOCK_BYTES) -> str | None:
    """'utf-8' or 'utf-8-sig' when the stream is UTF-8 that can be read block by block.

    None for anything decode_bytes() must judge whole: another byte-order mark, a binary
    file's signature, NUL bytes, or bytes that are not UTF-8. Reads the stream once and
    rewinds it; only one block is held at a time.
    """
    start = binary.tell()
    head = binary.read(max(block_bytes, 16))  # whole signatures and byte-order marks
    try:
        if any(head.startswith(magic) for magic, _ in MAGIC_NUMBERS):
            return None
        encoding = "utf-8-sig" if head.startswith(_UTF8_BOM) else "utf-8"
        decoder = codecs.getincrementaldecoder("utf-8")()
        block = head
        while block:
            if b"\x00" in block:
                return None
            decoder.decode(block)
            block = binary.read(block_bytes)
        decoder.decode(b"", final=True)
        return encoding
    except UnicodeDecodeError:
        return None
    finally:
        binary.seek(start)


def canonical_lines(
    binary: BinaryIO, encoding: str, block_bytes: int = BLOCK_BYTES
) -> Iterator[str]:
    """The lines of a UTF-8 file's normalised text, each with its "\\n" (the last may lack it).

    The same lines as split_lines(normalise(decode_bytes(data).text)); `encoding` is what
    utf8_encoding() found.
    """
    first = True
    pending = b""
    while True:
        block = binary.read(block_bytes)
        if not block:
            break
        block = pending + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            pending = block
            continue
        pending = block[cut:]
        yield from split_lines(_decode(block[:cut], encoding, first))
        first = False
    if pending:
        yield from split_lines(_decode(pending, encoding, first))


def _decode(block: bytes, encoding: str, first: bool) -> str:
    if first and encoding == "utf-8-sig":
        block = block.removeprefix(_UTF8_BOM)
    text = block.decode("utf-8")
    if first:
        return normalise(text)
    # normalise() strips the byte-order marks that start the text; a later block's leading
    # U+FEFF are characters of a line and stay.
    kept = len(text) - len(text.lstrip("\ufeff"))
    return text[:kept] + normalise(text[kept:])


def split_lines(text: str) -> Iterator[str]:
    """Normalised text's lines with their "\\n", numbered as str.split("\\n") numbers them.

    Only "\\n" ends a line (normalised text has no other line break), unlike
    str.splitlines(), which also breaks at U+2028, form feeds and more.
    """
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1
