"""Alembic environment: runs inside the Flask app so DATABASE_URL decides the database."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from annotator.services.setup import include_object

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):
    """Render the app's UTC type as a plain timezone-aware DateTime."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs):
    context.configure(
        target_metadata=target_db.metadata,
        include_object=include_object,
        render_item=render_item,
        compare_type=True,
        render_as_batch=True,
        **kwargs,
    )


def run_migrations_offline():
    """Emit SQL for the configured URL without connecting."""
    _configure(url=str(target_db.engine.url), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Connect and migrate."""

    def process_revision_directives(context_, revision, directives):
        # An autogenerate run that finds nothing writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logging.getLogger("alembic.env").info("No changes in schema detected.")

    with target_db.engine.connect() as connection:
        _configure(connection=connection, process_revision_directives=process_revision_directives)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
