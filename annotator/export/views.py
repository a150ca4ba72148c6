"""Export page, streamed download and dataset card."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from annotator.api.read import streamed_export
from annotator.auth.permissions import role_required
from annotator.export.forms import ExportForm, ExportJobForm
from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.exporting import (
    CardStats,
    ExportOptions,
    agreement_from_stats,
    export_lines,
    render_card,
)
from annotator.services.schema import current_codebook_version, snapshot

bp = Blueprint("export", __name__)


def _options() -> tuple[ExportForm, ExportOptions | None]:
    form = ExportForm(formdata=request.args if request.args else None)
    if not request.args or not form.validate():
        return form, None
    return form, ExportOptions(
        format=form.format.data or "native",
        status=form.status.data or "all",
        include_boilerplate=bool(form.include_boilerplate.data),
    )


def cli_command(options: ExportOptions) -> str:
    """The `annotator export` command that writes the same file."""
    return shlex.join(["annotator", "export", *options.cli_arguments(), "-o", "FILE"])


@bp.get("/export")
@role_required("reviewer")
def index() -> ResponseReturnValue:
    """Choose a format and filters, then download the export or its dataset card."""
    form, options = _options()
    # Two counts, each answered from an index (the kind one for boilerplate); one count with a
    # FILTER reads every row's kind and cost five times as much on the benchmark corpus.
    counted = select(func.count()).select_from(Passage)
    passages, boilerplate = db.session.execute(
        select(
            counted.scalar_subquery(),
            counted.where(Passage.kind == "boilerplate").scalar_subquery(),
        )
    ).one()
    status = 400 if request.args and options is None else 200
    return render_template(
        "export/index.html",
        form=form,
        articles=db.session.scalar(select(func.count()).select_from(Article)),
        passages=passages,
        boilerplate=boilerplate,
        command=cli_command(options or ExportOptions()),
        job_form=ExportJobForm(prefix="job"),
    ), status


@bp.get("/export/download")
@role_required("reviewer")
def download() -> ResponseReturnValue:
    """Stream the export file; the same bytes as the CLI with the same options."""
    _, options = _options()
    if options is None:
        abort(400, description="Unknown export options.")
    return streamed_export(options)


@bp.get("/export/card")
@role_required("reviewer")
def card() -> ResponseReturnValue:
    """The dataset card (README.md) for an export with these options."""
    _, options = _options()
    if options is None:
        abort(400, description="Unknown export options.")
    stats = CardStats()
    for _ in export_lines(db.session, options, observe=stats.observe):
        pass  # the card needs the counts, not the lines
    card_snapshot = snapshot(db.session)
    text = render_card(
        stats,
        card_snapshot,
        options,
        command=cli_command(options).replace("FILE", "-"),
        generated_at=datetime.now(UTC),
        codebook_version=current_codebook_version(db.session),
        agreement=agreement_from_stats(stats, card_snapshot),
    )
    return Response(
        text,
        mimetype="text/markdown",
        headers={"Content-Disposition": 'attachment; filename="README.md"'},
    )
