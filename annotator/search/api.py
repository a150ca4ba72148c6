"""JSON API: search, a passage's suggestions and repeats, re-indexing, training."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.models import Passage
from annotator.search.views import bp, db_session
from annotator.security.params import int_arg, optional_int_arg
from annotator.services.search import (
    QueryError,
    SearchFilters,
    index_state,
    reindex_articles,
    search_passages,
    stale_article_ids,
)
from annotator.services.suggestions import also_in, passage_suggestions, train_models
from annotator.services.tokenizer import get_tokenizer
from annotator.services.visibility import may_see_passage

REINDEX_ARTICLES_PER_REQUEST = 25


MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


def _bad_arg(name: str, message: str) -> NoReturn:
    response = jsonify({"error": message, "field": name})
    response.status_code = 400
    abort(response)


@bp.get("/api/search")
@role_required("editor")
def api_search() -> ResponseReturnValue:
    """Search passages: ?q=&label=set:label&scope=any|resolved&status=&annotator=&article=&kind=."""
    args = request.args
    filters = SearchFilters(
        label=args.get("label") or None,
        label_scope=args.get("scope") or "any",
        status=args.get("status") or None,
        annotator=args.get("annotator") or None,
        article_id=optional_int_arg("article"),
        kind=args.get("kind") or None,
    )
    try:
        result = search_passages(
            db_session(),
            get_tokenizer(db_session()),
            args.get("q", ""),
            filters,
            page=int_arg("page", 1, 1, 10_000),
            per_page=int_arg("per_page", 20, 1, 100),
            viewer=current_viewer(),
        )
    except QueryError as exc:
        return {"error": str(exc), "field": exc.field}, 400
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "has_next": result.has_next,
        "hits": [
            {
                **h.as_dict(),
                "snippet_html": str(h.snippet),
                "url": f"/articles/{h.article_id}#p-{h.passage_id}",
            }
            for h in result.hits
        ],
    }


def _passage_or_404(passage_id: int) -> Passage:
    passage = db_session().get(Passage, passage_id) if passage_id <= MAX_ID else None
    if passage is None or not may_see_passage(db_session(), current_viewer(), passage.id):
        abort(404, description="no such passage")
    return passage


@bp.get("/api/passages/<int:passage_id>/suggestions")
@role_required("editor")
def api_suggestions(passage_id: int) -> ResponseReturnValue:
    """Label hints, holder spans and repeats for one passage (hints only: nothing is saved)."""
    passage = _passage_or_404(passage_id)
    return passage_suggestions(
        db_session(), get_tokenizer(db_session()), passage, current_viewer()
    )


@bp.get("/api/passages/<int:passage_id>/links")
@role_required("editor")
def api_links(passage_id: int) -> ResponseReturnValue:
    """Passages in other articles that repeat this one."""
    _passage_or_404(passage_id)
    return {"links": also_in(db_session(), passage_id, current_viewer())}


@bp.post("/api/search/reindex")
@role_required("admin")
def api_reindex() -> ResponseReturnValue:
    """Re-index the next chunk of out-of-date articles; call until `stale` is 0."""
    tokenizer = get_tokenizer(db_session())
    ids = stale_article_ids(db_session(), tokenizer, limit=REINDEX_ARTICLES_PER_REQUEST)
    changed = reindex_articles(db_session(), tokenizer, ids) if ids else 0
    db_session().commit()
    state = index_state(db_session(), tokenizer)
    return {
        "articles": len(ids),
        "passages_changed": changed,
        "stale": state.stale,
        "total": state.total,
        "version": state.version,
    }


@bp.post("/api/suggestions/train")
@role_required("admin")
def api_train() -> ResponseReturnValue:
    """Train the suggester on the resolved labels when they changed (force=1: always)."""
    force = request.args.get("force") == "1"
    report = train_models(db_session(), force=force, actor_id=current_user.id)
    db_session().commit()
    sets: list[dict[str, Any]] = [
        {
            "label_set": s.label_set,
            "status": s.status,
            "examples": s.examples,
            "message": s.message,
            "version": s.version,
            "predictions": s.predictions,
        }
        for s in report.sets
    ]
    return {"sets": sets}
