"""The next-passage queue as JSON, so the tagging page can move without a reload."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.services.queue import next_passage_for

bp = Blueprint("api_queue", __name__, url_prefix="/api/queue")


@bp.get("/next")
@role_required("editor")
def next_passage() -> ResponseReturnValue:
    """The next passage that still needs the signed-in editor (`after`: the current one)."""
    raw = request.args.get("after")
    after = None
    if raw:
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
            return {"error": gettext("after must be a passage id."), "field": "after"}, 400
        after = int(raw)
    passage = next_passage_for(db.session, current_user, after)
    db.session.commit()  # the queue's claim holds the passage for this editor
    if passage is None:
        return {"passage_id": None, "article_id": None, "url": url_for("tagging.done")}
    return {
        "passage_id": passage.id,
        "article_id": passage.article_id,
        "url": url_for("tagging.article", article_id=passage.article_id, _anchor=f"p-{passage.id}"),
    }
