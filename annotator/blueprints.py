"""Every feature's blueprints, registered on the app in one place and one order.

A feature package exports its blueprint(s); no module adds routes to another module's
blueprint, so importing a package never registers anything by itself.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from annotator import (
    admin,
    article_import,
    codebook,
    dashboard,
    dictionary,
    duplicates,
    export,
    health,
    jobs,
    review,
    search,
    suggestions,
    tagging,
    tokens,
)
from annotator.api import annotations as annotations_api
from annotator.api import article_labels, assignment, openapi, read
from annotator.auth import views as auth_views

# Order: the first blueprint's app-wide hooks (before_app_request) run first.
BLUEPRINTS: tuple[Blueprint, ...] = (
    codebook.bp,
    codebook.editing_bp,
    article_labels.bp,
    auth_views.bp,
    health.bp,
    export.bp,
    tokens.bp,
    read.bp,
    openapi.bp,
    search.bp,
    search.api_bp,
    dictionary.bp,
    duplicates.bp,
    suggestions.bp,
    tagging.bp,
    annotations_api.bp,
    admin.bp,
    assignment.bp,
    dashboard.bp,
    review.bp,
    article_import.bp,
    jobs.bp,
    jobs.api_bp,
)


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprints on the app."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
