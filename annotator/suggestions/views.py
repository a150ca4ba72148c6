"""JSON API of the suggester: one passage's hints, training; what the chips' script needs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from annotator.admin.current import current_viewer, visible_passage_or_404
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.services.suggestions import passage_suggestions, train_models
from annotator.services.tokenizer import get_tokenizer

bp = Blueprint("suggestions", __name__)


@bp.app_context_processor
def suggestion_globals() -> dict[str, object]:
    """What the article page's suggestion chips need (see suggestions/script.html)."""

    def suggestion_client_data() -> dict[str, object]:
        return {
            "api": url_for("suggestions.api_suggestions", passage_id=0).removesuffix(
                "0/suggestions"
            ),
            "holder_label": "holder",
            "strings": {
                "title": _("Suggestions (not saved)"),
                "accept": _("Accept this suggestion"),
                "model": _("learned"),
                "cue": _("cue words"),
                "holder": _("stance holder"),
                "also_in": _("Also in"),
            },
        }

    return {"suggestion_client_data": suggestion_client_data}


@bp.get("/api/passages/<int:passage_id>/suggestions")
@role_required("editor")
def api_suggestions(passage_id: int) -> ResponseReturnValue:
    """Label hints, holder spans and repeats for one passage (hints only: nothing is saved)."""
    passage = visible_passage_or_404(passage_id)
    return passage_suggestions(db.session, get_tokenizer(db.session), passage, current_viewer())


@bp.post("/api/suggestions/train")
@role_required("admin")
def api_train() -> ResponseReturnValue:
    """Train the suggester on the resolved labels when they changed (force=1: always)."""
    force = request.args.get("force") == "1"
    report = train_models(db.session, force=force, actor_id=current_user.id)
    db.session.commit()
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
