"""Repeated passages: the reviewers' page of pairs, and a passage's repeats for the API."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from annotator.admin.current import current_viewer, visible_passage_or_404
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.search.views import label_titles, status_titles
from annotator.security.params import page_arg
from annotator.services.search.pairs import pair_page
from annotator.services.suggestions import also_in

bp = Blueprint("duplicates", __name__)

PAIRS_PER_PAGE = 20


@bp.get("/duplicates")
@role_required("reviewer")
def duplicates_page() -> ResponseReturnValue:
    """Pairs of repeated passages with each side's labels, differences first."""
    page = page_arg()
    only = request.args.get("only", "")
    found = pair_page(db.session, only, page, PAIRS_PER_PAGE)
    return render_template(
        "duplicates/index.html",
        rows=found.rows,
        total=found.total,
        matching=found.matching,
        page=page,
        has_next=found.has_next,
        only=only,
        statuses=status_titles(),
        titles=label_titles(),
    )


@bp.get("/api/passages/<int:passage_id>/links")
@role_required("editor")
def api_links(passage_id: int) -> ResponseReturnValue:
    """Passages in other articles that repeat this one."""
    visible_passage_or_404(passage_id)
    return {"links": also_in(db.session, passage_id, current_viewer())}
