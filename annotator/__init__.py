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
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("ANNOTATOR_INSTANCE")
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
    from annotator.database import init_database
    from annotator.security import request_may_write

    init_database(app, writes_expected=request_may_write)  # SQLite: writers queue at BEGIN
    csrf.init_app(app)
    from annotator.auth.tokens import init_tokens

    init_tokens(app)  # bearer-token API requests skip CSRF; cookie requests do not
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    from annotator import auth  # noqa: F401  (registers the user loader)
    from annotator.security import init_security

    init_security(app)  # headers on every response, proxy trust


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature, listed in annotator/blueprints.py."""
    from annotator.blueprints import register_blueprints as register

    register(app)


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
