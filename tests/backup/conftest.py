"""Empty databases to restore into, on SQLite or PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import PG_SKIP, PG_URL


def _admin() -> str:
    return make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def spare_pg() -> Iterator[str | None]:
    """One extra PostgreSQL database per test session, emptied before each use."""
    if not PG_URL:
        yield None
        return
    import psycopg

    name = f"annotator_spare_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(_admin()).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(_admin(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database(tmp_path: Path, spare_pg: str | None) -> Callable[[str], str]:
    """A database with no tables at all: `empty_database("sqlite" | "postgresql")`."""

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex[:6]}.sqlite3'}"
        if spare_pg is None:
            pytest.skip(PG_SKIP)
        import psycopg

        # Dropping the schema is much cheaper than dropping and creating a database.
        with psycopg.connect(spare_pg, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
            conn.execute("DROP FUNCTION IF EXISTS events_append_only() CASCADE")
        return spare_pg

    return make
