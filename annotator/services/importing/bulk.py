"""Import many files fast: prepare them in worker processes, store them in batched transactions."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from sqlalchemy.orm import Session

from annotator.services.importing.prepare import (
    ImportOptions,
    PreparedFile,
    ReadyArticle,
    finish_file,
    prepare_articles,
    prepare_file,
    read_file,
)
from annotator.services.importing.readers import LineError, RawArticle
from annotator.services.importing.store import FileReport, store_many, store_prepared
from annotator.text.tokenize import Tokenizer

# Commit once this many passages are stored: few commits (each costs a WAL write or an fsync on
# PostgreSQL) while a crash or a failing file costs at most one batch's work.
BATCH_PASSAGES = 20_000
# Files in flight (handed to workers, or prepared and waiting to be stored): at least this
# many per worker, more while their source bytes stay under IN_FLIGHT_BYTES, so workers keep
# preparing while a batch is stored without piling prepared files up in memory.
IN_FLIGHT_PER_WORKER = 4
IN_FLIGHT_BYTES = 32 * 1024 * 1024
# Below this many files the worker processes' start-up costs more than it saves.
PARALLEL_MIN_FILES = 8
# A JSONL or CSV file at least this large has its articles shared out among the workers, in
# chunks of ARTICLES_PER_TASK: one 2,000-article file would otherwise keep one core busy.
SPLIT_MIN_BYTES = 1024 * 1024
ARTICLES_PER_TASK = 25
SPLITTABLE_SUFFIXES = (".jsonl", ".csv")

_worker: tuple[Tokenizer, ImportOptions] | None = None


def _init_worker(tokenizer: Tokenizer, options: ImportOptions) -> None:
    global _worker
    _worker = (tokenizer, options)


def _prepare_in_worker(path: Path) -> PreparedFile:
    assert _worker is not None
    tokenizer, options = _worker
    return prepare_file(path, tokenizer, options)


def _articles_in_worker(
    articles: list[RawArticle], filename: str, encoding: str
) -> tuple[list[ReadyArticle], list[LineError]]:
    assert _worker is not None
    tokenizer, options = _worker
    return prepare_articles(articles, tokenizer, options, filename, encoding)


def import_workers(files: int, sizes: Sequence[int] = ()) -> int:
    """Worker processes for `files` files: one per core, none for a few small files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (
        (files < PARALLEL_MIN_FILES and not any(size >= SPLIT_MIN_BYTES for size in sizes))
        or (cores or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 0
    return min(cores or 1, 8)


def prepared_files(
    paths: Sequence[Path], tokenizer: Tokenizer, options: ImportOptions, workers: int
) -> Iterator[PreparedFile]:
    """Each path prepared (read, segmented, indexed), in order; in `workers` processes if > 0."""
    if workers <= 0:
        for path in paths:
            yield prepare_file(path, tokenizer, options)
        return
    # fork: the workers inherit the tokenizer already built here instead of loading it again.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _init_worker, (tokenizer, options)) as pool:
        # A bounded window of files in flight: when storing is slower than preparing, prepared
        # files would otherwise pile up in this process's memory (pool.imap does not wait).
        pending: deque[tuple[AsyncResult[PreparedFile], int]] = deque()
        in_flight = 0
        for path in paths:
            size = _size(path)
            if size >= SPLIT_MIN_BYTES and path.suffix.lower() in SPLITTABLE_SUFFIXES:
                while pending:
                    yield pending.popleft()[0].get()
                in_flight = 0
                yield _prepare_split(pool, path, options)
                continue
            pending.append((pool.apply_async(_prepare_in_worker, (path,)), size))
            in_flight += size
            while len(pending) >= IN_FLIGHT_PER_WORKER * workers and (
                in_flight >= IN_FLIGHT_BYTES or len(pending) >= 64 * workers
            ):
                done, done_size = pending.popleft()
                in_flight -= done_size
                yield done.get()
        while pending:
            yield pending.popleft()[0].get()


def _prepare_split(pool: Pool, path: Path, options: ImportOptions) -> PreparedFile:
    """One large JSONL or CSV file: read here, its articles prepared in chunks by the workers."""
    result = read_file(path, options)
    if isinstance(result, str):
        return PreparedFile(str(path), reason=result)
    articles = result.articles
    tasks = [
        pool.apply_async(
            _articles_in_worker,
            (articles[i : i + ARTICLES_PER_TASK], path.name, result.encoding),
        )
        for i in range(0, len(articles), ARTICLES_PER_TASK)
    ]
    ready: list[ReadyArticle] = []
    errors = list(result.errors)
    for task in tasks:
        chunk_ready, chunk_errors = task.get()
        ready += chunk_ready
        errors += chunk_errors
    return finish_file(str(path), errors, ready, options)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # prepare_file reports why it cannot be read


def import_paths(
    session: Session,
    paths: Sequence[Path],
    tokenizer: Tokenizer,
    options: ImportOptions,
    commit: Callable[[], None],
    rollback: Callable[[], None],
    *,
    workers: int | None = None,
    on_stored: Callable[[FileReport], None] | None = None,
) -> Iterator[FileReport]:
    """Import files in order, yielding each report once its file is committed.

    Files are stored in batches of about BATCH_PASSAGES passages per transaction; a file
    is rejected before anything of it is written, so a batch only fails on a database error,
    and then its files are stored again one transaction each so only the failing one is lost.
    `on_stored` runs for each file's report inside its transaction, before the commit.
    """
    batch: list[PreparedFile] = []
    passages = 0
    count = import_workers(len(paths), [_size(p) for p in paths]) if workers is None else workers
    _bulk_pragmas(session)
    for prepared in prepared_files(paths, tokenizer, options, count):
        # A rejected file joins the batch too (nothing of it is written) so reports keep the
        # order of the paths.
        batch.append(prepared)
        passages += sum(len(a.passages) for a in prepared.articles)
        if passages >= BATCH_PASSAGES:
            yield from _store_batch(session, batch, commit, rollback, on_stored)
            batch, passages = [], 0
    yield from _store_batch(session, batch, commit, rollback, on_stored)


def _store_batch(
    session: Session,
    batch: list[PreparedFile],
    commit: Callable[[], None],
    rollback: Callable[[], None],
    on_stored: Callable[[FileReport], None] | None,
) -> Iterator[FileReport]:
    if not batch:
        return
    try:
        reports = store_many(session, batch)
        for report in reports:
            if on_stored is not None:
                on_stored(report)
        commit()
    except Exception:
        rollback()
        yield from _one_by_one(session, batch, commit, rollback, on_stored)
        return
    yield from reports


def _one_by_one(
    session: Session,
    files: list[PreparedFile],
    commit: Callable[[], None],
    rollback: Callable[[], None],
    on_stored: Callable[[FileReport], None] | None,
) -> Iterator[FileReport]:
    """Store each file in its own transaction; a file the database refuses is reported rejected."""
    for prepared in files:
        try:
            report = store_prepared(session, prepared)
            if on_stored is not None:
                on_stored(report)
            commit()
        except Exception as exc:
            rollback()
            report = FileReport(
                path=prepared.name,
                errors=list(prepared.errors),
                reason=f"the database refused it: {type(exc).__name__}",
            )
        yield report


def _bulk_pragmas(session: Session) -> None:
    """A larger SQLite page cache while importing: index inserts in random uid order hit it."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # 64 MB instead of 2 MB; per connection, so requests served elsewhere are unaffected.
        connection.exec_driver_sql("PRAGMA cache_size=-65536")
