"""Turn one file into rows to insert, without a database: the part an import runs in parallel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from annotator.services.duplicates import band_keys_joined, shingles_many, signable
from annotator.services.importing.readers import (
    FileRejected,
    LineError,
    RawArticle,
    read_article_file,
)
from annotator.services.importing.rows import ArticleRow, PassageRow, ReadyArticle
from annotator.services.importing.sources import ImportSource
from annotator.services.search.terms import index_texts
from annotator.services.search.terms import segmenter_version as search_segmenter_version
from annotator.text.decode import DecodeError
from annotator.text.pipeline import PreparedArticle, passages_version, segment_article
from annotator.text.tokenize import Tokenizer


@dataclass(frozen=True)
class ImportOptions:
    source: str | None = None
    skip_invalid: bool = False
    target: int = 300
    hard_max: int = 500
    max_bytes: int = 50 * 1024 * 1024


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
) -> PreparedFile:
    """prepare_source() of a path, or of bytes received under `display_name` (or the path)."""
    source = ImportSource(
        display_name or str(path),
        path=path if data is None else None,
        data=data,
        own_name=path.name,
    )
    return prepare_source(source, tokenizer, options)


def prepare_source(
    source: ImportSource, tokenizer: Tokenizer, options: ImportOptions
) -> PreparedFile:
    """Read, decode, segment and index one file; `reason` says why if it must be rejected."""
    try:
        result = read_article_file(source.filename, source.read(options.max_bytes))
    except FileRejected as exc:
        return PreparedFile(source.name, reason=str(exc))
    ready, errors = prepare_articles(
        result.articles, tokenizer, options, source.filename, result.encoding
    )
    return finish_file(source.name, [*result.errors, *errors], ready, options)


def prepare_articles(
    articles: Sequence[RawArticle],
    tokenizer: Tokenizer,
    options: ImportOptions,
    filename: str,
    encoding: str,
) -> tuple[list[ReadyArticle], list[LineError]]:
    """Segment, index and sign some of a file's articles; those that cannot be are errors.

    Independent of the file's other articles, so a large file's articles can be prepared
    in several worker processes and joined again with finish_file.
    """
    errors: list[LineError] = []
    good: list[tuple[RawArticle, PreparedArticle]] = []
    for article in articles:
        prepared = _prepare(article, options)
        if isinstance(prepared, str):
            errors.append(LineError(article.line or 0, prepared))
        else:
            good.append((article, prepared))
    segmenter = segmenter_version(tokenizer, options)
    ready = [
        _ready(raw, prepared, tokenizer, options, segmenter, filename, encoding)
        for raw, prepared in good
    ]
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
    """The articles with the band keys of their signable passages, one numpy pass per chunk.

    Band keys are a function of the text alone, so each distinct text of the chunk is
    signed once: a paragraph reprinted across the chunk's articles costs one signature.
    """
    candidates = [
        (number, position)
        for number, article in enumerate(articles)
        for position, row in enumerate(article.passages)
        if signable(row.kind, row.text)
    ]
    # text -> its place among the distinct texts, in order of first appearance.
    distinct: dict[str, int] = {}
    which = [
        distinct.setdefault(articles[n].passages[p].text, len(distinct)) for n, p in candidates
    ]
    grams, counts = shingles_many(list(distinct))
    # A text with no 3-gram of letters or digits signs nothing: it has no row of keys.
    has_keys = counts > 0
    rows = np.cumsum(has_keys) - 1
    keys = band_keys_joined(grams, counts[has_keys])
    signed: list[list[int]] = [[] for _ in articles]
    keyed: list[list[int]] = [[] for _ in articles]
    has_keys_of, row_of = has_keys.tolist(), rows.tolist()
    for (number, position), text in zip(candidates, which, strict=True):
        if has_keys_of[text]:
            signed[number].append(position)
            keyed[number].append(row_of[text])
    return tuple(
        replace(article, signed=tuple(positions), band_keys=keys[key_rows])
        for article, positions, key_rows in zip(articles, signed, keyed, strict=True)
    )


def segmenter_version(tokenizer: Tokenizer, options: ImportOptions) -> str:
    """What each article records: how its passages were split, its words cut and indexed."""
    return search_segmenter_version(passages_version(options.target, options.hard_max), tokenizer)


def _ready(
    raw: RawArticle,
    prep: PreparedArticle,
    tokenizer: Tokenizer,
    options: ImportOptions,
    segmenter: str,
    filename: str,
    encoding: str,
) -> ReadyArticle:
    row = ArticleRow(
        content_hash=prep.content_hash,
        title=(raw.title or prep.meta.title)[:300],
        source=raw.source or prep.meta.source or options.source,
        published=raw.published or prep.meta.published,
        published_precision=(
            raw.published_precision if raw.published else prep.meta.published_precision
        ),
        url=raw.url,
        meta=raw.meta,
        text=prep.text,
        filename=filename,
        encoding=encoding,
        segmenter_version=segmenter,
    )
    uid = prep.content_hash[:16]
    search_texts = index_texts(tokenizer, [p.text for p in prep.passages])
    passages = tuple(
        PassageRow(
            uid=f"{uid}-{p.start}-{p.end}",
            passage_index=p.index,
            start=p.start,
            end=p.end,
            kind=p.kind,
            kind_reason=p.reason,
            duplicate_of=p.duplicate_of,
            text=p.text,
            search_text=search_text,
        )
        for p, search_text in zip(prep.passages, search_texts, strict=True)
    )
    return ReadyArticle(row, passages)


def _prepare(article: RawArticle, options: ImportOptions) -> PreparedArticle | str:
    try:
        # The reader normalised the text as it decoded it: segment it as it is.
        return segment_article(
            article.text,
            target=options.target,
            hard_max=options.hard_max,
            furniture=article.furniture,
        )
    except DecodeError as exc:
        return exc.reason
