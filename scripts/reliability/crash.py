"""kill -9 the server in the middle of a storm, restart it, and check nothing acknowledged was lost.

    python -m scripts.reliability.crash --db sqlite --db postgresql --kills 3

Each round: a storm runs (passage labels, article labels, gold settles and reopens), the
whole gunicorn process group is SIGKILLed after a random delay, the server restarts on the
same database, and the database is checked (SQLite: PRAGMA integrity_check) against every
write acknowledged before the kill, for single-choice sets holding two values, and for drift
of the maintained passage state (`annotator check`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from scripts.reliability.clients import Ledger
from scripts.reliability.databases import Target, fresh_database, prepare
from scripts.reliability.server import Server
from scripts.reliability.storm import NEW_FAILURES, check_all, new_examples, new_kinds
from scripts.reliability.traffic import Newsroom, StormPlan, newsroom, run_storm


def _storm_into(
    result: dict[str, Ledger],
    base: str,
    room: Newsroom,
    plan: StormPlan,
    stop: threading.Event,
    started: threading.Event,
) -> None:
    result["ledger"] = run_storm(base, room, plan, stop, started)


def crash_on(
    target: Target,
    plan: StormPlan,
    kills: int,
    workers: int,
    threads: int,
    folder: Path,
    seed: int = 7,
) -> dict[str, Any]:
    """Storm, SIGKILL, restart, verify — `kills` times on one database."""
    rng = random.Random(seed)  # noqa: S311 - reproducible timing, not a secret
    staff = prepare(target, editors=plan.editors, reviewers=plan.reviewers)
    room = newsroom(target.url, staff)
    log = folder / f"server-crash-{target.kind}.log"
    load = os.getloadavg()
    rounds = []
    totals = Ledger()
    for round_number in range(kills + 1):
        server = Server(target, workers, threads, log)
        server.start()
        stop, started = threading.Event(), threading.Event()
        crash = round_number < kills
        delay = rng.uniform(0.4, 0.8) * plan.seconds
        result: dict[str, Ledger] = {}
        round_plan = replace(plan, seed=plan.seed + round_number)
        storm = threading.Thread(
            target=_storm_into,
            args=(result, server.url, room, round_plan, stop, started),
            daemon=True,
        )
        storm.start()
        if crash:
            # Count the delay from the first write: on a loaded machine signing in every
            # client can take longer than the delay itself.
            started.wait(timeout=plan.seconds + 120)
            time.sleep(delay)
            server.kill()  # master and workers, mid-request
            stop.set()
        storm.join(timeout=plan.seconds + 180)
        if not crash:
            server.stop()
        totals.merge(result["ledger"])
        # Restarting proves the database opens; the checks prove the acknowledged work is there.
        found = check_all(target, totals)
        verdict = found.passages
        examples = verdict.lost[:2] + verdict.duplicated[:2] + verdict.broken_chains[:2]
        rounds.append(
            {
                "round": round_number + 1,
                "killed_after_seconds": round(delay, 1) if crash else None,
                "saves_acknowledged_so_far": len(totals.acks),
                "lost": len(verdict.lost),
                "duplicated": len(verdict.duplicated),
                "overwritten": len(verdict.overwritten),
                "broken_chains": len(verdict.broken_chains),
                "stored_without_answer": verdict.unacknowledged_but_stored,
                **new_kinds(totals, found),
                "integrity_check": verdict.integrity,
                "examples": examples + [x for xs in new_examples(found).values() for x in xs],
            }
        )
    final = rounds[-1]
    server_log = log.read_text(encoding="utf-8", errors="replace")
    return {
        "database": target.kind,
        "clients": plan.clients,
        "reviewers": plan.reviewers,
        "workers": workers,
        "load_average_at_start": [round(x, 2) for x in load],
        "kills": kills,
        "requests": totals.requests,
        "saves_acknowledged": len(totals.acks),
        "conflicts_409": totals.conflicts,
        "unanswered_at_kills": totals.unanswered,
        "server_errors_5xx": len(totals.server_errors),
        "unexpected_4xx": len(totals.other_errors),
        "lost": max(r["lost"] for r in rounds),
        "duplicated": max(r["duplicated"] for r in rounds),
        "overwritten": max(r["overwritten"] for r in rounds),
        "broken_chains": max(r["broken_chains"] for r in rounds),
        "stored_without_answer": final["stored_without_answer"],
        **{k: final[k] for k in new_kinds(totals, found) if k not in NEW_FAILURES},
        **{k: max(r[k] for r in rounds) for k in NEW_FAILURES},
        "integrity_checks": [r["integrity_check"] for r in rounds],
        "database_is_locked_in_log": server_log.count("database is locked"),
        "rounds": rounds,
        "examples_5xx": totals.server_errors[:3],
        "examples_4xx": totals.other_errors[:3],
    }


def passed(result: dict[str, Any]) -> bool:
    bad = (
        "lost",
        "duplicated",
        "overwritten",
        "broken_chains",
        "server_errors_5xx",
        "unexpected_4xx",
        "database_is_locked_in_log",
        *NEW_FAILURES,
    )
    integrity = all(c in ("ok", "not checked") for c in result["integrity_checks"])
    return integrity and all(result[k] == 0 for k in bad)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=32, help="editors' tabs")
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0, help="storm length per round")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    plan = StormPlan(clients=args.clients, reviewers=args.reviewers, seconds=args.seconds)
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
