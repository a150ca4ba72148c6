"""The team settings for the running app: stored values over the configured defaults."""

from __future__ import annotations

from annotator.extensions import db
from annotator.services.settings import TeamSettings, get_team_settings


def current_settings() -> TeamSettings:
    """The settings in force for this request."""
    return get_team_settings(db.session)
