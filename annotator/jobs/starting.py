"""Start a background job from a request: the row first, then the queue, then the answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import PurePosixPath
from typing import Any

from flask import current_app
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from annotator.extensions import db
from annotator.jobs.queue import job_queue
from annotator.jobs.work import discard_files, upload_path
from annotator.models import Job, utcnow
from annotator.services.exporting import ExportOptions
from annotator.services.importing import RECOGNISED_SUFFIXES
from annotator.services.importing.store import ImportOptions
from annotator.services.jobs import create_job, recent_jobs

QUEUE_DOWN = "The job queue could not be reached; try again, or ask an admin to check it."
COPY_CHUNK = 1024 * 1024


def upload_size(upload: FileStorage) -> int:
    """An uploaded file's size in bytes (werkzeug keeps large ones in a temporary file)."""
    stream = upload.stream
    position = stream.tell()
    size = stream.seek(0, 2)
    stream.seek(position)
    return size


def start_import(upload: FileStorage, name: str, options: ImportOptions) -> Job:
    """Queue the import of one uploaded file; the file waits in the jobs folder meanwhile."""

    def keep_upload(job: Job) -> None:
        limit = options.max_bytes + 1  # one byte past the limit tells the job it is too large
        with upload_path(job.id).open("wb") as out:
            while limit > 0 and (chunk := upload.stream.read(min(COPY_CHUNK, limit))):
                out.write(chunk)
                limit -= len(chunk)

    return start_job("import", name, {"name": name, "options": asdict(options)}, keep_upload)


def start_reindex() -> Job:
    """Queue re-indexing of the articles a dictionary change made stale."""
    return start_job("reindex", "", {})


def start_train(force: bool = False) -> Job:
    """Queue training of the suggester."""
    return start_job("train", "", {"force": force})


def start_export(options: ExportOptions) -> Job:
    """Queue an export with its dataset card."""
    return start_job("export", options.format, {"options": asdict(options)})


def start_job(kind: str, title: str, params: dict[str, Any], prepare: Any = None) -> Job:
    """Create the job row, commit it, then enqueue it (a worker must find the row)."""
    user_id = current_user.id if current_user.is_authenticated else None
    job = create_job(db.session, kind, title, params, user_id)
    job_id = job.id
    try:
        if prepare is not None:
            prepare(job)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard_files(job_id, kind, keep_result=False)
        raise
    try:
        job_queue(current_app).enqueue(job_id)
    except Exception as exc:  # Redis down, queue file unwritable: say so on the job
        current_app.logger.error("job %s not queued: %s", job.id, exc)
        job.status, job.finished_at, job.error = "failed", utcnow(), QUEUE_DOWN
        db.session.commit()
        discard_files(job.id, kind, keep_result=False)
    return job


def in_background(upload: FileStorage, name: str) -> bool:
    """Whether the upload page should import this file as a job: a known type, over the size."""
    suffix = PurePosixPath(name).suffix.lower()
    threshold = int(current_app.config["JOBS_BACKGROUND_BYTES"])
    return suffix in RECOGNISED_SUFFIXES and upload_size(upload) > threshold


def recent_import_jobs(limit: int = 10) -> Sequence[Job]:
    """The signed-in user's latest import jobs, for the upload page (it survives a reload)."""
    return recent_jobs(db.session, limit, kind="import", user_id=current_user.id)
