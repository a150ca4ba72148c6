"""The one way files are imported: the CLI, quickstart, the upload page and jobs call it.

import_files() reads, prepares and stores each file, and ends each file's unit of work
itself through the `commit` and `rollback` it is handed (the caller's session's own): a
file is committed unless it is rejected, and a rejected file leaves nothing behind. Small
files share transactions in batches (each file still whole or not at all); a large JSONL
or CSV file is streamed in a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from annotator.services.importing.bulk import (
    BATCH_PASSAGES,
    Commit,
    OnStored,
    bulk_pragmas,
    prepared_in_order,
    refused,
    store_batch,
)
from annotator.services.importing.prepare import ImportOptions, PreparedFile
from annotator.services.importing.sources import ImportSource
from annotator.services.importing.store import FileReport
from annotator.services.importing.stream import import_stream
from annotator.services.importing.workers import Preparers, import_workers
from annotator.text.tokenize import Tokenizer

# Told (bytes of the files stored so far, bytes of all the files) as the import goes.
OnProgress = Callable[[int, int], None]


def import_options(
    config: Mapping[str, Any], *, source: str | None = None, skip_invalid: bool = False
) -> ImportOptions:
    """The options an import runs with under the app's configuration."""
    return ImportOptions(
        source=source,
        skip_invalid=skip_invalid,
        target=config["PASSAGE_TARGET"],
        hard_max=config["PASSAGE_HARD_MAX"],
        max_bytes=config["MAX_IMPORT_BYTES"],
    )


def import_files(
    session: Session,
    sources: Sequence[ImportSource | Path],
    options: ImportOptions,
    *,
    commit: Commit,
    rollback: Commit,
    tokenizer: Tokenizer | None = None,
    on_stored: OnStored = None,
    on_progress: OnProgress | None = None,
    workers: int | None = None,
) -> Iterator[FileReport]:
    """Import files in order, yielding each one's report once it is committed or rolled back.

    `on_stored` runs for each stored file's report inside its transaction, before the
    commit (to restrict its new articles, say). `workers`: processes that prepare files
    (None: one per core when there is enough work, 0: none).
    """
    if tokenizer is None:
        from annotator.services.tokenizer import get_tokenizer

        tokenizer = get_tokenizer(session)
    files = [s if isinstance(s, ImportSource) else ImportSource.from_path(s) for s in sources]
    sizes = [f.size() for f in files]
    total, done = sum(sizes), 0

    def progress(now: int) -> None:
        if on_progress is not None:
            on_progress(min(now, total), total)

    count = import_workers(len(files), sizes) if workers is None else workers
    bulk_pragmas(session)
    with Preparers(tokenizer, options, count) as preparers:
        batch: list[PreparedFile] = []
        batch_bytes = passages = 0
        for item, size in zip(prepared_in_order(files, sizes, preparers), sizes, strict=True):
            if isinstance(item, ImportSource):
                yield from store_batch(session, batch, commit, rollback, on_stored)
                done += batch_bytes
                batch, batch_bytes, passages = [], 0, 0
                yield _stream_one(
                    session,
                    item,
                    preparers,
                    options,
                    commit,
                    rollback,
                    on_stored,
                    partial(_shifted, progress, done),
                )
                done += size
                progress(done)
                continue
            # A rejected file joins the batch too (nothing of it is written) so reports keep
            # the order of the files.
            batch.append(item)
            batch_bytes += size
            passages += sum(len(a.passages) for a in item.articles)
            if passages >= BATCH_PASSAGES:
                yield from store_batch(session, batch, commit, rollback, on_stored)
                done += batch_bytes
                batch, batch_bytes, passages = [], 0, 0
                progress(done)
        yield from store_batch(session, batch, commit, rollback, on_stored)
    progress(total)


def _shifted(progress: Callable[[int], None], start: int, stored: int) -> None:
    progress(start + stored)


def _stream_one(
    session: Session,
    source: ImportSource,
    preparers: Preparers,
    options: ImportOptions,
    commit: Commit,
    rollback: Commit,
    on_stored: OnStored,
    progress: Callable[[int], None],
) -> FileReport:
    """One large JSONL or CSV file in its own transaction: committed unless rejected."""
    try:
        report = import_stream(session, source, preparers, options, progress)
        if report.status == "rejected":
            rollback()
            return report
        if on_stored is not None:
            on_stored(report)
        commit()
    except SQLAlchemyError as exc:
        rollback()
        return refused(source.name, exc)
    except BaseException:
        rollback()
        raise
    return report
