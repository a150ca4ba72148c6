"""Turn one file into rows to insert, without a database: the part an import runs in parallel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from annotator.services.duplicates import BANDS, Grams, band_keys_many, shingles, signable
from annotator.services.importing.readers import (
    FileRejected,
    LineError,
    RawArticle,
    ReadResult,
    read_article_file,
)
from annotator.services.search.terms import index_texts
from annotator.services.search.terms import segmenter_version as search_segmenter_version
from annotator.text.decode import DecodeError
from annotator.text.pipeline import SEGMENTER_VERSION, PreparedArticle, prepare_article
from annotator.text.tokenize import Tokenizer

# progress(articles prepared, articles in the file)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    source: str | None = None
    skip_invalid: bool = False
    target: int = 300
    hard_max: int = 500
    max_bytes: int = 50 * 1024 * 1024


# Passage columns in the order ReadyArticle.passages holds them; article_id goes first once the
# article has an id.
PASSAGE_COLUMNS = (
    "article_id", "uid", "index", "start", "end", "kind", "kind_reason", "duplicate_of", "text",
    "search_text",
)


@dataclass(frozen=True)
class ReadyArticle:
    """One article as rows to insert: plain values, cheap to send back from a worker process.

    `signed` holds the positions in `passages` of those near-duplicate linking signs, and
    `band_keys` their MinHash band keys, one row each: computed here, in parallel, so the
    process that writes only looks them up.
    """

    content_hash: str
    row: dict[str, Any]
    passages: list[tuple[Any, ...]]
    signed: tuple[int, ...] = ()
    band_keys: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.empty((0, BANDS), dtype=np.int64)
    )


@dataclass(frozen=True)
class PreparedFile:
    """A file read and segmented: its articles, its bad lines, or why it is rejected whole."""

    name: str
    articles: tuple[ReadyArticle, ...] = ()
    errors: tuple[LineError, ...] = ()
    reason: str | None = None


def prepare_file(
    path: Path,
    tokenizer: Tokenizer,
    options: ImportOptions,
    *,
    display_name: str | None = None,
    data: bytes | None = None,
    progress: Progress | None = None,
) -> PreparedFile:
    """Read, decode, segment and index one file; `reason` says why if it must be rejected."""
    name = display_name or str(path)
    result = read_file(path, options, data=data)
    if isinstance(result, str):
        return PreparedFile(name, reason=result)
    ready, errors = prepare_articles(
        result.articles, tokenizer, options, path.name, result.encoding, progress=progress
    )
    return finish_file(name, [*result.errors, *errors], ready, options)


def read_file(path: Path, options: ImportOptions, *, data: bytes | None = None) -> ReadResult | str:
    """The file's raw articles and bad lines, or why the whole file is rejected."""
    try:
        raw = data if data is not None else _read_bytes(path, options.max_bytes)
        if len(raw) > options.max_bytes:
            raise FileRejected(_too_large(len(raw), options.max_bytes))
        return read_article_file(path.name, raw)
    except FileRejected as exc:
        return str(exc)


def prepare_articles(
    articles: Sequence[RawArticle],
    tokenizer: Tokenizer,
    options: ImportOptions,
    filename: str,
    encoding: str,
    *,
    progress: Progress | None = None,
) -> tuple[list[ReadyArticle], list[LineError]]:
    """Segment, index and sign some of a file's articles; those that cannot be are errors.

    Independent of the file's other articles, so a large file's articles can be prepared
    in several worker processes and joined again with finish_file. `progress(done, total)`
    hears of each article prepared (a background job's bar; it may raise to stop the work).
    """
    errors: list[LineError] = []
    good: list[tuple[RawArticle, PreparedArticle]] = []
    for article in articles:
        prepared = _prepare(article, options)
        if isinstance(prepared, str):
            errors.append(LineError(article.line or 0, prepared))
        else:
            good.append((article, prepared))
    segmenter = segmenter_version(tokenizer)
    ready: list[ReadyArticle] = []
    for done, (raw, prepared) in enumerate(good, 1):
        ready.append(_ready(raw, prepared, tokenizer, options, segmenter, filename, encoding))
        if progress is not None:
            progress(done, len(good))
    return list(_with_band_keys(ready)), errors


