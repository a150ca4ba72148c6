"""The rules under the pages: progress figures, recovery after a worker stops, the API shape."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import jsonschema

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.jobs.runner import worker_alive
from annotator.models import Job, utcnow
from annotator.services.jobs import create_job, job_payload, job_progress, recover_interrupted
from annotator.services.jobs.recovery import CANCELLED_WHILE_STOPPED, GAVE_UP, RESUMED

HOST = socket.gethostname()


def running(worker: str, *, attempts: int = 1, beat_ago: int = 0, cancel: bool = False) -> Job:
    job = create_job(db.session, "import", "x.jsonl", {}, None)
    now = utcnow()
    job.status, job.worker, job.attempts = "running", worker, attempts
    job.started_at = job.heartbeat_at = now - timedelta(seconds=beat_ago)
    job.done, job.total, job.cancel_requested = 40, 100, cancel
    return job


def test_progress_gives_rate_and_time_left_from_the_start_time():
    job = Job(kind="import", status="running", done=25, total=100)
    now = utcnow()
    job.started_at = now - timedelta(seconds=5)
    progress = job_progress(job, now)
    assert progress.percent == 25.0 and progress.rate == 5.0 and progress.seconds_left == 15.0
    job.status, job.finished_at, job.done = "succeeded", now, 90  # a total that was an estimate
    done = job_progress(job, now)
    assert done.done == 100 and done.seconds_left is None
    fresh = Job(kind="reindex", status="queued", done=0, total=None)
    assert job_progress(fresh, now) == job_progress(fresh, now)
    assert job_progress(fresh, now).rate is None and job_progress(fresh, now).percent is None


def test_recovery_requeues_fails_or_cancels_only_jobs_whose_worker_is_gone(app):
    dead = f"{HOST}:999999"
    alive = running(f"{HOST}:{os.getpid()}")
    resumed = running(dead)
    spent = running(dead, attempts=2)
    cancelled = running(dead, cancel=True)
    elsewhere_fresh = running("other-host:1", beat_ago=10)
    elsewhere_stale = running("other-host:2", beat_ago=600)
    db.session.commit()
    done = recover_interrupted(
        db.session,
        worker_alive=worker_alive,
        stale_before=utcnow() - timedelta(seconds=300),
        max_attempts=2,
    )
    db.session.commit()
    actions = {r.job_id: r.action for r in done}
    assert actions == {
        resumed.id: "requeued",
        spent.id: "failed",
        cancelled.id: "cancelled",
        elsewhere_stale.id: "requeued",
    }
    assert alive.status == elsewhere_fresh.status == "running"
    assert resumed.status == "queued" and resumed.done == 0 and resumed.note == RESUMED
    assert resumed.worker is None
    assert spent.status == "failed" and spent.error == GAVE_UP and spent.finished_at
    assert cancelled.status == "cancelled" and cancelled.note == CANCELLED_WHILE_STOPPED


def test_worker_alive_knows_this_machine_only():
    assert worker_alive(f"{HOST}:{os.getpid()}") is True
    assert worker_alive(f"{HOST}:999999") is False
    assert worker_alive("some-other-host:1") is None
    assert worker_alive("") is False


def test_the_payload_is_what_the_openapi_document_says(app):
    job = running(f"{HOST}:1")
    db.session.commit()
    document = openapi_document()
    schema = {**document["components"]["schemas"]["Job"], "$defs": {}}
    jsonschema.Draft202012Validator(schema).validate(job_payload(job))
