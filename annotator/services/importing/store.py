"""Store read articles as Article and Passage rows (bulk inserts, no commit)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage, utcnow
from annotator.services.bulk_rows import insert_rows
from annotator.services.duplicates import Signed, link_signed
from annotator.services.importing.prepare import ImportOptions, PreparedFile, prepare_file
from annotator.services.importing.readers import PAGE_SUFFIXES, RECOGNISED_SUFFIXES, LineError
from annotator.services.importing.rows import PASSAGE_COLUMNS, ReadyArticle
from annotator.services.search.deferred import deferred_passage_index
from annotator.text.tokenize import Tokenizer

__all__ = [
    "FileReport",
    "ImportOptions",
    "collect_paths",
    "import_file",
    "store_articles",
    "store_many",
    "store_prepared",
]

# Values per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
IN_CHUNK = 500


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
    """Files named directly, and supported files (and .doc, to refuse) under folders, sorted.

    A browser saves `page.html` with its images, scripts and sub-frames in `page_files/`
    beside it: such a folder belongs to the page and is not searched.
    """
    for path in paths:
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in RECOGNISED_SUFFIXES
                and not _inside_saved_page_folder(p, path)
            )
            yield from sorted(found)
        else:
            yield path


def _inside_saved_page_folder(path: Path, root: Path) -> bool:
    for folder in path.relative_to(root).parents:
        if folder.name.endswith("_files"):
            page = root / folder.parent / folder.name.removesuffix("_files")
            if any(page.with_name(page.name + s).is_file() for s in PAGE_SUFFIXES):
                return True
    return False


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
    return store_many(session, [prepared])[0]


def store_many(session: Session, files: Sequence[PreparedFile]) -> list[FileReport]:
    """Insert several prepared files with one query of each kind, reports in the same order.

    A few statements for a whole batch, not three per file: on PostgreSQL each statement is a
    round trip, and 2,000 files made 6,000 of them.
    """
    reports = [FileReport(path=f.name, errors=list(f.errors), reason=f.reason) for f in files]
    usable = [(i, f) for i, f in enumerate(files) if f.reason is None]
    owners = [i for i, f in usable for _ in f.articles]
    ids = store_articles(session, [a for _, f in usable for a in f.articles])
    for i, article_id, article in zip(
        owners, ids, (a for _, f in usable for a in f.articles), strict=True
    ):
        if article_id is not None:
            reports[i].article_ids.append(article_id)
            reports[i].passages += len(article.passages)
    for i, _ in usable:
        settle(reports[i])
    return reports


def settle(report: FileReport) -> None:
    """A stored file's report: imported or unchanged, and how many bad lines were skipped."""
    report.status = "imported" if report.article_ids else "unchanged"
    report.reason = (
        f"{len(report.errors)} invalid line(s) skipped" if report.errors else report.reason
    )


def store_articles(session: Session, articles: Sequence[ReadyArticle]) -> list[int | None]:
    """Insert the articles not stored yet, with their passages and near-duplicate links.

    Returns each article's new id, or None for one whose text is already stored (earlier,
    or earlier in `articles`). An INSERT .. RETURNING for the articles and one bulk insert
    per other table, not statements per article: on PostgreSQL each is a round trip.
    """
    hashes = [a.content_hash for a in articles]
    known: set[str] = set()
    for start in range(0, len(hashes), IN_CHUNK):
        chunk = hashes[start : start + IN_CHUNK]
        known.update(
            session.scalars(select(Article.content_hash).where(Article.content_hash.in_(chunk)))
        )
    positions: list[int] = []
    for position, article in enumerate(articles):
        if article.content_hash not in known:
            known.add(article.content_hash)  # the same article twice in one file or batch
            positions.append(position)
    found: list[int | None] = [None] * len(articles)
    if not positions:
        return found
    new = [articles[p] for p in positions]
    now = utcnow()
    table = cast(Table, Article.__table__)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(
        session.connection()
        .execute(statement, [{**a.row._asdict(), "created_at": now} for a in new])
        .scalars()
    )
    rows: list[tuple[Any, ...]] = []
    for article_id, article in zip(ids, new, strict=True):
        # PassageRow + (article_id,): a plain tuple in PASSAGE_COLUMNS order, made in C.
        rows += map(add, article.passages, repeat((article_id,), len(article.passages)))
    _insert_passages(session, rows)
    link_signed(session, _signed(session, list(zip(ids, new, strict=True))))
    for position, article_id in zip(positions, ids, strict=True):
        found[position] = article_id
    return found


def _insert_passages(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Insert passage rows in PASSAGE_COLUMNS order, searchable once the statement ends."""
    connection = session.connection()
    with deferred_passage_index(connection, len(rows)):
        insert_rows(connection, Passage.__tablename__, PASSAGE_COLUMNS, rows)


def _signed(session: Session, articles: list[tuple[int, ReadyArticle]]) -> list[Signed]:
    """The new articles' signable passages with their ids, for link_signed."""
    wanted = [(aid, a) for aid, a in articles if a.signed]
    ids: dict[tuple[int, int], int] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = [aid for aid, _ in wanted[start : start + IN_CHUNK]]
        # Only body passages are signed: half the rows, read through ix_passages_kind_article.
        # On the connection: plain rows, without the ORM's result processing per row.
        rows = session.connection().execute(
            select(Passage.article_id, Passage.index, Passage.id).where(
                Passage.kind == "body", Passage.article_id.in_(chunk)
            )
        )
        ids.update(((aid, index), pid) for aid, index, pid in rows)
    return [
        (ids[aid, a.passages[position].passage_index], aid, a.passages[position].text, keys)
        for aid, a in wanted
        for position, keys in zip(a.signed, a.band_keys.tolist(), strict=True)
    ]
