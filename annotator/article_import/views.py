"""Upload article files: each is read in memory, imported in its own transaction, reported."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from annotator.article_import.forms import ACCEPT, UploadForm
from annotator.article_import.reasons import translate_reason
from annotator.auth.permissions import role_required
from annotator.extensions import db
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


def display_name(raw: str | None) -> str:
    """A file name fit to show: its last part only, no control characters, bounded."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name  # browsers may send C:\\x\\y.txt
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "(unnamed)"


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
            session, [source], options, commit=session.commit, rollback=session.rollback,  # type: ignore[arg-type]
            workers=0,
        )  # fmt: skip
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
            reports = [import_upload(upload, options) for upload in uploads]
    elif form.is_submitted():
        status = 400
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    return render_template(
        "article_import/index.html", form=form, reports=reports, accept=ACCEPT, limit_mb=limit_mb
    ), status
