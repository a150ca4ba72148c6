"""Read article files (.txt, .md, .jsonl, .csv, .html, .htm, .docx) into raw records.

Small files are read whole (read_article_file). A large JSONL or CSV file is read as a
stream of records (stream_article_file), a block of lines at a time, so an import can
prepare and store its first articles while the rest of the file is still unread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from annotator.services.importing.records import (
    MAX_META_DEPTH,
    OPTIONAL_TEXT_FIELDS,
    FileRejected,
    LineError,
    RawArticle,
    csv_records,
    is_web_url,
    jsonl_records,
    nesting_depth,
    parse_published,
)
from annotator.text.decode import DecodeError, decode_bytes
from annotator.text.lines import canonical_lines, split_lines, utf8_encoding
from annotator.text.normalise import normalise
from annotator.text.webpage import read_page
from annotator.text.word import DOC_REJECTED, read_word

__all__ = [
    "MAX_META_DEPTH",
    "OPTIONAL_TEXT_FIELDS",
    "PAGE_SUFFIXES",
    "RECOGNISED_SUFFIXES",
    "STREAMED_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "FileRejected",
    "LineError",
    "RawArticle",
    "ReadResult",
    "StreamedFile",
    "is_web_url",
    "nesting_depth",
    "parse_published",
    "read_article_file",
    "stream_article_file",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".csv", ".html", ".htm", ".docx")
PAGE_SUFFIXES = (".html", ".htm")
# Types the reader answers for: the supported ones, and .doc, refused with what to do instead.
RECOGNISED_SUFFIXES = (*SUPPORTED_SUFFIXES, ".doc")
# One article per line (or row): these can be read as a stream of records.
STREAMED_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True)
class ReadResult:
    articles: list[RawArticle]
    errors: list[LineError]
    encoding: str


@dataclass(frozen=True)
class StreamedFile:
    """A JSONL or CSV file being read: its encoding and its records, in file order."""

    encoding: str
    records: Iterator[RawArticle | LineError]


def read_article_file(name: str, data: bytes) -> ReadResult:
    """Decode and parse one file; raise FileRejected for a file that is wholly unusable."""
    suffix = _checked_suffix(name)
    try:
        if suffix in PAGE_SUFFIXES:
            return _read_page(data)
        if suffix == ".docx":
            return _read_word(data)
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise FileRejected(exc.reason) from exc
    text = normalise(decoded.text)
    if suffix in STREAMED_SUFFIXES:
        records = _records(suffix, split_lines(text))
        articles: list[RawArticle] = []
        errors: list[LineError] = []
        for record in records:
            if isinstance(record, LineError):
                errors.append(record)
            else:
                articles.append(record)
    else:
        articles, errors = [RawArticle(text=text)], []
    if not articles and not errors:
        raise FileRejected("empty file")
    return ReadResult(articles=articles, errors=errors, encoding=decoded.encoding)


def stream_article_file(name: str, binary: BinaryIO) -> StreamedFile:
    """Read a JSONL or CSV file from a seekable binary stream, record by record.

    Raises FileRejected for a file that cannot be decoded at all; a file whose records
    turn out unusable raises it while they are read (a broken CSV header) or yields
    nothing (then the caller calls it empty, as read_article_file does).
    """
    suffix = _checked_suffix(name)
    if suffix not in STREAMED_SUFFIXES:
        raise ValueError(f"{suffix} files are read whole")
    encoding = utf8_encoding(binary)
    if encoding is not None:
        return StreamedFile(encoding, _records(suffix, canonical_lines(binary, encoding)))
    # Not plain UTF-8 (legacy Chinese encodings, UTF-16, or not text at all): decoded whole
    # as decode_bytes() judges it, then read record by record all the same.
    try:
        decoded = decode_bytes(binary.read())
    except DecodeError as exc:
        raise FileRejected(exc.reason) from exc
    return StreamedFile(decoded.encoding, _records(suffix, split_lines(normalise(decoded.text))))


def _records(suffix: str, lines: Iterable[str]) -> Iterator[RawArticle | LineError]:
    return jsonl_records(lines) if suffix == ".jsonl" else csv_records(lines)


def _checked_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise FileRejected(DOC_REJECTED)
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(
            f"unsupported file type {suffix or '(none)'}: expected {', '.join(SUPPORTED_SUFFIXES)}"
        )
    return suffix


def _read_page(data: bytes) -> ReadResult:
    """A saved web page: one article, its furniture marked, its metadata as the page states it."""
    page = read_page(data)
    meta = page.meta
    article = RawArticle(
        text=page.text,
        title=meta.title,
        source=meta.source,
        published=meta.published,
        published_precision=meta.published_precision,
        url=meta.url,
        meta={"author": meta.author} if meta.author else {},
        furniture=page.furniture,
    )
    return ReadResult(articles=[article], errors=[], encoding=page.encoding)


def _read_word(data: bytes) -> ReadResult:
    """A .docx file: one article; the text and title Word shows, all changes accepted."""
    document = read_word(data)
    meta = {"author": document.author} if document.author else {}
    article = RawArticle(text=document.text, title=document.title, meta=meta)
    # The package's XML parts are UTF-8; no byte decoding was guessed.
    return ReadResult(articles=[article], errors=[], encoding="utf-8")
