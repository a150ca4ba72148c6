"""SQLite write requests take the write lock when their transaction begins."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from annotator.extensions import db


def _other_writer_can_start(app: Flask) -> bool:
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


@pytest.mark.parametrize(
    "method, holds_write_lock", [("POST", True), ("PUT", True), ("GET", False)]
)
def test_write_requests_begin_immediate(
    app: Flask, backend: str, method: str, holds_write_lock: bool
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL has row locks; this is about SQLite's database lock")
    db.session.remove()
    with app.test_request_context("/", method=method):
        db.session.execute(text("SELECT count(*) FROM passages"))  # only a read so far
        assert _other_writer_can_start(app) is not holds_write_lock
        db.session.rollback()
    assert _other_writer_can_start(app)


def test_transactions_still_roll_back(app: Flask, backend: str) -> None:
    db.session.execute(
        text(
            "INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', '2020-01-01 00:00:00')"
        )
    )
    db.session.rollback()
    assert db.session.execute(text("SELECT count(*) FROM settings WHERE key = 'x'")).scalar() == 0


def test_only_the_apps_engine_is_configured(app: Flask, backend: str, tmp_path: Path) -> None:
    """The pragmas come from listeners on the app's engine, not on every Engine in the process."""
    if backend != "sqlite":
        pytest.skip("the pragmas are SQLite's")
    from sqlalchemy import create_engine

    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    other = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with other.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    finally:
        other.dispose()
