"""Upload article files: each is read in memory, imported in its own transaction, reported."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from annotator.article_import.forms import ACCEPT, UploadForm
from annotator.article_import.names import display_name
from annotator.article_import.reasons import translate_reason
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.jobs.starting import in_background, recent_import_jobs, start_import
from annotator.services.importing import RECOGNISED_SUFFIXES, SUPPORTED_SUFFIXES, import_file
from annotator.services.importing.store import FileReport, ImportOptions
from annotator.services.tokenizer import get_tokenizer

bp = Blueprint("article_import", __name__)
bp.add_app_template_filter(translate_reason, "import_reason")
MAX_FILES = 200


def import_upload(upload: FileStorage, options: ImportOptions) -> FileReport:
    """Import one uploaded file in its own transaction; its name never touches the disk."""
    name = display_name(upload.filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in RECOGNISED_SUFFIXES:  # a .doc gets the reader's own reason
        types = ", ".join(SUPPORTED_SUFFIXES)
        return FileReport(path=name, reason=_("only %(types)s files are accepted", types=types))
    data = upload.stream.read(options.max_bytes + 1)
    # A pure path has no way to open a file: the bytes are handed over, the name only
    # decides the format and is recorded with the articles.
    label = PurePosixPath(name)
    try:
        report = import_file(
            db.session,
            label,  # type: ignore[arg-type]
            get_tokenizer(db.session),
            options,
            display_name=name,
            data=data,
        )
    except Exception:
        db.session.rollback()
        raise
    if report.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    return report


@bp.route("/import", methods=["GET", "POST"])
@role_required("admin")
def index() -> ResponseReturnValue:
    """Show the upload form; import the files sent and report on each."""
    form = UploadForm()
    reports: list[FileReport] = []
    status = 200
    if form.validate_on_submit():
        uploads = [f for f in form.files.data if isinstance(f, FileStorage) and f.filename]
        config = current_app.config
        options = ImportOptions(
            source=form.source.data or None,
            skip_invalid=bool(form.skip_invalid.data),
            target=config["PASSAGE_TARGET"],
            hard_max=config["PASSAGE_HARD_MAX"],
            max_bytes=config["MAX_IMPORT_BYTES"],
        )
        if len(uploads) > MAX_FILES:
            form.files.errors.append(_("At most %(n)s files at once.", n=MAX_FILES))
            status = 400
        else:
            # Files over JOBS_BACKGROUND_BYTES become background jobs (annotator.jobs).
            large = [u for u in uploads if in_background(u, display_name(u.filename))]
            reports = [import_upload(u, options) for u in uploads if u not in large]
            jobs = [start_import(u, display_name(u.filename), options) for u in large]
            if len(jobs) == 1 and not reports:
                return redirect(url_for("jobs.job_page", job_id=jobs[0].id))
    elif form.is_submitted():
        status = 400
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    page = render_template(
        "article_import/index.html",
        form=form,
        reports=reports,
        accept=ACCEPT,
        limit_mb=limit_mb,
        import_jobs=recent_import_jobs(),
    )
    return page, status
