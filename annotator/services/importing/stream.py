"""Import one large JSONL or CSV file as a stream, in its own transaction.

The file is read a block of lines at a time; its articles go to the preparers in tasks of
about TASK_CHARS characters, and prepared articles are stored as they come back, in file
order, while later tasks are still being prepared. What is in memory at once is bounded
by IN_FLIGHT_CHARS of article text handed out and not yet stored (plus a store batch),
whatever the file's size. Nothing is committed until the whole file is read: a line that
rejects the file (skip_invalid off) stops the storing, and the caller's rollback undoes
what was stored, so the file is still all or nothing.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable

from sqlalchemy.orm import Session

from annotator.services.importing.prepare import ImportOptions
from annotator.services.importing.readers import (
    FileRejected,
    LineError,
    RawArticle,
    stream_article_file,
)
from annotator.services.importing.rows import ReadyArticle
from annotator.services.importing.sources import ImportSource, too_large
from annotator.services.importing.store import FileReport, settle, store_articles
from annotator.services.importing.workers import Prepared, Preparers, Task

# Article text per task: large enough that handing it out costs little, small enough that
# every worker gets several tasks from a file of a few MB.
TASK_CHARS = 256 * 1024
# Without workers (a background job) a task is prepared in this process when taken: then it
# is only the step the progress bar moves by, and small steps cost nothing extra.
TASK_CHARS_IN_PROCESS = 16 * 1024
# Article text handed out and not yet stored: enough to keep every worker busy while a
# batch is stored (two tasks each), and the bound on what a file of any size holds in
# memory: its prepared rows take about 8 bytes per character of text (4M: ~70 MB more
# peak memory in the importer, no faster).
IN_FLIGHT_CHARS = 1024 * 1024
# Store once this many passages are prepared: few statements, each a bulk insert.
STORE_PASSAGES = 10_000


class _Stream:
    """The state of one streamed file: what is handed out, what waits to be stored."""

    def __init__(
        self,
        session: Session,
        report: FileReport,
        options: ImportOptions,
        progress: Callable[[int], None],
        in_flight_chars: int,
        store_passages: int,
    ) -> None:
        self.session, self.report, self.options, self.progress = session, report, options, progress
        self.in_flight_chars, self.store_passages = in_flight_chars, store_passages
        self.pending: deque[tuple[Task[Prepared], int, int]] = deque()  # task, chars, offset
        self.in_flight = 0
        self.ready: list[ReadyArticle] = []
        self.ready_passages = 0
        self.ready_offset = 0
        self.errors: list[LineError] = []
        self.any_ready = False

    @property
    def rejected(self) -> bool:
        """An invalid line with skip_invalid off: the file will be rolled back."""
        return bool(self.errors) and not self.options.skip_invalid

    def hand_out(self, task: Task[Prepared], chars: int, offset: int) -> None:
        self.pending.append((task, chars, offset))
        self.in_flight += chars
        while self.in_flight > self.in_flight_chars:
            self.take_one()

    def take_one(self) -> None:
        task, chars, offset = self.pending.popleft()
        self.in_flight -= chars
        ready, errors = task.get()
        self.errors += errors
        self.any_ready = self.any_ready or bool(ready)
        if self.rejected:
            self.ready, self.ready_passages = [], 0
            return
        self.ready += ready
        self.ready_passages += sum(len(a.passages) for a in ready)
        self.ready_offset = offset
        if self.ready_passages >= self.store_passages:
            self.store()
        else:
            self.progress(offset)  # prepared, stored with the next batch

    def store(self) -> None:
        if not self.ready:
            return
        ids = store_articles(self.session, self.ready)
        for article_id, article in zip(ids, self.ready, strict=True):
            if article_id is not None:
                self.report.article_ids.append(article_id)
                self.report.passages += len(article.passages)
        self.ready, self.ready_passages = [], 0
        self.progress(self.ready_offset)

    def finish(self) -> None:
        while self.pending:
            self.take_one()
        if not self.rejected:
            self.store()


def import_stream(
    session: Session,
    source: ImportSource,
    preparers: Preparers,
    options: ImportOptions,
    progress: Callable[[int], None] = lambda done: None,
) -> FileReport:
    """Store a JSONL or CSV file's articles into the session's transaction, streaming.

    The report says "rejected" when the caller must roll back (then some rows may have
    been added); otherwise the caller commits. `progress` is told how many of the file's
    bytes are prepared (they are stored in batches of STORE_PASSAGES, and at the end).
    """
    report = FileReport(path=source.name)
    # Prepared in this process, a task is taken as soon as it is handed out (nothing runs
    # beside it) and is only a progress step: small ones keep a job's bar moving.
    in_process = not preparers.workers
    task_chars = TASK_CHARS_IN_PROCESS if in_process else TASK_CHARS
    # On SQLite a stored batch holds the database's one write lock until the file commits.
    # A background job (prepared in this process, beside a serving app) therefore stores its
    # file at the end: editors' saves and the job's own progress and cancel wait only for
    # the final insert, not for the whole file (memory: ~8 bytes per character of text).
    sqlite = session.get_bind().dialect.name == "sqlite"
    store_passages = sys.maxsize if in_process and sqlite else STORE_PASSAGES
    stream = _Stream(
        session, report, options, progress, 0 if in_process else IN_FLIGHT_CHARS, store_passages
    )
    try:
        if source.size() > options.max_bytes:
            raise FileRejected(too_large(source.size(), options.max_bytes))
        with source.open() as binary:
            read = stream_article_file(source.filename, binary)
            chunk: list[RawArticle] = []
            chars = 0
            for record in read.records:
                if isinstance(record, LineError):
                    stream.errors.append(record)
                    continue
                if stream.rejected:
                    continue  # read on only to report every bad line
                chunk.append(record)
                chars += len(record.text)
                if chars >= task_chars:
                    task = preparers.articles(chunk, source.filename, read.encoding)
                    stream.hand_out(task, chars, binary.tell())
                    chunk, chars = [], 0
            if chunk and not stream.rejected:
                task = preparers.articles(chunk, source.filename, read.encoding)
                stream.hand_out(task, chars, binary.tell())
            stream.finish()
    except FileRejected as exc:
        report.reason = str(exc)
        report.article_ids, report.passages = [], 0
        return report
    report.errors = sorted(stream.errors, key=lambda e: e.line)
    if stream.rejected:
        first, more = report.errors[0], len(report.errors) - 1
        report.reason = f"line {first.line}: {first.reason}" + (
            f" (and {more} more)" if more else ""
        )
        report.article_ids, report.passages = [], 0
    elif not stream.any_ready:
        report.reason = "no valid articles in the file"
        if not report.errors:
            report.reason = "empty file"
    else:
        settle(report)
    return report
