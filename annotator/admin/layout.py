"""The editor's tagging layout (compact passages, cue underlines), kept with their account."""

from __future__ import annotations

from flask import redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from annotator.admin.forms import TaggingLayoutForm
from annotator.admin.views import bp
from annotator.auth.permissions import role_required
from annotator.extensions import db


@bp.post("/account/tagging")
@role_required("editor")
def tagging_layout() -> ResponseReturnValue:
    """Save the signed-in editor's tagging layout, then go back where they were."""
    form = TaggingLayoutForm()
    if form.validate():
        current_user.compact_tagging = bool(form.compact.data)
        current_user.cue_underlines = bool(form.cues.data)
        db.session.commit()
    if form.article.data:
        return redirect(url_for("tagging.article", article_id=form.article.data))
    return redirect(url_for("admin.account"))
