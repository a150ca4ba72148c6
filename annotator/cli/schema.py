"""Database and label-schema commands: `annotator init` and `annotator schema load`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.services.schema import SchemaError, apply_schema, default_schema, load_schema_file
from annotator.services.setup import upgrade_database


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database to the newest schema and install the default labels."""
    upgrade_database()
    result = apply_schema(db.session, default_schema(), note="default schema")
    db.session.commit()
    state = "installed" if result.changed else "unchanged"
    click.echo(f"database ready; label schema {state} (codebook version {result.version})")


@click.group("schema")
def schema_group() -> None:
    """Manage the label schema."""


@schema_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", default="", help="Why the schema changed (kept with the version).")
@with_appcontext
def schema_load(file: Path, note: str) -> None:
    """Load a label schema from a TOML FILE; labels that are gone are retired."""
    try:
        with unit_of_work(db.session):
            result = apply_schema(db.session, load_schema_file(file), note=note or file.name)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from exc
    state = "changed" if result.changed else "unchanged"
    click.echo(f"schema {state}: codebook version {result.version}")
