"""A spare PostgreSQL database for a test session: a schema of its own in the session's database.

Tests that need a second, empty database (restore targets, reliability servers) get one by
dropping and recreating this schema, which costs milliseconds; creating and dropping whole
databases costs seconds on a busy server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url


@pytest.fixture(scope="session")
def spare_pg(pg_url: str | None) -> Iterator[str | None]:
    """A URL whose connections live in a private schema (None without PostgreSQL)."""
    if not pg_url:
        yield None
        return
    import psycopg

    schema = f"spare_{uuid.uuid4().hex[:10]}"
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(_plain(pg_url), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def empty_spare(url: str) -> str:
    """Drop everything in the spare schema (and whoever still uses it); return its URL."""
    import psycopg

    schema = make_url(url).query["options"].split("=", 1)[1]
    with psycopg.connect(_plain(url), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return url
