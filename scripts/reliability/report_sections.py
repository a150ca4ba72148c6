"""One table per kind of run for docs/RELIABILITY.md, from the JSON files the runs keep."""

from __future__ import annotations

import json
from typing import Any

from scripts.reliability.databases import ROOT

RUNS = ROOT / "docs" / "reliability"


def load_runs(name: str) -> list[dict[str, Any]]:
    path = RUNS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{code}×{n}" for code, n in sorted(counts.items()))


def _integrity(*checks: str) -> str:
    """PRAGMA integrity_check results, folded: SQLite only (PostgreSQL has no such check)."""
    if all(c == "not checked" for c in checks):
        return "n/a"
    return ", ".join(checks)


LOAD = "load average at start (1, 5, 15 min)"


def _load_average(run: dict[str, Any]) -> str:
    """The machine's load when the run began (runs before it was recorded: not recorded)."""
    found = run.get("load_average_at_start")
    return ", ".join(f"{x:.2f}" for x in found) if found else "not recorded"


def machine_section() -> str:
    """Where and when each group of kept runs was made (machine.json: one record per group)."""
    parts = []
    for found in json.loads((RUNS / "machine.json").read_text(encoding="utf-8")):
        found = dict(found)
        runs = ", ".join(found.pop("runs"))
        parts.append(f"Runs {runs}:\n\n" + "\n".join(f"- {k}: {v}" for k, v in found.items()))
    return "\n\n".join(parts)


def storm_section() -> str:
    rows = [
        [
            r["database"],
            r["clients"],
            r["workers"],
            r["seconds"],
            r["requests"],
            r["saves_acknowledged"],
            r["saves_found_once"],
            r["unchanged_saves"],
            r["conflicts_409"],
            r["server_errors_5xx"],
            r["lost"],
            r["duplicated"],
            r["overwritten"],
            _integrity(r["integrity_check"]),
            r["database_is_locked_in_log"],
            _load_average(r),
        ]
        for r in load_runs("storm")
    ]
    return table(
        [
            "database",
            "clients",
            "workers",
            "seconds",
            "requests",
            "saves acknowledged",
            "found exactly once",
            "unchanged (no-op) saves",
            "409 conflicts",
            "5xx",
            "lost",
            "duplicated",
            "overwritten",
            "integrity_check",
            "`database is locked` in log",
            LOAD,
        ],
        rows,
    )


def _new_kinds_table(runs: list[dict[str, Any]]) -> str:
    """Article labels, gold and the invariants, one row per run (storm and kill -9 alike)."""
    rows = []
    failed = ("lost", "duplicated", "overwritten", "broken_chains")
    for r in runs:
        failures = [sum(r[f"{kind}_{what}"] for what in failed) for kind in ("article", "gold")]
        unanswered = f"{r['article_stored_without_answer']}, {r['gold_stored_without_answer']}"
        rows.append(
            [
                r["database"],
                r["reviewers"],
                r["article_saves_acknowledged"],
                r["article_saves_found_once"],
                r["article_conflicts_409"],
                failures[0],
                r["gold_settles_acknowledged"],
                r["gold_reopens_acknowledged"],
                r["gold_found_once"],
                r["gold_conflicts_409"],
                failures[1],
                r["single_choice_with_two_values"],
                r["drifted_passages"],
                unanswered,
            ]
        )
    return table(
        [
            "database",
            "reviewers",
            "article-label saves acknowledged",
            "found exactly once",
            "409 conflicts",
            "lost, duplicated or overwritten",
            "gold settles acknowledged (302)",
            "gold reopens acknowledged (302)",
            "found exactly once",
            "409 conflicts",
            "lost, duplicated or overwritten",
            "single-choice sets holding two values",
            "passages whose maintained state drifted",
            "stored but never acknowledged (article labels, gold)",
        ],
        rows,
    )


def storm_kinds_section() -> str:
    return _new_kinds_table(load_runs("storm"))


def crash_kinds_section() -> str:
    return _new_kinds_table(load_runs("crash"))


def crash_section() -> str:
    rows = [
        [
            r["database"],
            r["kills"],
            r["clients"],
            r["workers"],
            r["requests"],
            r["saves_acknowledged"],
            r["unanswered_at_kills"],
            r["stored_without_answer"],
            r["lost"],
            r["duplicated"],
            r["overwritten"],
            r["server_errors_5xx"],
            _integrity(*r["integrity_checks"]),
            _load_average(r),
        ]
        for r in load_runs("crash")
    ]
    return table(
        [
            "database",
            "kill -9 rounds",
            "clients",
            "workers",
            "requests",
            "saves acknowledged before the kills",
            "requests cut off by a kill",
            "stored but never acknowledged",
            "lost",
            "duplicated",
            "overwritten",
            "5xx",
            "integrity_check after each restart",
            LOAD,
        ],
        rows,
    )


def import_crash_section() -> str:
    rows = []
    for r in load_runs("import_crash"):
        killed, rerun = r["after_kill"], r["after_rerun"]
        rows.append(
            [
                r["database"],
                r["articles_in_big_file"],
                "yes" if r["killed_in_transaction"] else "no",
                r["seconds_before_kill"],
                killed["big_file_articles"],
                killed["orphan_passages"],
                _integrity(killed["integrity_check"]),
                r["rerun_exit_code"],
                rerun["big_file_articles"],
                rerun["offset_mismatches"],
                _integrity(rerun["integrity_check"]),
            ]
        )
    return table(
        [
            "database",
            "articles in the file",
            "killed inside its transaction",
            "seconds before the kill",
            "its articles after the kill",
            "orphan passages",
            "integrity_check",
            "re-run exit code",
            "its articles after the re-run",
            "offset mismatches",
            "integrity_check after the re-run",
        ],
        rows,
    )
