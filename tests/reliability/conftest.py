"""Databases for reliability tests: a new SQLite file, or the session's spare PostgreSQL one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from scripts.reliability.databases import Target, fresh_database
from tests.conftest import PG_SKIP
from tests.spare_database import empty_spare, spare_pg  # noqa: F401  (fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request: pytest.FixtureRequest, spare_pg: str | None) -> str:  # noqa: F811
    if request.param == "postgresql" and not spare_pg:
        pytest.skip(PG_SKIP)
    return str(request.param)


@pytest.fixture
def target(kind: str, tmp_path: Path, spare_pg: str | None) -> Iterator[Target]:  # noqa: F811
    """An empty database of the test's kind."""
    url = empty_spare(spare_pg) if kind == "postgresql" and spare_pg else None
    with fresh_database(kind, tmp_path, postgres_url=url) as made:
        yield made


Factory = Callable[[], AbstractContextManager[Target]]
