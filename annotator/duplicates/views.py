"""Reviewers check that repeated passages were labeled the same way."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from annotator.auth.permissions import role_required
from annotator.search.views import bp, db_session, label_titles, status_titles
from annotator.security.params import page_arg
from annotator.services.search.pairs import pair_page

PAIRS_PER_PAGE = 20


@bp.get("/duplicates")
@role_required("reviewer")
def duplicates_page() -> ResponseReturnValue:
    """Pairs of repeated passages with each side's labels, differences first."""
    page = page_arg()
    only = request.args.get("only", "")
    found = pair_page(db_session(), only, page, PAIRS_PER_PAGE)
    return render_template(
        "search/duplicates.html",
        rows=found.rows,
        total=found.total,
        matching=found.matching,
        page=page,
        has_next=found.has_next,
        only=only,
        statuses=status_titles(),
        titles=label_titles(),
    )
