"""Parse the records of JSONL and CSV files into raw articles, one line's error at a time."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from annotator.text.chrome import Furniture
from annotator.text.decode import reject_reason_for_text
from annotator.text.normalise import normalise

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
    """One article as read from a file: normalised text, not yet segmented."""

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


def jsonl_records(lines: Iterable[str]) -> Iterator[RawArticle | LineError]:
    """Each non-blank line of a JSONL file as an article, or as the reason it is not one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        # Without its "\n": a JSON error's column is counted on the line as written.
        line = line[:-1] if line.endswith("\n") else line
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LineError(number, f"broken JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield LineError(number, f"JSON nested more than {MAX_META_DEPTH} levels")
            continue
        if not isinstance(record, dict):
            yield LineError(number, "each line must be a JSON object")
            continue
        try:
            yield _record_to_article(record, number, escaped="\\" in line)
        except ValueError as exc:
            yield LineError(number, str(exc))


def csv_records(lines: Iterable[str]) -> Iterator[RawArticle | LineError]:
    """Each row of a CSV file (lines with their line ends) as an article, or why it is not one.

    Raises FileRejected, before the first row, when the header is unusable.
    """
    reader = csv.DictReader(iter(lines), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise FileRejected(f"broken CSV header: {exc}") from exc
    if not header or "text" not in [h.strip() for h in header]:
        raise FileRejected("CSV needs a 'text' column in its header")
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield LineError(line, f"broken CSV row: {exc}")
            return
        if None in row:
            yield LineError(line, "more fields than the header has")
            continue
        record = {(k or "").strip(): v for k, v in row.items()}
        try:
            # A CSV field is a stretch of the normalised text (quotes undoubled): still normal.
            yield _record_to_article(record, line, escaped=False)
        except ValueError as exc:
            yield LineError(line, str(exc))


def _record_to_article(record: dict[str, Any], line: int, *, escaped: bool) -> RawArticle:
    """Check one JSONL object or CSV row and turn it into a RawArticle.

    The record was parsed from normalised text, so its strings are normal already unless
    JSON escapes (`escaped`) spelled characters that normalisation changes ("\\r\\n",
    a decomposed accent): only then is each string normalised again.
    """
    canonical = normalise if escaped else _as_is
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
            values[key] = canonical(value).strip()
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
        text=canonical(text),
        line=line,
        title=values["title"],
        source=values["source"],
        url=values["url"],
        published=published,
        published_precision=precision,
        meta=meta,
    )


def _as_is(text: str) -> str:
    return text


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
