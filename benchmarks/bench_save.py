"""Save a label in-process (Flask test client): CPU time and SQL statements per request.

Runs against an existing database (copy the benchmark one first: saves write to it):
`DATABASE_URL=... ANNOTATOR_INSTANCE=... SECRET_KEY=bench python -m benchmarks.bench_save`.
Wall-clock figures on a shared machine mislead; CPU time and statement counts do not.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections import Counter
from typing import Any

from sqlalchemy import event, select

from annotator import create_app
from annotator.extensions import db
from annotator.models import Passage
from benchmarks.corpus_db import PASSWORD

STANCE = ("for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release")


def _signed_in(app: Any, username: str) -> tuple[Any, str]:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    done = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert done.status_code == 302, done.status_code
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('<meta name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return client, csrf


def run(iterations: int, offset: int, profile: str | None, show_sql: bool) -> dict[str, Any]:
    """Save `iterations` stances on fresh passages, then re-save them (update path)."""
    app = create_app()
    statements: Counter[str] = Counter()
    with app.app_context():
        ids = list(
            db.session.scalars(
                select(Passage.id)
                .where(Passage.kind == "body")
                .order_by(Passage.id.desc())
                .offset(offset)
                .limit(iterations)
            )
        )
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _count(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
            statements[" ".join(sql.split())[:160]] += 1

    client, csrf = _signed_in(app, "bench_editor")
    headers = {"X-CSRFToken": csrf}
    versions: dict[int, int | None] = {}
    results: dict[str, Any] = {}
    profiler = cProfile.Profile() if profile else None
    for phase in ("first save", "change"):
        totals: Counter[str] = Counter()
        for n, pid in enumerate(ids):
            body = {"values": [STANCE[(n + (phase == "change")) % 4]], "version": versions.get(pid)}
            if phase == "first save":
                # The passage may carry the editor's label from the benchmark data already.
                got = client.get(f"/api/passages/{pid}").get_json()
                mine = got["mine"]["stance"]
                body["version"] = mine["version"] if mine else None
                if mine and mine["values"] == body["values"]:
                    body["values"] = [STANCE[(n + 1) % 4]]
            # Only the PUT is timed (the GET above is the editor opening the passage).
            statements.clear()
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            response = client.put(
                f"/api/passages/{pid}/annotations/stance", json=body, headers=headers
            )
            if profiler:
                profiler.disable()
            totals.update(statements)
            assert response.status_code == 200, (response.status_code, response.get_json())
            versions[pid] = response.get_json()["version"]
            results.setdefault(phase, {"cpu": 0.0, "wall": 0.0, "queries": 0})
            results[phase]["cpu"] += time.process_time() - started_cpu
            results[phase]["wall"] += time.perf_counter() - started_wall
            results[phase]["queries"] += sum(statements.values())
        r = results[phase]
        results[phase] = {
            "requests": len(ids),
            "cpu_ms_per_request": round(r["cpu"] * 1000 / len(ids), 2),
            "wall_ms_per_request": round(r["wall"] * 1000 / len(ids), 2),
            "queries_per_request": round(r["queries"] / len(ids), 2),
        }
    if show_sql:
        results["statements per request (change)"] = {
            sql: round(n / len(ids), 2) for sql, n in totals.most_common()
        }
    if profiler and profile:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return results


def main() -> None:
    """python -m benchmarks.bench_save [--iterations N] [--offset K] [--profile FILE] [--sql]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--offset", type=int, default=0, help="skip this many newest passages")
    parser.add_argument("--profile", help="write a cProfile of the timed requests here")
    parser.add_argument("--sql", action="store_true", help="list the statements of a save")
    args = parser.parse_args()
    print(
        json.dumps(
            run(args.iterations, args.offset, args.profile, args.sql), ensure_ascii=False, indent=2
        )
    )


if __name__ == "__main__":
    main()
