"""The storm: editors and reviewers writing concurrently against gunicorn, then a check of every
acknowledged write.

    python -m scripts.reliability.storm --db sqlite --db postgresql --clients 32 --seconds 30

Prints one JSON object per database; exits 1 if anything was lost, doubled, overwritten,
answered with a 5xx, left a single-choice set with two values or the passage state drifted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.reliability.clients import Ledger
from scripts.reliability.databases import Target, fresh_database, prepare
from scripts.reliability.invariants import state_drift, two_values_in_single_choice
from scripts.reliability.server import Server
from scripts.reliability.traffic import StormPlan, newsroom, run_storm
from scripts.reliability.verify import Verdict, verify, verify_articles
from scripts.reliability.verify_gold import verify_gold


@dataclass(frozen=True)
class Verdicts:
    """Every check of one database after a storm (or after one kill of a crash run)."""

    passages: Verdict
    articles: Verdict
    gold: Verdict
    two_values: list[str]
    drift: list[str]


def check_all(target: Target, ledger: Ledger) -> Verdicts:
    """Compare the database with everything acknowledged; check the invariants."""
    return Verdicts(
        passages=verify(target.url, ledger.acks),
        articles=verify_articles(target.url, ledger.article_acks),
        gold=verify_gold(target.url, ledger.gold_acks),
        two_values=two_values_in_single_choice(target.url),
        drift=state_drift(target),
    )


def new_kinds(ledger: Ledger, found: Verdicts) -> dict[str, Any]:
    """The figures of article labels, gold and the invariants (beside the passage saves')."""
    a, g = found.articles, found.gold
    return {
        "article_saves_acknowledged": len(ledger.article_acks),
        "article_saves_found_once": a.found,
        "article_conflicts_409": ledger.article_conflicts,
        "article_lost": len(a.lost),
        "article_duplicated": len(a.duplicated),
        "article_overwritten": len(a.overwritten),
        "article_broken_chains": len(a.broken_chains),
        "article_stored_without_answer": a.unacknowledged_but_stored,
        "gold_settles_acknowledged": sum(x.action == "gold.settle" for x in ledger.gold_acks),
        "gold_reopens_acknowledged": sum(x.action == "gold.reopen" for x in ledger.gold_acks),
        "gold_found_once": g.found,
        "gold_conflicts_409": ledger.gold_conflicts,
        "gold_lost": len(g.lost),
        "gold_duplicated": len(g.duplicated),
        "gold_overwritten": len(g.overwritten),
        "gold_broken_chains": len(g.broken_chains),
        "gold_stored_without_answer": g.unacknowledged_but_stored,
        "single_choice_with_two_values": len(found.two_values),
        "drifted_passages": len(found.drift),
    }


def new_examples(found: Verdicts) -> dict[str, list[str]]:
    a, g = found.articles, found.gold
    return {
        "article": (a.lost + a.duplicated + a.overwritten + a.broken_chains)[:3],
        "gold": (g.lost + g.duplicated + g.overwritten + g.broken_chains)[:3],
        "two_values": found.two_values[:3],
        "drift": found.drift[:3],
    }


NEW_FAILURES = (
    "article_lost",
    "article_duplicated",
    "article_overwritten",
    "article_broken_chains",
    "gold_lost",
    "gold_duplicated",
    "gold_overwritten",
    "gold_broken_chains",
    "single_choice_with_two_values",
    "drifted_passages",
)


def summary(
    kind: str,
    plan: StormPlan,
    workers: int,
    ledger: Ledger,
    found: Verdicts,
    seconds: float,
    server_log: str,
    load: tuple[float, ...],
) -> dict[str, Any]:
    """The figures of one run, as docs/RELIABILITY.md shows them."""
    verdict = found.passages
    return {
        "database": kind,
        "clients": plan.clients,
        "editors": plan.editors,
        "reviewers": plan.reviewers,
        "workers": workers,
        "load_average_at_start": [round(x, 2) for x in load],
        "seconds": round(seconds, 1),
        "requests": ledger.requests,
        "statuses": {str(k): v for k, v in sorted(ledger.statuses.items())},
        "saves_acknowledged": len(ledger.acks),
        "saves_found_once": verdict.found,
        "unchanged_saves": ledger.noops,
        "conflicts_409": ledger.conflicts,
        "server_errors_5xx": len(ledger.server_errors),
        "unanswered": ledger.unanswered,
        "lost": len(verdict.lost),
        "duplicated": len(verdict.duplicated),
        "overwritten": len(verdict.overwritten),
        "broken_chains": len(verdict.broken_chains),
        "stored_without_answer": verdict.unacknowledged_but_stored,
        **new_kinds(ledger, found),
        "integrity_check": verdict.integrity,
        "database_is_locked_in_log": server_log.count("database is locked"),
        "tracebacks_in_log": server_log.count("Traceback"),
        "examples": {
            "lost": verdict.lost[:3],
            "duplicated": verdict.duplicated[:3],
            "overwritten": verdict.overwritten[:3],
            "broken": verdict.broken_chains[:3],
            "5xx": ledger.server_errors[:3],
            "4xx": ledger.other_errors[:3],
            **new_examples(found),
        },
    }


def passed(result: dict[str, Any]) -> bool:
    """Nothing lost, doubled or overwritten, no 5xx or odd 4xx, sound file and state."""
    bad = ("lost", "duplicated", "overwritten", "broken_chains", "server_errors_5xx", *NEW_FAILURES)
    return (
        all(result[k] == 0 for k in bad)
        and not result["examples"]["4xx"]
        and result["integrity_check"] in ("ok", "not checked")
        and result["database_is_locked_in_log"] == 0
    )


def storm_on(
    target: Target, plan: StormPlan, workers: int, threads: int, folder: Path
) -> dict[str, Any]:
    """Prepare the database, serve it, run the storm, stop, verify."""
    staff = prepare(target, editors=plan.editors, reviewers=plan.reviewers)
    room = newsroom(target.url, staff)
    server = Server(target, workers, threads, folder / f"server-{target.kind}.log")
    load = os.getloadavg()
    server.start()
    started = time.monotonic()
    try:
        ledger = run_storm(server.url, room, plan)
    finally:
        elapsed = time.monotonic() - started
        server.stop()
    found = check_all(target, ledger)
    return summary(target.kind, plan, workers, ledger, found, elapsed, server.log_text(), load)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=32, help="editors' tabs")
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=2000, help="per client")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    plan = StormPlan(
        clients=args.clients,
        reviewers=args.reviewers,
        seconds=args.seconds,
        max_requests_per_client=args.max_requests,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-storm-") as tmp:
        for kind in args.db or ["sqlite", "postgresql"]:
            with fresh_database(kind, Path(tmp)) as target:
                result = storm_on(target, plan, args.workers, args.threads, Path(tmp))
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
