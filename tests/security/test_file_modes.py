"""The instance folder, the SQLite files and backups are private to the app's user."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import create_app
from annotator.extensions import db
from annotator.services.users import create_user
from tests.conftest import base_config


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common default: new files 0644, new folders 0755."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_instance_database_and_backups_are_private(tmp_path: Path, usual_umask: None) -> None:
    instance = tmp_path / "instance"
    config = base_config(tmp_path, "")
    config.pop("DATABASE_URL")
    app = create_app(config)
    assert _mode(instance) == 0o700
    database = instance / "annotator.sqlite3"
    with app.app_context():
        from annotator.services.setup import upgrade_database

        upgrade_database()
        create_user(db.session, "someone", "password123")
        db.session.commit()
        files = [database, *(instance.glob("annotator.sqlite3-*"))]
        assert {f.name for f in files} >= {"annotator.sqlite3", "annotator.sqlite3-wal"}
        for path in files:
            assert _mode(path) == 0o600, path
        runner = app.test_cli_runner()
        for name in ("copy.sqlite3", "bundle.jsonl", "bundle.jsonl.gz"):
            target = tmp_path / name
            result = runner.invoke(args=["backup", str(target)])
            assert result.exit_code == 0, result.output
            assert _mode(target) == 0o600, name
        db.engine.dispose()


def test_an_existing_world_readable_database_is_tightened(
    tmp_path: Path, usual_umask: None
) -> None:
    database = tmp_path / "old.sqlite3"
    database.touch(mode=0o644)
    create_app(base_config(tmp_path, f"sqlite:///{database}"))
    assert _mode(database) == 0o600
