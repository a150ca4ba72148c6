"""Store read articles as Article and Passage rows (bulk inserts, no commit)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from annotator.models import Article, Passage, utcnow
from annotator.services.importing.prepare import (
    PASSAGE_COLUMNS,
    ImportOptions,
    PreparedFile,
    ReadyArticle,
    prepare_file,
)
from annotator.services.importing.readers import SUPPORTED_SUFFIXES, LineError
from annotator.text.tokenize import Tokenizer

__all__ = ["FileReport", "ImportOptions", "collect_paths", "import_file", "store_prepared"]


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


def collect_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and supported files found under named folders, sorted."""
    for path in paths:
        if path.is_dir():
            found = (
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
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
    prepared = prepare_file(path, tokenizer, options, display_name=display_name, data=data)
    return store_prepared(session, prepared)


def store_prepared(session: Session, prepared: PreparedFile) -> FileReport:
    """Insert a prepared file's new articles and passages (bulk Core inserts, no commit)."""
    report = FileReport(path=prepared.name, errors=list(prepared.errors), reason=prepared.reason)
    if prepared.reason is not None:
        return report
    hashes = [a.content_hash for a in prepared.articles]
    known = set(
        session.scalars(select(Article.content_hash).where(Article.content_hash.in_(hashes)))
    )
    new: list[ReadyArticle] = []
    for article in prepared.articles:
        if article.content_hash not in known:
            known.add(article.content_hash)  # the same article twice in one file
            new.append(article)
    if new:
        now = utcnow()
        # One INSERT .. RETURNING for the file's articles instead of an ORM flush per article.
        articles = Article.__table__
        statement = insert(articles).returning(articles.c.id, sort_by_parameter_order=True)
        rows = [{**a.row, "created_at": now} for a in new]
        ids = list(session.connection().execute(statement, rows).scalars())
        passages = [
            (article_id, *row) for article_id, a in zip(ids, new, strict=True) for row in a.passages
        ]
        # Straight to the driver's executemany: SQLAlchemy's per-row parameter processing
        # cost more than SQLite's inserts themselves on a 260k-passage folder.
        connection = session.connection()
        connection.exec_driver_sql(_passage_insert(connection.dialect), passages)
        report.article_ids.extend(ids)
        report.passages += len(passages)
    report.status = "imported" if report.article_ids else "unchanged"
    report.reason = (
        f"{len(report.errors)} invalid line(s) skipped" if report.errors else report.reason
    )
    return report


def _passage_insert(dialect: Dialect) -> str:
    """INSERT INTO passages for this driver's placeholders (qmark for SQLite, %s for psycopg)."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in PASSAGE_COLUMNS)
    marks = ", ".join([mark] * len(PASSAGE_COLUMNS))
    # Constant names only, no input: nothing to inject.
    return f"INSERT INTO {quote(Passage.__tablename__)} ({names}) VALUES ({marks})"  # noqa: S608
