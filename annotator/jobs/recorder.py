"""A job's row written on its own connection, apart from the transaction doing the work.

The work's transaction (one per imported file) stays invisible until it commits, so the
progress bar cannot be written in it. Progress goes through a second connection in short
transactions of its own. On SQLite, while the work holds the write lock, a progress write
gives up at once rather than wait: the next report tries again, and the bar shows the stage.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from annotator.models import Job, utcnow
from annotator.services.jobs import JobCancelled

JOBS: Table = Job.__table__  # type: ignore[assignment]
# SQLite's wait for the write lock while the job's own transaction may hold it, ms.
PROGRESS_WAIT_MS = 50
NORMAL_WAIT_MS = 10000


class JobRecorder:
    """Claims one job, reports its progress and cancellation, and records its end."""

    def __init__(self, engine: Engine, job_id: int, worker: str, interval: float = 0.5) -> None:
        self.engine = engine
        self.job_id = job_id
        self.worker = worker
        self.interval = interval
        self._last = 0.0
        self.sqlite = engine.dialect.name == "sqlite"

    def _execute(self, statement: Any, *, wait: bool) -> int:
        with self.engine.connect() as conn:
            quick = self.sqlite and not wait
            if quick:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={PROGRESS_WAIT_MS}")
            try:
                rows = conn.execute(statement).rowcount
                conn.commit()
                return rows
            finally:
                if quick:
                    _restore_wait(conn)

    def _mine(self) -> Any:
        return (JOBS.c.id == self.job_id) & (JOBS.c.worker == self.worker)

    def claim(self) -> bool:
        """Mark the job running on this worker; False if it is not queued (cancelled, taken)."""
        now = utcnow()
        claimed = self._execute(
            update(JOBS)
            .where(JOBS.c.id == self.job_id, JOBS.c.status == "queued")
            .values(
                status="running",
                worker=self.worker,
                started_at=now,
                heartbeat_at=now,
                attempts=JOBS.c.attempts + 1,
                done=0,
                stage="",
            ),
            wait=True,
        )
        return claimed == 1

    def cancel_requested(self) -> bool:
        """Whether someone asked the job to stop (a read: never waits for a lock)."""
        with self.engine.connect() as conn:
            return bool(
                conn.scalar(select(JOBS.c.cancel_requested).where(JOBS.c.id == self.job_id))
            )

    def report(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        """Record progress at most every `interval` seconds; raise JobCancelled if asked to."""
        now = time.monotonic()
        final = total is not None and done >= total
        if now - self._last < self.interval and not final and stage is None:
            return
        self._last = now
        if self.cancel_requested():
            raise JobCancelled()
        values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
        if total is not None:
            values["total"] = total
        if stage is not None:
            values["stage"] = stage
        self._try(update(JOBS).where(self._mine()).values(**values))

    def heartbeat(self) -> None:
        """Say the worker is still at it (for workers on other machines' recovery)."""
        self._try(update(JOBS).where(self._mine()).values(heartbeat_at=utcnow()))

    def _try(self, statement: Any) -> None:
        try:
            self._execute(statement, wait=False)
        except OperationalError:
            pass  # SQLite's write lock is the job's own: the next report will get through

    def finish(
        self, status: str, *, result: dict[str, Any] | None = None, error: str | None = None
    ) -> None:
        """Record how the job ended (unless recovery already gave it to someone else)."""
        values: dict[str, Any] = {
            "status": status,
            "finished_at": utcnow(),
            "result": result,
            "error": error,
            "stage": "",
        }
        self._execute(
            update(JOBS).where(self._mine(), JOBS.c.status == "running").values(**values),
            wait=True,
        )


def _restore_wait(conn: Connection) -> None:
    try:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={NORMAL_WAIT_MS}")
    except OperationalError:
        conn.invalidate()  # never hand a connection with the short wait back to the pool


def stale_before(seconds: int) -> Any:
    """The heartbeat time before which a worker on another machine counts as gone."""
    return utcnow() - timedelta(seconds=seconds)
