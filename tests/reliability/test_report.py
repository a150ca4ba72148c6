"""docs/RELIABILITY.md shows the figures of the runs kept beside it, not older ones."""

from __future__ import annotations

import json

from scripts.reliability.report import DOC, RUNS, figures
from scripts.reliability.storm import NEW_FAILURES


def test_the_documents_tables_are_made_from_the_kept_runs() -> None:
    assert figures() in DOC.read_text(encoding="utf-8"), (
        "docs/RELIABILITY.md is out of date: python -m scripts.reliability.report --write"
    )


def test_every_kept_run_passed_on_both_databases() -> None:
    for name in ("storm", "crash", "import_crash", "bad_input", "fuzz"):
        runs = json.loads((RUNS / f"{name}.json").read_text(encoding="utf-8"))
        assert {r["database"] for r in runs} == {"sqlite", "postgresql"}, name
        for run in runs:
            for key in (
                "lost",
                "duplicated",
                "overwritten",
                "server_errors_5xx",
                "server_errors",
                "writes_on_refusal",
                "refusals_without_message",
                *NEW_FAILURES,
            ):
                assert run.get(key, 0) == 0, (name, run["database"], key)


def test_the_kept_storm_and_kill_runs_cover_article_labels_and_gold() -> None:
    for name in ("storm", "crash"):
        for run in json.loads((RUNS / f"{name}.json").read_text(encoding="utf-8")):
            where = (name, run["database"])
            assert run["article_saves_acknowledged"] > 0 and run["article_conflicts_409"] > 0, where
            assert run["gold_settles_acknowledged"] > 0 and run["gold_conflicts_409"] > 0, where
            assert run["gold_reopens_acknowledged"] > 0, where
