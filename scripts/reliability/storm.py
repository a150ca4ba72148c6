"""The storm: concurrent editors saving against gunicorn, then a check of every acknowledged save.

    python -m scripts.reliability.storm --db sqlite --db postgresql --clients 32 --seconds 30

Prints one JSON object per database; exits 1 if anything was lost, doubled, overwritten,
or answered with a 5xx.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.clients import Ledger, StormPlan, run_storm
from scripts.reliability.databases import Target, fresh_database, prepare
from scripts.reliability.server import Server
from scripts.reliability.verify import Verdict, verify


def body_passages(url: str) -> list[int]:
    """Ids of the body passages, in reading order."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            query = "SELECT id FROM passages WHERE kind = 'body' ORDER BY article_id, \"index\""
            return [row[0] for row in conn.execute(text(query))]
    finally:
        engine.dispose()


def summary(kind: str, plan: StormPlan, workers: int, ledger: Ledger, verdict: Verdict,
            seconds: float, server_log: str) -> dict[str, Any]:  # fmt: skip
    """The figures of one run, as docs/RELIABILITY.md shows them."""
    return {
        "database": kind,
        "clients": plan.clients,
        "editors": plan.clients // plan.tabs_per_editor,
        "workers": workers,
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
        },  # fmt: skip
    }


def passed(result: dict[str, Any]) -> bool:
    """Zero lost, doubled or overwritten saves, no 5xx, no unexpected 4xx, a sound file."""
    bad = ("lost", "duplicated", "overwritten", "broken_chains", "server_errors_5xx")
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
    editors = prepare(target, editors=max(1, plan.clients // plan.tabs_per_editor))
    passages = body_passages(target.url)
    server = Server(target, workers, threads, folder / f"server-{target.kind}.log")
    server.start()
    started = time.monotonic()
    try:
        ledger = run_storm(server.url, editors, passages, plan)
    finally:
        elapsed = time.monotonic() - started
        server.stop()
    verdict = verify(target.url, ledger.acks)
    return summary(target.kind, plan, workers, ledger, verdict, elapsed, server.log_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=2000, help="per client")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    plan = StormPlan(clients=args.clients, seconds=args.seconds,
                     max_requests_per_client=args.max_requests)  # fmt: skip
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
