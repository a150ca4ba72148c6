"""annotator: turn Chinese articles into a labeled stance dataset."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from annotator.config import load_config
from annotator.extensions import babel, csrf, db, login_manager


def create_app(test_config: dict[str, Any] | None = None, *, serving: bool = False) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, error handlers.

    `serving`: the app gunicorn serves, without the command line and Alembic (`annotator
    db …`), which a web worker never runs and which cost start-up time and memory.
    """
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "ANNOTATOR_INSTANCE"
    )
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    if not serving:
        register_migrations(app)
        register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from annotator.i18n import compile_translations, select_locale, template_globals

    compile_translations(app)
    app.context_processor(template_globals)
    from annotator.people import register as register_people

    register_people(app)
    db.init_app(app)
    csrf.init_app(app)
    from annotator.auth.tokens import init_tokens

    init_tokens(app)  # bearer-token API requests skip CSRF; cookie requests do not
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    from annotator import auth  # noqa: F401  (registers the user loader)
    from annotator.security import init_security

    init_security(app)  # headers on every response, proxy trust


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    from annotator.api.article_labels import bp as article_labels_api_bp
    from annotator.codebook import bp as codebook_bp

    app.register_blueprint(codebook_bp)
    app.register_blueprint(article_labels_api_bp)
    from annotator.api.openapi import bp as api_openapi_bp
    from annotator.api.read import bp as api_read_bp
    from annotator.auth.views import bp as auth_bp
    from annotator.export import bp as export_bp
    from annotator.health import bp as health_bp
    from annotator.search import bp as search_bp
    from annotator.tokens import bp as tokens_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(health_bp)
    for bp in (export_bp, tokens_bp, api_read_bp, api_openapi_bp, search_bp):
        app.register_blueprint(bp)
    from annotator.api import annotations
    from annotator.tagging import bp as tagging_bp

    for blueprint in (tagging_bp, annotations.bp):
        app.register_blueprint(blueprint)
    from annotator.team_blueprints import register_team_blueprints

    register_team_blueprints(app)
    from annotator.article_import import bp as article_import_bp

    app.register_blueprint(article_import_bp)
    from annotator.jobs import bp as jobs_bp  # background jobs: progress pages and API

    app.register_blueprint(jobs_bp)


def register_errors(app: Flask) -> None:
    """JSON errors for the API, pages for people; a 500 rolls the session back."""
    from annotator.errors import register

    register(app)


def register_migrations(app: Flask) -> None:
    """Alembic through Flask-Migrate: `annotator db …` and upgrade_database()."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=_migrations_dir(), render_as_batch=True)


def register_cli(app: Flask) -> None:
    """Make every `annotator` command available as `flask --app annotator ...` too."""
    from annotator.cli import main

    for name, command in main.commands.items():
        if name not in app.cli.commands:
            app.cli.add_command(command, name)


def _migrations_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
