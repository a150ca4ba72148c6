"""Store many prepared files in batched transactions; a file is still all or nothing."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from annotator.services.importing.prepare import ImportOptions, PreparedFile
from annotator.services.importing.readers import STREAMED_SUFFIXES, LineError
from annotator.services.importing.sources import ImportSource
from annotator.services.importing.store import FileReport, store_many, store_prepared
from annotator.services.importing.workers import (
    PARALLEL_MIN_FILES,
    STREAM_MIN_BYTES,
    Preparers,
    Task,
    import_workers,
)
from annotator.text.tokenize import Tokenizer

# Commit once this many passages are stored: few commits (each costs a WAL write or an fsync on
# PostgreSQL) while a crash or a failing file costs at most one batch's work.
BATCH_PASSAGES = 20_000
# Files in flight (handed to workers, or prepared and waiting to be stored): at least this
# many per worker, more while their source bytes stay under IN_FLIGHT_BYTES, so workers keep
# preparing while a batch is stored without piling prepared files up in memory.
IN_FLIGHT_PER_WORKER = 4
IN_FLIGHT_BYTES = 32 * 1024 * 1024

__all__ = [
    "BATCH_PASSAGES",
    "PARALLEL_MIN_FILES",
    "import_paths",
    "import_workers",
    "prepared_in_order",
    "store_batch",
]

Commit = Callable[[], None]
OnStored = Callable[[FileReport], None] | None


def streamed(source: ImportSource, size: int) -> bool:
    """Whether a file is imported as a stream of records (a large JSONL or CSV file)."""
    return size >= STREAM_MIN_BYTES and source.filename.lower().endswith(STREAMED_SUFFIXES)


def prepared_in_order(
    sources: Sequence[ImportSource], sizes: Sequence[int], preparers: Preparers
) -> Iterator[PreparedFile | ImportSource]:
    """Each file prepared, in order; a file to stream comes back as its source, unprepared.

    A bounded window of files is in flight: when storing is slower than preparing, prepared
    files would otherwise pile up in this process's memory.
    """
    pending: deque[tuple[Task[PreparedFile], int]] = deque()
    in_flight = 0
    window = IN_FLIGHT_PER_WORKER * max(preparers.workers, 1)
    for source, size in zip(sources, sizes, strict=True):
        if streamed(source, size):
            while pending:
                yield pending.popleft()[0].get()
            in_flight = 0
            yield source
            continue
        pending.append((preparers.file(source), size))
        in_flight += size
        while len(pending) >= window and (
            in_flight >= IN_FLIGHT_BYTES or len(pending) >= 16 * window
        ):
            done, done_size = pending.popleft()
            in_flight -= done_size
            yield done.get()
    while pending:
        yield pending.popleft()[0].get()


def store_batch(
    session: Session,
    batch: list[PreparedFile],
    commit: Commit,
    rollback: Commit,
    on_stored: OnStored,
) -> Iterator[FileReport]:
    """Store prepared files in one transaction; if the database refuses it, one by one.

    A file is rejected before anything of it is written, so a batch only fails on a
    database error, and then its files are stored again one transaction each so only the
    failing one is lost. `on_stored` runs for each report inside the transaction.
    """
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
    commit: Commit,
    rollback: Commit,
    on_stored: OnStored,
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
            report = refused(prepared.name, exc, list(prepared.errors))
        yield report


def refused(name: str, exc: Exception, errors: list[LineError] | None = None) -> FileReport:
    """The report of a file the database refused."""
    return FileReport(
        path=name, errors=errors or [], reason=f"the database refused it: {type(exc).__name__}"
    )


def bulk_pragmas(session: Session) -> None:
    """A larger SQLite page cache while importing: index inserts in random uid order hit it."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # 16 MB instead of 2 MB; per connection, so requests served elsewhere are unaffected.
        # 64 MB measured no faster (the corpus import's CPU within noise) and was a fifth of
        # the importer's peak memory.
        connection.exec_driver_sql("PRAGMA cache_size=-16384")


def import_paths(
    session: Session,
    paths: Sequence[Path],
    tokenizer: Tokenizer,
    options: ImportOptions,
    commit: Commit,
    rollback: Commit,
    *,
    workers: int | None = None,
    on_stored: OnStored = None,
) -> Iterator[FileReport]:
    """import_files() of paths, as the benchmarks and older callers call it."""
    from annotator.services.importing.files import import_files

    return import_files(
        session,
        list(paths),
        options,
        commit=commit,
        rollback=rollback,
        tokenizer=tokenizer,
        workers=workers,
        on_stored=on_stored,
    )
