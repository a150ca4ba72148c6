"""`annotator backup` and `annotator restore`: the whole database, consistent while the app runs."""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

import click
from flask.cli import with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from annotator.extensions import db
from annotator.private_files import private_file
from annotator.services.backup import (
    BackupError,
    BackupSummary,
    is_sqlite_file,
    read_bundle,
    restore_bundle,
    restore_sqlite_file,
    sqlite_backup,
    write_bundle,
)
from annotator.services.backup.bundle import ensure_empty, revision_of

SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def _sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    return Path(str(engine.url.database))


@contextmanager
def _text_file(path: Path, mode: str, compressed: bool) -> Iterator[IO[str]]:
    """Open a bundle for text, gzip-compressed or not (a new file is made 0600 first)."""
    if "w" in mode:
        private_file(path)
    if compressed:
        with gzip.open(path, mode + "t", encoding="utf-8", newline="\n") as fh:
            yield cast(IO[str], fh)  # text mode ("rt"/"wt"): a TextIOWrapper
    else:
        with path.open(mode, encoding="utf-8", newline="\n") as fh:
            yield fh


def backup_to(engine: Engine, target: Path) -> BackupSummary | None:
    """Back up to an SQLite copy (by the file name) or to a portable bundle."""
    source = _sqlite_path(engine)
    if target.suffix.lower() in SQLITE_SUFFIXES:
        if source is None:
            raise BackupError("an SQLite copy needs an SQLite database; name a .jsonl bundle")
        sqlite_backup(source, target)
        return None
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    partial = target.with_name(target.name + ".part")
    compressed = target.suffix.lower() == ".gz"
    try:
        if source is not None:
            # Write the bundle from a snapshot copy: one consistent moment, writers unhindered.
            with tempfile.TemporaryDirectory() as tmp:
                snapshot = Path(tmp) / "snapshot.sqlite3"
                sqlite_backup(source, snapshot)
                copy = create_engine(f"sqlite:///{snapshot}")
                try:
                    summary = _write(copy, partial, compressed)
                finally:
                    copy.dispose()
        else:
            summary = _write(engine, partial, compressed)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def _write(engine: Engine, partial: Path, compressed: bool) -> BackupSummary:
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(**options)  # one snapshot for every table
        with conn.begin(), _text_file(partial, "w", compressed) as out:
            return write_bundle(conn, out)


def restore_from(engine: Engine, source: Path) -> BackupSummary | None:
    """Restore an SQLite copy or a bundle into the app's (new or empty) database."""
    from flask_migrate import upgrade  # Alembic: loaded by the commands that migrate only

    target = _sqlite_path(engine)
    if is_sqlite_file(source):
        if target is None:
            raise BackupError(
                "an SQLite copy restores into SQLite only; "
                "make a portable bundle (annotator backup FILE.jsonl) to move to PostgreSQL"
            )
        engine.dispose()
        restore_sqlite_file(source, target)
        upgrade()
        return None
    with source.open("rb") as fh:
        compressed = fh.read(2) == b"\x1f\x8b"
    with _text_file(source, "r", compressed) as lines:
        header, rows = read_bundle(lines)
        revision = header.get("revision")
        with engine.connect() as conn:
            ensure_empty(conn)
            current = revision_of(conn)
            conn.rollback()
        if current != revision:
            _move_empty_database_to(revision, current)
        with engine.begin() as conn:
            summary = restore_bundle(conn, header, rows)
    upgrade()  # a backup from an older release is brought up to date like any database
    return summary


def _move_empty_database_to(revision: str | None, current: str | None) -> None:
    """Put the (empty) database at the backup's schema revision before loading its rows."""
    from alembic.script import ScriptDirectory
    from flask import current_app
    from flask_migrate import downgrade, upgrade

    config = current_app.extensions["migrate"].migrate.get_config()
    scripts = ScriptDirectory.from_config(config)
    if revision is None or scripts.get_revision(revision) is None:
        raise BackupError(f"the backup is from schema revision {revision}, unknown to this release")
    if current is None:
        upgrade(revision=revision)
        return
    ahead = revision in {r.revision for r in scripts.iterate_revisions(current, "base")}
    (downgrade if ahead else upgrade)(revision=revision)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Back up the whole database to FILE while the app runs.

    FILE ending in .sqlite3/.sqlite/.db: an SQLite copy (SQLite online backup API).
    Otherwise (.jsonl or .jsonl.gz): a portable bundle that restores on SQLite or PostgreSQL.
    """
    try:
        summary = backup_to(db.engine, file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary is None:
        click.echo(f"SQLite copy written to {file}")
    else:
        click.echo(f"{summary.total} rows from {len(summary.rows)} tables written to {file}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Restore a backup FILE into a new, empty database (stop the app first)."""
    try:
        summary = restore_from(db.engine, file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary is None:
        click.echo(f"SQLite copy {file} restored")
    else:
        click.echo(f"{summary.total} rows restored into {len(summary.rows)} tables")
