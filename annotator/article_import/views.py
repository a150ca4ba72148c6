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
from annotator.services.importing import (
    RECOGNISED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    FileReport,
    ImportOptions,
    ImportSource,
    import_files,
    import_options,
)

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
    # The bytes are handed over: the name only decides the format and is recorded with
    # the articles. Read one byte past the limit, so a larger file is known to be one.
    source = ImportSource.from_bytes(name, upload.stream.read(options.max_bytes + 1))
    session = db.session
    try:
        (report,) = import_files(
            session,
            [source],
            options,
            commit=session.commit,
            rollback=session.rollback,
            workers=0,
        )
    except Exception:
        session.rollback()
        raise
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
        options = import_options(
            current_app.config,
            source=form.source.data or None,
            skip_invalid=bool(form.skip_invalid.data),
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
