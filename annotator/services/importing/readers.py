"""Read article files (.txt, .md, .jsonl, .csv, .html, .htm, .docx) into raw records."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from annotator.text.chrome import Furniture
from annotator.text.decode import DecodeError, decode_bytes, reject_reason_for_text
from annotator.text.normalise import normalise
from annotator.text.webpage import read_page
from annotator.text.word import DOC_REJECTED, read_word

SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".csv", ".html", ".htm", ".docx")
PAGE_SUFFIXES = (".html", ".htm")
# Types the reader answers for: the supported ones, and .doc, refused with what to do instead.
RECOGNISED_SUFFIXES = (*SUPPORTED_SUFFIXES, ".doc")
OPTIONAL_TEXT_FIELDS = ("title", "source", "url")
# `meta` is stored as JSON and read back by every export: a few levels is all real metadata
# has, and 100,000 levels exhaust Python's stack in json.loads / json.dumps.
MAX_META_DEPTH = 32
WEB_SCHEMES = ("http", "https")
_SURROGATE = re.compile("[\ud800-\udfff]")


class FileRejected(ValueError):
    """The whole file cannot be imported; the message is the one-line reason."""


@dataclass(frozen=True)
class RawArticle:
    """One article as read from a file, before normalisation and segmentation."""

    text: str
    line: int | None = None
    title: str | None = None
    source: str | None = None
    published: date | None = None
    published_precision: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Spans of `text` that the file's structure says are not the article (web pages).
    furniture: tuple[Furniture, ...] = ()


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str


@dataclass(frozen=True)
class ReadResult:
    articles: list[RawArticle]
    errors: list[LineError]
    encoding: str


def read_article_file(name: str, data: bytes) -> ReadResult:
    """Decode and parse one file; raise FileRejected for a file that is wholly unusable."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise FileRejected(DOC_REJECTED)
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(
            f"unsupported file type {suffix or '(none)'}: expected {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        if suffix in PAGE_SUFFIXES:
            return _read_page(data)
        if suffix == ".docx":
            return _read_word(data)
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise FileRejected(exc.reason) from exc
    text = normalise(decoded.text)
    if suffix == ".jsonl":
        articles, errors = _read_jsonl(text)
    elif suffix == ".csv":
        articles, errors = _read_csv(text)
    else:
        articles, errors = [RawArticle(text=text)], []
    if not articles and not errors:
        raise FileRejected("empty file")
    return ReadResult(articles=articles, errors=errors, encoding=decoded.encoding)


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


def _read_jsonl(text: str) -> tuple[list[RawArticle], list[LineError]]:
    articles: list[RawArticle] = []
    errors: list[LineError] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(LineError(number, f"broken JSON: {exc.msg} at column {exc.colno}"))
            continue
        except RecursionError:
            errors.append(LineError(number, f"JSON nested more than {MAX_META_DEPTH} levels"))
            continue
        if not isinstance(record, dict):
            errors.append(LineError(number, "each line must be a JSON object"))
            continue
        try:
            articles.append(_record_to_article(record, number))
        except ValueError as exc:
            errors.append(LineError(number, str(exc)))
    return articles, errors


def _read_csv(text: str) -> tuple[list[RawArticle], list[LineError]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise FileRejected(f"broken CSV header: {exc}") from exc
    if not header or "text" not in [h.strip() for h in header]:
        raise FileRejected("CSV needs a 'text' column in its header")
    articles: list[RawArticle] = []
    errors: list[LineError] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(LineError(line, f"broken CSV row: {exc}"))
            break
        if None in row:
            errors.append(LineError(line, "more fields than the header has"))
            continue
        record = {(k or "").strip(): v for k, v in row.items()}
        try:
            articles.append(_record_to_article(record, line))
        except ValueError as exc:
            errors.append(LineError(line, str(exc)))
    return articles, errors


def _record_to_article(record: dict[str, Any], line: int) -> RawArticle:
    """Check one JSONL object or CSV row and turn it into a RawArticle."""
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing 'text'" if text is None else "'text' must be a string")
    reason = reject_reason_for_text(text)
    if reason:
        raise ValueError(f"'text' is unusable: {reason}")
    values: dict[str, str | None] = {}
    for key in OPTIONAL_TEXT_FIELDS:
        value = record.get(key)
        if value in (None, ""):
            values[key] = None
        elif not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string")
        else:
            values[key] = normalise(value).strip()
    meta = record.get("meta") or {}
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except json.JSONDecodeError as exc:
            raise ValueError("'meta' must be a JSON object") from exc
        except RecursionError as exc:
            raise ValueError(f"'meta' is nested more than {MAX_META_DEPTH} levels") from exc
    if not isinstance(meta, dict):
        raise ValueError("'meta' must be an object")
    if nesting_depth(meta, MAX_META_DEPTH) > MAX_META_DEPTH:
        raise ValueError(f"'meta' is nested more than {MAX_META_DEPTH} levels")
    if values["url"] is not None and not is_web_url(values["url"]):
        raise ValueError("'url' must be an http:// or https:// address")
    for key, value in [("text", text), *values.items()]:
        if value and _SURROGATE.search(value):
            raise ValueError(f"'{key}' contains a lone surrogate (not valid Unicode)")
    if _SURROGATE.search(json.dumps(meta, ensure_ascii=False)):
        raise ValueError("'meta' contains a lone surrogate (not valid Unicode)")
    published, precision = parse_published(record.get("published"))
    return RawArticle(
        text=normalise(text),
        line=line,
        title=values["title"],
        source=values["source"],
        url=values["url"],
        published=published,
        published_precision=precision,
        meta=meta,
    )


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply lists and objects nest in parsed JSON, counted up to limit + 1 (no recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children)
    return deepest


def is_web_url(url: str | None) -> bool:
    """An http or https address with a host: what an article's "Original" link may be."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def parse_published(value: Any) -> tuple[date | None, str | None]:
    """Accept YYYY-MM-DD (or a longer ISO timestamp), YYYY-MM or YYYY, with its precision."""
    if value in (None, ""):
        return None, None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return date(value, 1, 1), "year"
    if not isinstance(value, str):
        raise ValueError("'published' must be an ISO date string")
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?", value.strip())
    if not match:
        raise ValueError(f"'published' is not an ISO date: {value!r}")
    groups = match.groups()
    year, month, day = (int(g) if g else 1 for g in groups)
    precision = "day" if groups[2] else "month" if groups[1] else "year"
    try:
        return date(year, month, day), precision
    except ValueError as exc:
        raise ValueError(f"'published' is not a real date: {value!r}") from exc
