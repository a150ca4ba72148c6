"""JSON API for background jobs: start one, follow its progress, cancel it, list them."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, NoReturn

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import FileStorage

from annotator.article_import.names import display_name
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.jobs.starting import start_export, start_import, start_reindex, start_train
from annotator.jobs.views import LIST_LIMIT, cancel_job, job_or_404
from annotator.models import Job
from annotator.models.jobs import JOB_KINDS
from annotator.services.exporting import ExportOptionError, ExportOptions
from annotator.services.importing import (
    RECOGNISED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    import_options,
)
from annotator.services.jobs import job_payload, recent_jobs

bp = Blueprint("jobs_api", __name__)


def _bad(field: str, message: str) -> NoReturn:
    response = jsonify({"error": message, "field": field})
    response.status_code = 400
    abort(response)


def _accepted(job: Job) -> ResponseReturnValue:
    body = job_payload(job)
    status = 502 if job.status == "failed" else 202  # the queue could not take it
    return body, status, {"Location": url_for("jobs_api.api_job", job_id=job.id)}


@bp.get("/api/jobs/<int:job_id>")
@role_required("editor")
def api_job(job_id: int) -> ResponseReturnValue:
    """One job's progress and outcome (your own; admins: any)."""
    return job_payload(job_or_404(job_id))


@bp.get("/api/jobs")
@role_required("admin")
def api_jobs() -> ResponseReturnValue:
    """Recent jobs, newest first (admins)."""
    kind = request.args.get("kind")
    if kind is not None and kind not in JOB_KINDS:
        _bad("kind", f"kind must be one of {', '.join(JOB_KINDS)}")
    jobs = recent_jobs(db.session, LIST_LIMIT, kind=kind)
    return {"jobs": [job_payload(job) for job in jobs]}


@bp.post("/api/jobs/<int:job_id>/cancel")
@role_required("editor")
def api_cancel(job_id: int) -> ResponseReturnValue:
    """Cancel a job; 409 if it had already ended."""
    job = job_or_404(job_id)
    try:
        cancelled = cancel_job(job)
    except OperationalError:  # SQLite: a job's final insert holds the one write lock
        db.session.rollback()
        busy = {"error": "the database is busy with a job's last step; retry", "field": None}
        return busy, 503, {"Retry-After": "2"}
    if not cancelled:
        return {**job_payload(job), "error": "the job had already ended"}, 409
    return job_payload(job)


@bp.post("/api/jobs/import")
@role_required("admin")
def api_start_import() -> ResponseReturnValue:
    """Import one file (multipart field `file`) as a background job, whatever its size."""
    upload = request.files.get("file")
    if not isinstance(upload, FileStorage) or not upload.filename:
        _bad("file", "send the file as the multipart field `file`")
    name = display_name(upload.filename)
    if PurePosixPath(name).suffix.lower() not in RECOGNISED_SUFFIXES:
        _bad("file", f"only {', '.join(SUPPORTED_SUFFIXES)} files are accepted")
    options = import_options(
        current_app.config,
        source=(request.form.get("source") or "").strip()[:200] or None,
        skip_invalid=request.form.get("skip_invalid", "") in ("1", "true", "on", "yes"),
    )
    return _accepted(start_import(upload, name, options))


@bp.post("/api/jobs/reindex")
@role_required("admin")
def api_start_reindex() -> ResponseReturnValue:
    """Re-index the articles a dictionary change made stale, as a background job."""
    return _accepted(start_reindex())


@bp.post("/api/jobs/train")
@role_required("admin")
def api_start_train() -> ResponseReturnValue:
    """Train the suggester as a background job (force=1: even if the labels did not change)."""
    return _accepted(start_train(force=request.args.get("force") == "1"))


@bp.post("/api/jobs/export")
@role_required("reviewer")
def api_start_export() -> ResponseReturnValue:
    """Export with its dataset card as a background job; download the zip when it is done."""
    body: Any = request.get_json(silent=True) if request.data else {}
    if not isinstance(body, dict):
        _bad("body", "send a JSON object")
    unknown = set(body) - {"format", "status", "include_boilerplate", "offset_unit"}
    if unknown:
        _bad(sorted(unknown)[0], "unknown field")
    include = body.get("include_boilerplate", False)
    if not isinstance(include, bool):
        _bad("include_boilerplate", "must be true or false")
    for name in ("format", "status", "offset_unit"):
        if name in body and not isinstance(body[name], str | None):
            _bad(name, "must be a string")
    try:
        options = ExportOptions(
            format=body.get("format") or "native",
            status=body.get("status") or "all",
            include_boilerplate=include,
            offset_unit=body.get("offset_unit"),
        )
    except ExportOptionError as exc:
        _bad(exc.field or "body", str(exc))
    return _accepted(start_export(options))
