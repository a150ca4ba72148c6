"""An import killed in the middle of a file leaves nothing from it; running it again completes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.databases import Target, prepare
from scripts.reliability.import_crash import import_crash_on, passed

pytestmark = pytest.mark.slow

# A slow disk, simulated inside the database: each stored article takes ~0.1 s, so the
# import's transaction is open long enough to be killed in the middle, on any machine.
SLOW_SQLITE = """
CREATE TRIGGER slow_article AFTER INSERT ON articles
BEGIN SELECT length(randomblob(30000000)); END
"""
SLOW_POSTGRES = [
    """CREATE FUNCTION slow_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(0.1); RETURN NEW; END $$""",
    """CREATE TRIGGER slow_article AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION slow_article()""",
]


def _slow_down(target: Target) -> None:
    engine = create_engine(normalise_database_url(target.url))
    try:
        with engine.begin() as conn:
            statements = [SLOW_SQLITE] if target.kind == "sqlite" else SLOW_POSTGRES
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_killed_import_leaves_nothing_of_the_file_and_rerun_completes(
    target: Target, tmp_path: Path
) -> None:
    prepare(target, editors=0, articles=0)
    _slow_down(target)
    result = import_crash_on(target, articles=25, folder=tmp_path, prepared=True)
    assert result["killed_in_transaction"], result
    assert result["after_kill"]["articles"] == 1, result  # the small file, committed first
    assert result["after_kill"]["big_file_articles"] == 0, result
    assert result["after_rerun"]["big_file_articles"] == 25, result
    assert passed(result), result
