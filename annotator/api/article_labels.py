"""Article-level labels over JSON: read and replace an editor's labels for a whole article."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import Article
from annotator.services.annotating.article_labels import (
    ArticleLabelError,
    ArticleVersionConflict,
    article_states,
    find_article_label_set,
    save_article_labels,
)
from annotator.services.rollup import rollup_articles
from annotator.services.visibility import may_see_article

bp = Blueprint("api_article_labels", __name__, url_prefix="/api/articles")
MAX_BODY_BYTES = 16 * 1024


@bp.errorhandler(ArticleLabelError)
def article_label_error(error: ArticleLabelError) -> ResponseReturnValue:
    """`{"error", "field"}`, plus `current` for a version conflict; nothing half-written."""
    db.session.rollback()
    body: dict[str, Any] = {"error": gettext(error.message), "field": error.field}
    if isinstance(error, ArticleVersionConflict):
        body["current"] = error.current
    return body, error.status


def _article(article_id: int) -> Article:
    article = db.session.get(Article, article_id) if article_id <= 2**31 - 1 else None
    if article is None or not may_see_article(db.session, current_viewer(), article.id):
        raise ArticleLabelError("No such article.", None, status=404)
    return article


def _body() -> tuple[Any, int | None]:
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise ArticleLabelError("The body must be a JSON object.")
    unexpected = sorted(set(data) - {"values", "version"})
    if unexpected:
        raise ArticleLabelError(f"Unexpected field {unexpected[0]}.", unexpected[0])
    if "values" not in data:
        raise ArticleLabelError("values is required.", "values")
    if "version" not in data:
        raise ArticleLabelError(
            "version is required (null if you have not seen a saved version).", "version"
        )
    version = data["version"]
    if version is not None and (
        not isinstance(version, int) or isinstance(version, bool) or version < 1
    ):
        raise ArticleLabelError("version must be a positive integer or null.", "version")
    return data["values"], version


@bp.get("/<int:article_id>/annotations")
@role_required("editor")
def get_annotations(article_id: int) -> ResponseReturnValue:
    """The signed-in editor's article-level labels and the article's roll-up."""
    article = _article(article_id)
    rollup = rollup_articles(db.session, [article.id], current_viewer())[article.id]
    return {
        "article_id": article.id,
        "mine": article_states(db.session, article.id, current_user.id),
        "rollup": rollup.as_dict(),
    }


@bp.put("/<int:article_id>/annotations/<label_set_name>")
@role_required("editor")
def put_annotation(article_id: int, label_set_name: str) -> ResponseReturnValue:
    """Replace the editor's values for one article-level set, if they saw the stored version."""
    article = _article(article_id)
    label_set = find_article_label_set(db.session, label_set_name)
    values, version = _body()
    try:
        with unit_of_work(db.session):
            state = save_article_labels(
                db.session, article, current_user.id, label_set, values, version
            )
    except IntegrityError:
        # Another tab created this annotation between our read and our insert.
        current = article_states(db.session, article.id, current_user.id)[label_set.name]
        raise ArticleVersionConflict(current) from None
    # The name from the URL, not `label_set.name`: the commit expired the row, and reading it
    # again would open a second transaction (on SQLite: a second turn for the write lock).
    return {"label_set": label_set_name, **state}
