"""The team workflow's blueprints: admin, review, dashboard, history and their API."""

from __future__ import annotations

from flask import Flask


def register_team_blueprints(app: Flask) -> None:
    """Register every team blueprint on the app."""
    from annotator.admin import bp as admin_bp
    from annotator.api.team import bp as api_team_bp
    from annotator.dashboard import bp as dashboard_bp
    from annotator.review import bp as review_bp

    for bp in (admin_bp, api_team_bp, dashboard_bp, review_bp):
        app.register_blueprint(bp)
