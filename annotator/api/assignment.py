"""Assignment endpoints of the JSON API: the next-passage claim and others' labels (blind mode)."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.services.assignment import claim_next
from annotator.services.blind import others_on_passage
from annotator.services.visibility import HIDDEN, may_see_others, may_see_passage

bp = Blueprint("api_assignment", __name__, url_prefix="/api")


@bp.post("/queue/next")
@role_required("editor")
def queue_next() -> ResponseReturnValue:
    """Claim the next passage that needs the signed-in editor; null when none is left."""
    raw = _json_body().get("after")
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int)):
        return {"error": "after must be a passage id", "field": "after"}, 400
    after = raw if isinstance(raw, int) else None
    assignment = claim_next(db.session, current_user, after_passage_id=after)
    db.session.commit()
    if assignment is None:
        return {"passage": None, "expires_at": None}
    p = assignment.passage
    return {
        "passage": {"id": p.id, "uid": p.uid, "article_id": p.article_id, "index": p.index},
        "expires_at": assignment.expires_at.isoformat(),
    }


@bp.get("/passages/<int:passage_id>/others")
@role_required("editor")
def others(passage_id: int) -> ResponseReturnValue:
    """Other editors' labels, spans and notes; in blind mode only after saving one's own."""
    viewer = current_viewer()
    if passage_id > 2**31 - 1 or not may_see_passage(db.session, viewer, passage_id):
        abort(404, description="No such passage.")
    if not may_see_others(db.session, viewer, passage_id):
        return {"error": HIDDEN, "field": None, "hidden": True}, 403
    return {
        "passage_id": passage_id,
        "hidden": False,
        "others": others_on_passage(db.session, current_user, passage_id),
    }


def _json_body() -> dict[str, object]:
    """The request's JSON object ({} for an empty body); 400 for anything else."""
    if not request.data:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description="send a JSON object")
    return data
