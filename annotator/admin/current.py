"""Request-time helpers shared by the team pages: settings in force, translated errors."""

from __future__ import annotations

from flask_babel import gettext
from flask_login import current_user

from annotator.extensions import db
from annotator.services.settings import TeamSettings, get_team_settings
from annotator.services.visibility import Viewer


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
