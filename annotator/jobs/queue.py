"""The job queue: huey, on a SQLite file in the instance folder or on Redis for a team.

huey carries only a job's id; the `jobs` table (annotator.models.jobs) holds what was asked
and how far it got. The SQLite queue is its own file, not the app's database: enqueueing
must not wait behind a long import's write lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

from annotator.private_files import private_dir, private_file

RUN_TASK = "annotator.run_job"
RECOVER_TASK = "annotator.recover_jobs"


@dataclass
class JobQueue:
    """The huey instance and the two tasks registered on it."""

    huey: Huey
    run: Any  # huey TaskWrapper: run(job_id) enqueues
    recover: Any

    def enqueue(self, job_id: int) -> None:
        """Ask a worker to run this job."""
        self.run(job_id)

    def pending_job_ids(self) -> set[int]:
        """Job ids waiting in the queue (not those a worker has taken)."""
        return {int(task.args[0]) for task in self.huey.pending() if task.name == RUN_TASK}


def jobs_folder(app: Flask | None = None) -> Path:
    """Where uploads wait for their job and finished exports are kept (created 0700)."""
    app = app or current_app
    folder = Path(app.config.get("JOBS_DIR") or Path(app.instance_path) / "jobs")
    private_dir(folder)
    return folder


def make_huey(app: Flask) -> Huey:
    """huey on Redis when JOBS_QUEUE is a redis:// URL, else on a SQLite file."""
    url = app.config.get("JOBS_QUEUE") or ""
    name = app.config.get("JOBS_QUEUE_NAME") or "annotator"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
    elif url:
        raise ValueError(f"ANNOTATOR_JOBS_QUEUE: use redis://… or sqlite:///FILE, not {url!r}")
    else:
        path = Path(app.instance_path) / "jobs-queue.sqlite3"
    private_dir(path.parent)
    private_file(path)
    return SqliteHuey(name, filename=str(path), results=False)


def job_queue(app: Flask | None = None) -> JobQueue:
    """This app's queue, built once."""
    app = app or current_app
    queue = app.extensions.get("annotator_jobs")
    if queue is None:
        from annotator.jobs.runner import recover_task, run_task

        huey = make_huey(app)
        run = huey.task(name=RUN_TASK)(run_task)
        recover = huey.periodic_task(crontab(minute="*"), name=RECOVER_TASK)(recover_task)
        queue = JobQueue(huey, run, recover)
        app.extensions["annotator_jobs"] = queue
    return queue
