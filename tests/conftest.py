"""Fixtures: a fresh app and database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url

from annotator import create_app
from annotator.extensions import db

# Fixtures shared across feature folders, kept with their builders (tests/builders/).
pytest_plugins = ["tests.builders.corpora", "tests.builders.team", "tests.builders.world"]

# The machine running the suite may be loaded: properties are about results, not speed.
settings.register_profile("annotator", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("annotator")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PG_URL = os.environ.get("ANNOTATOR_TEST_POSTGRES")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Skips that mean "this machine lacks a service", which CI must never accept.
ENVIRONMENT_SKIPS = ("needs PostgreSQL", "needs Chromium", "needs Redis")
PG_SKIP = "needs PostgreSQL: set ANNOTATOR_TEST_POSTGRES=postgresql://root@127.0.0.1:5432/test"


def base_config(tmp_path: Path, url: str) -> dict[str, object]:
    """Configuration for a test app that never reads the developer's environment."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-only-secret-key",
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "WTF_CSRF_ENABLED": False,
        # Real scrypt, cheap parameters: the suite hashes hundreds of passwords.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }


def _migrated(config: dict[str, object]) -> None:
    from annotator.services.schema import apply_schema, default_schema
    from annotator.services.setup import upgrade_database

    app = create_app(config)
    with app.app_context():
        upgrade_database()
        apply_schema(db.session, default_schema(), note="default schema")
        db.session.commit()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated to head once per session; each test gets a copy."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    _migrated(base_config(folder, f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """A throw-away PostgreSQL database for this test session (None if not configured)."""
    if not PG_URL:
        yield None
        return
    import psycopg

    admin = make_url(PG_URL).set(drivername="postgresql")
    name = f"annotator_test_{uuid.uuid4().hex[:10]}"
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    _migrated(base_config(tmp_path_factory.mktemp("pg"), url))
    yield url
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Each database test runs on both databases."""
    if request.param == "postgresql" and not PG_URL:
        pytest.skip(PG_SKIP)
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database with the default label schema."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    _reset_postgres(url, tmp_path)
    return str(url)


def _reset_postgres(url: str, tmp_path: Path) -> None:
    from annotator.services.schema import apply_schema, default_schema

    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        apply_schema(db.session, default_schema(), note="default schema")
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app bound to a fresh database, inside an app context."""
    app = create_app(base_config(tmp_path, database_url))
    fresh_g_per_request(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def fresh_g_per_request(app: Flask) -> None:
    """Start each test-client request with an empty `g`, as production does.

    The `app` fixture keeps one app context open for the whole test and Flask reuses it
    for every request, so `g` would carry one request's user (Flask-Login caches it there)
    and CSRF token (Flask-WTF too) into the next.
    """
    from flask import g

    def forget() -> None:
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, forget)


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Under CI, a skip for a missing service is a failure: CI must run everything."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if any(marker in reason for marker in ENVIRONMENT_SKIPS):
            report.outcome = "failed"
            report.longrepr = f"skipped under CI, which must run it: {reason}"
