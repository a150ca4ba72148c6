"""Empty databases to restore into, on SQLite or PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PG_SKIP
from tests.spare_database import empty_spare, spare_pg  # noqa: F401  (fixture)


@pytest.fixture
def empty_database(tmp_path: Path, spare_pg: str | None) -> Callable[[str], str]:  # noqa: F811
    """A database with no tables at all: `empty_database("sqlite" | "postgresql")`."""

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex[:6]}.sqlite3'}"
        if spare_pg is None:
            pytest.skip(PG_SKIP)
        return empty_spare(spare_pg)

    return make
