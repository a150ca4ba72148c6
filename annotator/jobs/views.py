"""Job pages: one job's progress bar and outcome, the admins' list of recent jobs, cancel."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import OperationalError

from annotator.auth.permissions import role_required
from annotator.export.forms import ExportJobForm
from annotator.extensions import db
from annotator.jobs.messages import (
    KINDS,
    STAGES,
    STATUSES,
    UNITS,
    job_message,
    progress_line,
    script_words,
)
from annotator.jobs.starting import start_export
from annotator.jobs.work import discard_files, export_path
from annotator.models import Job, User
from annotator.services.exporting import ExportOptions
from annotator.services.jobs import job_progress, recent_jobs, request_cancel, visible_job

bp = Blueprint("jobs", __name__)
LIST_LIMIT = 100


@bp.app_template_filter("job_message")
def _job_message(text: str | None) -> str:
    return job_message(text)


@bp.app_context_processor
def _job_words() -> dict[str, object]:
    return {
        "job_kinds": KINDS,
        "job_statuses": STATUSES,
        "job_stages": STAGES,
        "job_units": UNITS,
        "job_script_words": script_words,
        "progress_line": progress_line,
        "job_progress": job_progress,
    }


def job_or_404(job_id: int) -> Job:
    """The job if the signed-in user may see it (admins: all; others: their own)."""
    job = visible_job(db.session, job_id, current_user)  # type: ignore[arg-type]
    if job is None:
        abort(404)
    return job


def cancel_job(job: Job) -> bool:
    """Ask the job to stop, commit; a job that never ran loses its waiting upload now."""
    was_queued = job.status == "queued"
    cancelled = request_cancel(db.session, job)
    db.session.commit()
    if cancelled and was_queued:
        discard_files(job.id, job.kind, keep_result=False)
    return cancelled


@bp.get("/jobs/<int:job_id>")
@role_required("editor")
def job_page(job_id: int) -> ResponseReturnValue:
    """One job: its progress bar (updated by jobs.js), outcome and errors."""
    job = job_or_404(job_id)
    return render_template(
        "jobs/job.html", job=job, progress=job_progress(job), cancel_form=FlaskForm()
    )


@bp.post("/jobs/<int:job_id>/cancel")
@role_required("editor")
def cancel(job_id: int) -> ResponseReturnValue:
    """Cancel a job; a running one stops at its next progress report and writes nothing."""
    form = FlaskForm()
    job = job_or_404(job_id)
    if not form.validate_on_submit():
        abort(400)
    try:
        cancelled = cancel_job(job)
    except OperationalError:  # SQLite: a job's final insert holds the one write lock
        db.session.rollback()
        flash(_("The database is busy with a job's last step; try again in a moment."), "error")
        return redirect(url_for("jobs.job_page", job_id=job_id))
    if cancelled:
        flash(_("Cancelling the job."), "ok")
    else:
        flash(_("The job had already ended."), "error")
    return redirect(url_for("jobs.job_page", job_id=job.id))


@bp.get("/jobs/<int:job_id>/download")
@role_required("reviewer")
def download(job_id: int) -> ResponseReturnValue:
    """The finished export job's zip: the export file, its dataset card and articles.jsonl."""
    job = job_or_404(job_id)
    path = export_path(job.id)
    if job.kind != "export" or job.status != "succeeded" or not path.is_file():
        abort(404)
    return send_file(
        path,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"annotator-export-{job.id}.zip",
    )


@bp.post("/jobs/export")
@role_required("reviewer")
def start_export_page() -> ResponseReturnValue:
    """Start an export with its dataset card in the background; show its progress."""
    form = ExportJobForm(prefix="job")
    if not form.validate_on_submit():
        abort(400, description="Unknown export options.")
    options = ExportOptions(
        format=form.format.data or "native",
        status=form.status.data or "all",
        include_boilerplate=bool(form.include_boilerplate.data),
    )
    return redirect(url_for("jobs.job_page", job_id=start_export(options).id))


@bp.get("/jobs")
@role_required("admin")
def list_page() -> ResponseReturnValue:
    """Recent jobs of everyone, newest first, with outcome and errors."""
    jobs = recent_jobs(db.session, LIST_LIMIT)
    user_ids = {j.created_by_id for j in jobs if j.created_by_id is not None}
    users = {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(user_ids)))}
    rows = [(job, job_progress(job), users.get(job.created_by_id or 0)) for job in jobs]
    return render_template("jobs/list.html", rows=rows, cancel_form=FlaskForm())
