"""Import many files fast: prepare them in worker processes, store them in batched transactions."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path

from sqlalchemy.orm import Session

from annotator.services.importing.prepare import ImportOptions, PreparedFile, prepare_file
from annotator.services.importing.store import FileReport, store_many, store_prepared
from annotator.text.tokenize import Tokenizer

# Commit once this many passages are stored: few commits (each costs a WAL write or an fsync on
# PostgreSQL) while a crash or a failing file costs at most one batch's work.
BATCH_PASSAGES = 20_000
# Files handed to each worker ahead of the one being stored: enough to keep workers busy.
IN_FLIGHT_PER_WORKER = 4
# Below this many files the worker processes' start-up costs more than it saves.
PARALLEL_MIN_FILES = 8

_worker: tuple[Tokenizer, ImportOptions] | None = None


def _init_worker(tokenizer: Tokenizer, options: ImportOptions) -> None:
    global _worker
    _worker = (tokenizer, options)


def _prepare_in_worker(path: Path) -> PreparedFile:
    assert _worker is not None
    tokenizer, options = _worker
    return prepare_file(path, tokenizer, options)


def import_workers(files: int) -> int:
    """Worker processes for a folder of `files`: one per core, none for a few files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (
        files < PARALLEL_MIN_FILES
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
        pending: deque[AsyncResult[PreparedFile]] = deque()
        for path in paths:
            pending.append(pool.apply_async(_prepare_in_worker, (path,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


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
    count = import_workers(len(paths)) if workers is None else workers
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
