"""JSON API of search: find passages, re-index the search index."""

from __future__ import annotations

from typing import NoReturn

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.security.params import int_arg, optional_int_arg
from annotator.services.search import (
    QueryError,
    SearchFilters,
    index_state,
    reindex_articles,
    search_passages,
    stale_article_ids,
)
from annotator.services.tokenizer import get_tokenizer

bp = Blueprint("search_api", __name__)

REINDEX_ARTICLES_PER_REQUEST = 25


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
            db.session,
            get_tokenizer(db.session),
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


@bp.post("/api/search/reindex")
@role_required("admin")
def api_reindex() -> ResponseReturnValue:
    """Re-index the next chunk of out-of-date articles; call until `stale` is 0."""
    tokenizer = get_tokenizer(db.session)
    ids = stale_article_ids(db.session, tokenizer, limit=REINDEX_ARTICLES_PER_REQUEST)
    changed = reindex_articles(db.session, tokenizer, ids) if ids else 0
    db.session.commit()
    state = index_state(db.session, tokenizer)
    return {
        "articles": len(ids),
        "passages_changed": changed,
        "stale": state.stale,
        "total": state.total,
        "version": state.version,
    }
