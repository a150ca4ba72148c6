"""Decode a saved web page the way a browser does when no HTTP header names the encoding.

A browser (WHATWG Encoding and HTML standards) takes, in order: a byte-order
mark; the charset a `<meta charset>` or `<meta http-equiv="Content-Type">`
declares; then a guess.  The guess here is decode_bytes, which already tells
GB18030 from Big5 by how common the decoded characters are.

Labels map as the Encoding standard says, not as Python's codec names would:
gb2312, gbk, x-gbk and gb18030 all mean the GB18030 decoder (a page labelled
gb2312 routinely holds GBK-only characters such as 镕); big5 means Big5 with the
HKSCS additions; a `<meta>` naming UTF-16 means UTF-8, because a page whose
bytes were UTF-16 would have had a BOM; latin1 and ascii mean windows-1252.

One departure: a browser decodes bytes its declared encoding cannot read
into U+FFFD and shows the damage.  An import would store that damage for good,
so a page whose declaration is wrong is decoded by the guess instead.
"""

from __future__ import annotations

import codecs
import re

from annotator.text.decode import Decoded, decode_bytes

__all__ = ["decode_page"]

# A browser's prescan reads 1,024 bytes, then the parser honours a <meta> met later in
# <head>; the head of a Chinese news page is often long, so read up to <body> or this much.
_HEAD_LIMIT = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

_GB = (
    "gb2312",
    "gbk",
    "gb18030",
    "x-gbk",
    "chinese",
    "csgb2312",
    "csiso58gb231280",
    "gb_2312",
    "gb_2312-80",
    "iso-ir-58",
)
_BIG5 = ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5")
_UTF8 = ("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8")
_UTF16 = ("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "unicodefeff", "unicodefffe")
_WINDOWS_1252 = (
    "ascii",
    "us-ascii",
    "iso-8859-1",
    "latin1",
    "l1",
    "iso8859-1",
    "cp1252",
    "windows-1252",
    "x-cp1252",
    "iso_8859-1",
    "cp819",
    "ibm819",
)

_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ATTRIBUTE = re.compile(
    rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([^\s"';]+)""", re.IGNORECASE)
_BODY = re.compile(rb"<body\b", re.IGNORECASE)


def decode_page(data: bytes) -> Decoded:
    """Decode HTML bytes: BOM, then the declared charset, then detection; DecodeError if none."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                break  # a broken BOM is decode_bytes's to report
    declared = declared_codec(data)
    if declared is not None:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data)


def declared_codec(data: bytes) -> str | None:
    """The Python codec for the charset the page's <head> declares, or None."""
    head = data[:_HEAD_LIMIT]
    body = _BODY.search(head)
    if body is not None:
        head = head[: body.start()]
    head = _COMMENT.sub(b"", head)
    for tag in _META.finditer(head):
        label = _label_in(tag.group())
        if label is not None:
            codec = codec_for_label(label)
            if codec is not None:
                return codec
    return None


def _label_in(tag: bytes) -> str | None:
    attributes: dict[bytes, bytes] = {}
    for match in _ATTRIBUTE.finditer(tag):
        value = next(g for g in match.groups()[1:] if g is not None)
        attributes.setdefault(match.group(1).lower(), value)
    if b"charset" in attributes:
        return attributes[b"charset"].decode("ascii", "replace")
    if attributes.get(b"http-equiv", b"").lower() == b"content-type":
        found = _CHARSET_IN_CONTENT.search(attributes.get(b"content", b""))
        if found:
            return found.group(1).decode("ascii", "replace")
    return None


def codec_for_label(label: str) -> str | None:
    """The Python codec for a WHATWG encoding label, or None for an unknown label."""
    label = label.strip().lower()
    if label in _GB:
        return "gb18030"
    if label in _BIG5:
        return "big5hkscs"
    if label in _UTF8 or label in _UTF16:
        return "utf-8"
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
