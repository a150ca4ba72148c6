"""Databases made at every earlier schema revision upgrade to head with their data intact.

tests/fixtures/db/<revision>.sqlite3 is a database as that revision left it;
<revision>.jsonl holds the same rows, which are restored on PostgreSQL at that revision.
Build a missing one with `python -m tests.fixtures.db.build --revision <revision>`.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import MetaData, inspect, select

from annotator import create_app
from annotator.extensions import db
from annotator.services.backup.bundle import read_bundle, restore_bundle
from annotator.services.setup import include_object
from tests.conftest import PG_SKIP, ROOT, base_config
from tests.fixtures.db.build import PASSWORD
from tests.spare_database import empty_spare, spare_pg  # noqa: F401  (fixture)

FIXTURES = ROOT / "tests" / "fixtures" / "db"
# Tables a later revision dropped on purpose, with the revision and why.
DROPPED_TABLES = {
    "sign_in_failures": "0008: short-lived throttle rows, replaced by sign_in_throttles",
}


def all_revisions() -> list[str]:
    """Every revision in migrations/versions, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    return [r.revision for r in reversed(list(scripts.walk_revisions()))]


REVISIONS = all_revisions()
WITH_FIXTURE = [r for r in REVISIONS if (FIXTURES / f"{r}.sqlite3").exists()]


def test_every_earlier_revision_has_a_fixture_database() -> None:
    missing = [
        r
        for r in REVISIONS[:-1]
        if not (FIXTURES / f"{r}.sqlite3").exists() or not (FIXTURES / f"{r}.jsonl").exists()
    ]
    assert missing == [], "run: python -m tests.fixtures.db.build --revision <r> for each"
    assert WITH_FIXTURE, "no fixture databases at all"


def _columns(app: Flask) -> dict[str, set[str]]:
    inspector = inspect(db.engine)
    return {
        t: {c["name"] for c in inspector.get_columns(t)}
        for t in inspector.get_table_names()
        if t != "alembic_version" and not t.startswith("passage_fts")
    }


def _fresh_columns(revision: str, tmp_path: Path) -> dict[str, set[str]]:
    app = create_app(base_config(tmp_path / "fresh", f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with app.app_context():
        upgrade(revision=revision)
        columns = _columns(app)
        db.engine.dispose()
    return columns


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value).astimezone(UTC)
    if kind == "date":
        return date.fromisoformat(value)
    return value


def _assert_rows_survived(bundle: Path) -> int:
    """Every row of the fixture is still there with the same values in the columns it had."""
    with bundle.open(encoding="utf-8") as lines:
        header, rows = read_bundle(lines)
        described = {
            t["name"]: t["columns"] for t in header["tables"] if t["name"] not in DROPPED_TABLES
        }
        metadata = MetaData()
        metadata.reflect(db.engine, only=list(described))
        stored: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        for name in described:
            table = metadata.tables[name]
            keys = [c.name for c in table.primary_key.columns]
            stored[name] = {
                tuple(row[k] for k in keys): {k: _normal(v) for k, v in row.items()}
                for row in db.session.execute(select(table)).mappings()
            }
        checked = 0
        for name, values in rows:
            if name in DROPPED_TABLES:
                continue
            table = metadata.tables[name]
            keys = [c.name for c in table.primary_key.columns]
            old = {
                col: _decode(v, kind)
                for (col, kind), v in zip(described[name], values, strict=True)
            }
            now = stored[name].get(tuple(old[k] for k in keys))
            assert now is not None, f"{name} row {old} is gone"
            for column, value in old.items():
                if column in now:
                    assert now[column] == _normal(value), f"{name}.{column} changed: {old}"
            checked += 1
    return checked


def _assert_usable(app: Flask, tmp_path: Path) -> None:
    """The upgraded database matches the models, and the app works on it."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        assert list(compare_metadata(context, db.metadata)) == []
    client = app.test_client()
    response = client.post("/login", data={"username": "ed1", "password": PASSWORD})
    assert response.status_code == 302
    out = tmp_path / "export.jsonl"
    result = app.test_cli_runner().invoke(args=["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(line.get("annotations") for line in lines)


@pytest.mark.parametrize("revision", WITH_FIXTURE)
def test_fixture_upgrades_to_head_with_its_data(
    revision: str,
    backend: str,
    tmp_path: Path,
    spare_pg: str | None,  # noqa: F811
) -> None:
    bundle = FIXTURES / f"{revision}.jsonl"
    if backend == "sqlite":
        path = tmp_path / "old.sqlite3"
        shutil.copyfile(FIXTURES / f"{revision}.sqlite3", path)
        app = create_app(base_config(tmp_path, f"sqlite:///{path}"))
        with app.app_context():
            assert _columns(app) == _fresh_columns(revision, tmp_path), (
                f"{revision}.sqlite3 no longer matches revision {revision} (the migration "
                "chain changed?): rebuild it with tests.fixtures.db.build --force"
            )
    else:
        if spare_pg is None:
            pytest.skip(PG_SKIP)
        app = create_app(base_config(tmp_path, empty_spare(spare_pg)))
        with app.app_context():
            upgrade(revision=revision)  # the schema as that release made it on PostgreSQL
            with bundle.open(encoding="utf-8") as lines, db.engine.begin() as conn:
                header, rows = read_bundle(lines)
                assert header["revision"] == revision
                restore_bundle(conn, header, rows)
    with app.app_context():
        upgrade()
        assert _assert_rows_survived(bundle) > 100
        _assert_usable(app, tmp_path)
        db.session.remove()
        db.engine.dispose()
