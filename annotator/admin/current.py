"""Request-time helpers shared by the team pages: settings in force, translated errors."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext
from flask_login import current_user

from annotator.extensions import db
from annotator.models import Passage
from annotator.services.settings import TeamSettings, get_team_settings
from annotator.services.visibility import Viewer, may_see_passage

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


def current_settings() -> TeamSettings:
    """The settings in force for this request: stored values over the configured defaults."""
    return get_team_settings(db.session)


def current_viewer() -> Viewer:
    """The signed-in user as the visibility rule sees them, with the team's blind mode."""
    return Viewer.of(current_user, current_settings().blind_mode)


def error_message(exc: Exception) -> str:
    """A service's refusal in the UI language (English when it has no translation)."""
    template = getattr(exc, "template", None)
    if isinstance(template, str):
        return str(gettext(template, **getattr(exc, "params", {})))
    return str(gettext(str(exc)))


def visible_passage_or_404(passage_id: int) -> Passage:
    """The passage, or a 404 when it does not exist or the signed-in user may not see it."""
    passage = db.session.get(Passage, passage_id) if passage_id <= MAX_ID else None
    if passage is None or not may_see_passage(db.session, current_viewer(), passage.id):
        abort(404, description="no such passage")
    return passage
