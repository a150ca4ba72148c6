"""kill -9 the server in the middle of a storm, restart it, and check nothing acknowledged was lost.

    python -m scripts.reliability.crash --db sqlite --db postgresql --kills 3

Each round: a storm runs, the whole gunicorn process group is SIGKILLed after a random
delay, the server restarts on the same database, and the database is checked (SQLite:
PRAGMA integrity_check) against every save acknowledged before the kill.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from scripts.reliability.clients import Ledger, StormPlan, run_storm
from scripts.reliability.databases import Target, fresh_database, prepare
from scripts.reliability.server import Server
from scripts.reliability.storm import body_passages
from scripts.reliability.verify import verify


def _storm_into(
    result: dict[str, Ledger], base: str, editors: list[str], passages: list[int],
    plan: StormPlan, stop: threading.Event,
) -> None:  # fmt: skip
    result["ledger"] = run_storm(base, editors, passages, plan, stop)


def crash_on(
    target: Target, plan: StormPlan, kills: int, workers: int, threads: int, folder: Path,
    seed: int = 7,
) -> dict[str, Any]:  # fmt: skip
    """Storm, SIGKILL, restart, verify — `kills` times on one database."""
    rng = random.Random(seed)  # noqa: S311 - reproducible timing, not a secret
    editors = prepare(target, editors=max(1, plan.clients // plan.tabs_per_editor))
    passages = body_passages(target.url)
    log = folder / f"server-crash-{target.kind}.log"
    acks = []
    rounds = []
    totals = Ledger()
    for round_number in range(kills + 1):
        server = Server(target, workers, threads, log)
        server.start()
        stop = threading.Event()
        crash = round_number < kills
        delay = rng.uniform(0.4, 0.8) * plan.seconds
        result: dict[str, Ledger] = {}
        round_plan = replace(plan, seed=plan.seed + round_number)
        storm = threading.Thread(
            target=_storm_into, args=(result, server.url, editors, passages, round_plan, stop),
            daemon=True,
        )  # fmt: skip
        storm.start()
        if crash:
            time.sleep(delay)
            server.kill()  # master and workers, mid-request
            stop.set()
        storm.join(timeout=plan.seconds + 180)
        if not crash:
            server.stop()
        ledger = result["ledger"]
        acks.extend(ledger.acks)
        totals.statuses.update(ledger.statuses)
        totals.unanswered += ledger.unanswered
        totals.server_errors.extend(ledger.server_errors)
        totals.other_errors.extend(ledger.other_errors)
        totals.conflicts += ledger.conflicts
        # Restarting proves the database opens; verify proves the acknowledged work is there.
        verdict = verify(target.url, acks)
        rounds.append(
            {
                "round": round_number + 1,
                "killed_after_seconds": round(delay, 1) if crash else None,
                "saves_acknowledged_so_far": len(acks),
                "lost": len(verdict.lost),
                "duplicated": len(verdict.duplicated),
                "overwritten": len(verdict.overwritten),
                "broken_chains": len(verdict.broken_chains),
                "stored_without_answer": verdict.unacknowledged_but_stored,
                "integrity_check": verdict.integrity,
                "examples": verdict.lost[:2] + verdict.duplicated[:2] + verdict.broken_chains[:2],
            }
        )
    final = rounds[-1]
    server_log = log.read_text(encoding="utf-8", errors="replace")
    return {
        "database": target.kind,
        "clients": plan.clients,
        "workers": workers,
        "kills": kills,
        "requests": totals.requests,
        "saves_acknowledged": len(acks),
        "conflicts_409": totals.conflicts,
        "unanswered_at_kills": totals.unanswered,
        "server_errors_5xx": len(totals.server_errors),
        "unexpected_4xx": len(totals.other_errors),
        "lost": max(r["lost"] for r in rounds),
        "duplicated": max(r["duplicated"] for r in rounds),
        "overwritten": max(r["overwritten"] for r in rounds),
        "broken_chains": max(r["broken_chains"] for r in rounds),
        "stored_without_answer": final["stored_without_answer"],
        "integrity_checks": [r["integrity_check"] for r in rounds],
        "database_is_locked_in_log": server_log.count("database is locked"),
        "rounds": rounds,
        "examples_5xx": totals.server_errors[:3],
        "examples_4xx": totals.other_errors[:3],
    }


def passed(result: dict[str, Any]) -> bool:
    bad = ("lost", "duplicated", "overwritten", "broken_chains", "server_errors_5xx",
           "unexpected_4xx", "database_is_locked_in_log")  # fmt: skip
    integrity = all(c in ("ok", "not checked") for c in result["integrity_checks"])
    return integrity and all(result[k] == 0 for k in bad)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0, help="storm length per round")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    plan = StormPlan(clients=args.clients, seconds=args.seconds)
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-crash-") as tmp:
        for kind in args.db or ["sqlite", "postgresql"]:
            with fresh_database(kind, Path(tmp)) as target:
                result = crash_on(target, plan, args.kills, args.workers, args.threads, Path(tmp))
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