def finish_file(
    name: str, errors: list[LineError], ready: list[ReadyArticle], options: ImportOptions
) -> PreparedFile:
    """The prepared file, or its rejection: an invalid line rejects it unless skip_invalid."""
    errors = sorted(errors, key=lambda e: e.line)
    reason = None
    if errors and not options.skip_invalid:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        reason = f"line {first.line}: {first.reason}{more}"
    elif not ready:
        reason = "no valid articles in the file"
    if reason:
        return PreparedFile(name, errors=tuple(errors), reason=reason)
    return PreparedFile(name, tuple(ready), tuple(errors))


def _with_band_keys(articles: list[ReadyArticle]) -> tuple[ReadyArticle, ...]:
    """The articles with the band keys of their signable passages, one numpy pass per file."""
    signed: list[list[int]] = []
    grams: list[Grams] = []
    for article in articles:
        positions = []
        for position, row in enumerate(article.passages):
            # row: uid, index, start, end, kind, kind_reason, duplicate_of, text, search_text
            if signable(row[4], row[7]) and len(found := shingles(row[7])):
                positions.append(position)
                grams.append(found)
        signed.append(positions)
    keys = band_keys_many(grams)
    done = []
    first = 0
    for article, positions in zip(articles, signed, strict=True):
        last = first + len(positions)
        done.append(replace(article, signed=tuple(positions), band_keys=keys[first:last]))
        first = last
    return tuple(done)


def segmenter_version(tokenizer: Tokenizer) -> str:
    """What each article records: how its passages were split, its words cut and indexed."""
    return search_segmenter_version(SEGMENTER_VERSION, tokenizer)


def _ready(
    raw: RawArticle,
    prep: PreparedArticle,
    tokenizer: Tokenizer,
    options: ImportOptions,
    segmenter: str,
    filename: str,
    encoding: str,
) -> ReadyArticle:
    row = {
        "content_hash": prep.content_hash,
        "title": (raw.title or prep.meta.title)[:300],
        "source": raw.source or prep.meta.source or options.source,
        "published": raw.published or prep.meta.published,
        "published_precision": (
            raw.published_precision if raw.published else prep.meta.published_precision
        ),
        "url": raw.url,
        "meta": raw.meta,
        "text": prep.text,
        "filename": filename,
        "encoding": encoding,
        "segmenter_version": segmenter,
    }
    uid = prep.content_hash[:16]
    search_texts = index_texts(tokenizer, [p.text for p in prep.passages])
    passages = [
        (f"{uid}-{p.start}-{p.end}", p.index, p.start, p.end, p.kind, p.reason, p.duplicate_of,
         p.text, search_text)
        for p, search_text in zip(prep.passages, search_texts, strict=True)
    ]
    return ReadyArticle(prep.content_hash, row, passages)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileRejected(_too_large(size, max_bytes))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileRejected("no such file") from exc
    except IsADirectoryError as exc:
        raise FileRejected("is a folder") from exc
    except PermissionError as exc:
        raise FileRejected("cannot be read (permission denied)") from exc


def _in_units(size: int) -> str:
    """Bytes as KB or MB (powers of 1024, as the 413 page states limits), no needless decimal."""
    unit, scale = ("MB", 2**20) if size >= 2**20 else ("KB", 2**10)
    value = size / scale
    return f"{value:.0f} {unit}" if value == round(value) else f"{value:.1f} {unit}"


def _too_large(size: int, limit: int) -> str:
    if size <= limit + 1:  # an upload is read one byte past the limit: its size is unknown
        return f"file too large: over the limit of {_in_units(limit)}"
    return f"file too large: {_in_units(size)}, the limit is {_in_units(limit)}"


def _prepare(article: RawArticle, options: ImportOptions) -> PreparedArticle | str:
    try:
        return prepare_article(
            article.text,
            target=options.target,
            hard_max=options.hard_max,
            furniture=article.furniture,
        )
    except DecodeError as exc:
        return exc.reason
