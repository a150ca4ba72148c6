"""Reviewers check that repeated passages were labeled the same way."""

from __future__ import annotations

from collections.abc import Mapping

from flask import render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from annotator.auth.permissions import role_required
from annotator.models import Article, Passage, PassageLink
from annotator.search.views import bp, db_session, label_titles, status_titles
from annotator.services.search.labels import load_passage_labels

PAIRS_PER_PAGE = 20


def _consistency(a: Mapping[str, object], b: Mapping[str, object], sa: str, sb: str) -> str:
    if "unlabeled" in (sa, sb):
        return "incomplete"
    return "same" if a == b else "different"


@bp.get("/duplicates")
@role_required("reviewer")
def duplicates_page() -> ResponseReturnValue:
    """Pairs of repeated passages with each side's labels, differences first."""
    try:
        page = max(int(request.args.get("page", "1")), 1)
    except ValueError:
        page = 1
    only = request.args.get("only", "")
    pairs_q = select(PassageLink.passage_id, PassageLink.other_id, PassageLink.similarity).where(
        PassageLink.passage_id < PassageLink.other_id
    )
    total = db_session().scalar(select(func.count()).select_from(pairs_q.subquery())) or 0
    pairs = (
        db_session().execute(pairs_q.order_by(PassageLink.passage_id, PassageLink.other_id)).all()
    )
    ids = sorted({pid for a, b, _ in pairs for pid in (a, b)})
    labels = load_passage_labels(db_session(), ids)
    passages = {
        p.id: (p, title)
        for p, title in db_session().execute(
            select(Passage, Article.title).join(Article).where(Passage.id.in_(ids))
        )
    }
    rows = []
    for a, b, similarity in pairs:
        ra, rb = labels[a].resolution, labels[b].resolution
        verdict = _consistency(ra.labels, rb.labels, ra.status, rb.status)
        if only and verdict != only:
            continue
        rows.append(
            {
                "similarity": similarity,
                "verdict": verdict,
                "sides": [(passages[a], labels[a]), (passages[b], labels[b])],
            }
        )
    order = {"different": 0, "incomplete": 1, "same": 2}
    rows.sort(key=lambda r: order[str(r["verdict"])])
    shown = rows[(page - 1) * PAIRS_PER_PAGE : page * PAIRS_PER_PAGE]
    return render_template(
        "search/duplicates.html",
        rows=shown,
        total=total,
        matching=len(rows),
        page=page,
        has_next=len(rows) > page * PAIRS_PER_PAGE,
        only=only,
        statuses=status_titles(),
        titles=label_titles(),
    )
