"""Jobs whose worker stopped mid-way: queued again while attempts are left, else failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Job, utcnow

# Stored in English and shown translated (annotator/jobs/messages.py).
RESUMED = "The worker stopped while running this job; it was started again from the beginning."
GAVE_UP = "The worker stopped while running this job, each time it was started."
CANCELLED_WHILE_STOPPED = "Cancelled; the worker stopped before it could."


@dataclass(frozen=True)
class Recovered:
    """What recovery did with one interrupted job."""

    job_id: int
    kind: str
    action: str  # "requeued", "failed" or "cancelled"


def recover_interrupted(
    session: Session,
    *,
    worker_alive: Callable[[str], bool | None],
    stale_before: datetime,
    max_attempts: int,
) -> list[Recovered]:
    """Find running jobs whose worker is gone and queue them again or fail them, with why.

    `worker_alive(worker)` says True/False for a worker it can check (one on this machine)
    and None for one it cannot; those count as gone once their heartbeat is older than
    `stale_before`. Every job's work is one transaction or resumable by design (imports
    roll back whole; re-indexing picks up the stale articles; training and exports start
    over), so running it again is safe. Rows are flushed; the caller commits, then enqueues.
    """
    recovered: list[Recovered] = []
    for job in session.scalars(select(Job).where(Job.status == "running").order_by(Job.id)):
        alive = worker_alive(job.worker or "")
        if alive:
            continue
        last_sign = job.heartbeat_at or job.started_at or job.created_at
        if alive is None and last_sign > stale_before:
            continue
        job.worker = None
        job.stage = ""
        if job.cancel_requested:
            job.status, job.finished_at, job.note = "cancelled", utcnow(), CANCELLED_WHILE_STOPPED
            recovered.append(Recovered(job.id, job.kind, "cancelled"))
        elif job.attempts < max_attempts:
            job.status, job.done, job.note = "queued", 0, RESUMED
            recovered.append(Recovered(job.id, job.kind, "requeued"))
        else:
            job.status, job.finished_at, job.error = "failed", utcnow(), GAVE_UP
            recovered.append(Recovered(job.id, job.kind, "failed"))
    session.flush()
    return recovered
