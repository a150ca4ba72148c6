"""Job rows: create one, ask it to stop, list the recent ones, and their JSON form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Job, User, utcnow
from annotator.services.jobs.progress import job_progress


class JobCancelled(Exception):
    """Raised inside a job's work when someone asked it to stop: its transaction rolls back."""


def create_job(
    session: Session, kind: str, title: str, params: dict[str, Any], user_id: int | None
) -> Job:
    """A queued job (flushed, so it has an id); the caller commits, then enqueues it."""
    job = Job(kind=kind, title=title[:200], params=params, created_by_id=user_id)
    session.add(job)
    session.flush()
    return job


def request_cancel(session: Session, job: Job) -> bool:
    """Stop a job: a queued one is cancelled now, a running one at its next progress report.

    False when the job has already ended (nothing to cancel).
    """
    if job.finished:
        return False
    job.cancel_requested = True
    if job.status == "queued":
        job.status = "cancelled"
        job.finished_at = utcnow()
        job.stage = ""
    session.flush()
    return True


def visible_job(session: Session, job_id: int, user: User) -> Job | None:
    """The job if this user may see it: admins see every job, others their own."""
    job = session.get(Job, job_id)
    if job is None or (user.role != "admin" and job.created_by_id != user.id):
        return None
    return job


def recent_jobs(
    session: Session, limit: int = 100, kind: str | None = None, user_id: int | None = None
) -> Sequence[Job]:
    """The newest jobs first (of one kind, of one user)."""
    stmt = select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    if kind is not None:
        stmt = stmt.where(Job.kind == kind)
    if user_id is not None:
        stmt = stmt.where(Job.created_by_id == user_id)
    return session.scalars(stmt).all()


def job_payload(job: Job) -> dict[str, Any]:
    """The job as the API and the page's script see it (stable keys)."""
    progress = job_progress(job)
    return {
        "id": job.id,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "stage": job.stage,
        "done": progress.done,
        "total": progress.total,
        "percent": progress.percent,
        "rate": None if progress.rate is None else round(progress.rate, 2),
        "seconds_left": None if progress.seconds_left is None else round(progress.seconds_left),
        "cancel_requested": job.cancel_requested,
        "attempts": job.attempts,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "result": job.result,
        "error": job.error,
        "note": job.note,
        "finished": job.finished,
    }
