"""Run one job in the worker: claim it, do its work with a progress callback, record the end."""

from __future__ import annotations

import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Select, select

from annotator.extensions import db, remove_session
from annotator.jobs.recorder import JobRecorder, stale_before
from annotator.jobs.work import WORK, JobFailed, JobSpec, discard_files
from annotator.models import Job
from annotator.services.jobs import JobCancelled, recover_interrupted

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10.0
_worker_app: Flask | None = None


def worker_name() -> str:
    """This process as a job's `worker`: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def serve_jobs_from(app: Flask) -> None:
    """Make the queue's tasks in this process run against `app` (the worker's app)."""
    global _worker_app
    _worker_app = app


def run_task(job_id: int) -> None:
    """The huey task: run the job in the worker's app."""
    if _worker_app is None:
        raise RuntimeError("no app: start the worker with `annotator worker`")
    run_job(_worker_app, job_id)


def recover_task() -> None:
    """The huey periodic task: hand interrupted jobs back to the queue or fail them."""
    if _worker_app is not None:
        recover(_worker_app)


def run_job(app: Flask, job_id: int) -> str | None:
    """Run one queued job to its end; returns its final status (None: not ours to run)."""
    with app.app_context():
        recorder = JobRecorder(db.engine, job_id, worker_name())
        if not recorder.claim():
            return None
        job = db.session.get(Job, job_id)
        assert job is not None
        spec = JobSpec(job.id, job.kind, dict(job.params), job.created_by_id, job.attempts)
        db.session.rollback()  # the work starts with no transaction of ours open
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(recorder, stop), daemon=True)
        beat.start()
        status = "failed"
        outcome: dict[str, Any] = {}
        try:
            result = WORK[spec.kind](spec, recorder.report)
        except JobCancelled:
            db.session.rollback()
            status = "cancelled"
        except JobFailed as exc:
            db.session.rollback()
            outcome = {"result": exc.result, "error": exc.message}
        except Exception as exc:
            db.session.rollback()
            log.exception("job %s (%s) failed", spec.id, spec.kind)
            outcome = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            status = "succeeded"
            outcome = {"result": result}
        finally:
            stop.set()
            beat.join(timeout=1)
            remove_session()
        # The files go before the outcome is recorded: whoever sees the job ended never
        # finds its upload still waiting.
        discard_files(spec.id, spec.kind, keep_result=status == "succeeded")
        recorder.finish(status, **outcome)
    return status


def _beat(recorder: JobRecorder, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        recorder.heartbeat()


def worker_alive(worker: str) -> bool | None:
    """True/False for a worker process on this machine; None for another machine's."""
    host, _, pid_text = worker.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None if host else False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped still has its pid
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def recover(app: Flask, *, at_start: bool = False) -> list[int]:
    """Requeue or fail the jobs whose worker stopped; at start, requeue lost messages too.

    Returns the ids put back on the queue.
    """
    from annotator.jobs.queue import job_queue

    with app.app_context():
        recovered = recover_interrupted(
            db.session,
            worker_alive=worker_alive,
            stale_before=stale_before(app.config["JOBS_STALE_SECONDS"]),
            max_attempts=app.config["JOBS_MAX_ATTEMPTS"],
        )
        db.session.commit()
        again = [r.job_id for r in recovered if r.action == "requeued"]
        for r in recovered:
            log.warning("job %s: worker gone, %s", r.job_id, r.action)
            if r.action != "requeued":  # ended: its upload or partial export goes
                discard_files(r.job_id, r.kind, keep_result=False)
        queue = job_queue(app)
        if at_start:
            # A message a dead worker had taken but not yet claimed is in neither place.
            pending = queue.pending_job_ids()
            waiting = db.session.scalars(select_queued()).all()
            again += [job_id for job_id in waiting if job_id not in pending and job_id not in again]
        remove_session()
    for job_id in again:
        queue.enqueue(job_id)
    return again


def select_queued() -> Select[int]:
    """The ids of queued jobs."""
    return select(Job.id).where(Job.status == "queued").order_by(Job.id)
