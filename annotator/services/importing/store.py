"""Store read articles as Article and Passage rows (bulk inserts, no commit)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.importing.readers import (
    SUPPORTED_SUFFIXES,
    FileRejected,
    LineError,
    RawArticle,
    read_article_file,
)
from annotator.text.decode import DecodeError
from annotator.text.pipeline import SEGMENTER_VERSION, PreparedArticle, prepare_article
from annotator.text.tokenize import Tokenizer


@dataclass
class FileReport:
    """What happened to one file: imported, unchanged or rejected, and why."""

    path: str
    status: str = "rejected"
    article_ids: list[int] = field(default_factory=list)
    passages: int = 0
    reason: str | None = None
    errors: list[LineError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "article_ids": self.article_ids,
            "passages": self.passages,
            "reason": self.reason,
            "errors": [{"line": e.line, "reason": e.reason} for e in self.errors],
        }


@dataclass(frozen=True)
class ImportOptions:
    source: str | None = None
    skip_invalid: bool = False
    target: int = 300
    hard_max: int = 500
    max_bytes: int = 50 * 1024 * 1024


def collect_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and supported files found under named folders, sorted."""
    for path in paths:
        if path.is_dir():
            found = (
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            yield from sorted(found)
        else:
            yield path


def import_file(
    session: Session,
    path: Path,
    tokenizer: Tokenizer,
    options: ImportOptions,
    *,
    display_name: str | None = None,
    data: bytes | None = None,
) -> FileReport:
    """Import one file into the session's transaction; on rejection nothing is added."""
    report = FileReport(path=display_name or str(path))
    try:
        raw = data if data is not None else _read_bytes(path, options.max_bytes)
        if len(raw) > options.max_bytes:
            raise FileRejected(_too_large(len(raw), options.max_bytes))
        result = read_article_file(path.name, raw)
        prepared = [(a, _prepare(a, options)) for a in result.articles]
    except FileRejected as exc:
        report.reason = str(exc)
        return report
    errors = list(result.errors)
    good: list[tuple[RawArticle, PreparedArticle]] = []
    for article, prep in prepared:
        if isinstance(prep, str):
            errors.append(LineError(article.line or 0, prep))
        else:
            good.append((article, prep))
    report.errors = sorted(errors, key=lambda e: e.line)
    if errors and not options.skip_invalid:
        first = report.errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        report.reason = f"line {first.line}: {first.reason}{more}"
        return report
    if not good:
        report.reason = "no valid articles in the file"
        return report
    _store(session, good, report, path.name, result.encoding, tokenizer, options)
    return report


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


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 1e6:.1f} MB, the limit is {limit / 1e6:.1f} MB"


def _prepare(article: RawArticle, options: ImportOptions) -> PreparedArticle | str:
    try:
        return prepare_article(article.text, target=options.target, hard_max=options.hard_max)
    except DecodeError as exc:
        return exc.reason


def _store(
    session: Session,
    good: list[tuple[RawArticle, PreparedArticle]],
    report: FileReport,
    filename: str,
    encoding: str,
    tokenizer: Tokenizer,
    options: ImportOptions,
) -> None:
    hashes = [prep.content_hash for _, prep in good]
    known = set(
        session.scalars(select(Article.content_hash).where(Article.content_hash.in_(hashes)))
    )
    segmenter = f"{SEGMENTER_VERSION}+{tokenizer.version}"
    for raw, prep in good:
        if prep.content_hash in known:
            continue
        known.add(prep.content_hash)  # the same article twice in one file
        article = Article(
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
        session.add(article)
        session.flush()
        rows = [
            {
                "uid": f"{prep.content_hash[:16]}-{p.start}-{p.end}",
                "article_id": article.id,
                "index": p.index,
                "start": p.start,
                "end": p.end,
                "kind": p.kind,
                "kind_reason": p.reason,
                "duplicate_of": p.duplicate_of,
                "text": p.text,
                "search_text": tokenizer.search_text(p.text),
            }
            for p in prep.passages
        ]
        session.execute(insert(Passage), rows)
        report.article_ids.append(article.id)
        report.passages += len(rows)
    report.status = "imported" if report.article_ids else "unchanged"
    report.reason = (
        f"{len(report.errors)} invalid line(s) skipped" if report.errors else report.reason
    )
