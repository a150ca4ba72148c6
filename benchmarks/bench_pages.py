"""Time each page in-process (Flask test client) on an existing database: ms, CPU ms, queries.

Complements bench_serve (which measures through gunicorn under load): this one isolates the
server-side cost of a page and counts its SQL statements, so a regression shows as a number.
Run it on a copy of a benchmark database, never on one people use (it signs in).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, text

from annotator import create_app
from annotator.extensions import db
from benchmarks.bench_serve import QUERY, RESOLVED
from benchmarks.corpus_db import PASSWORD
from benchmarks.measure import load_average

USERS = ("bench_reviewer", "bench_editor")


def probes(app: Flask) -> dict[str, str]:
    """The issue's pages, with the corpus's longest article (most passages)."""
    with app.app_context():
        longest = db.session.scalar(
            text(
                "SELECT article_id FROM passages GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
            )
        )
        last_page = db.session.scalar(text("SELECT count(*) FROM articles")) // 25 + 1
    query = QUERY
    return {
        "healthz (the stack's floor)": "/healthz",
        "articles list": "/articles",
        "articles list (last page)": f"/articles?page={last_page}",
        "articles list (todo)": "/articles?todo=1",
        "article view (longest)": f"/articles/{longest}",
        # What the page's script asks for as the editor scrolls: one window of 41 passages.
        "article passages (window)": f"/articles/{longest}/passages?start=100&stop=141",
        "review list": "/review",
        "review list (all)": "/review?show=all",
        "search page": f"/search?{query}",
        "search API": f"/api/search?{query}",
        "search page (status=conflict)": f"/search?{query}&status=conflict",
        "search API (status=conflict)": f"/api/search?{query}&status=conflict",
        "search API (status=single)": f"/api/search?{query}&status=single",
        "search API (resolved label)": f"/api/search?{query}&label={RESOLVED}&scope=resolved",
        "articles API": "/api/articles",
        "articles API (last)": "/api/articles?offset=1900",
        "export page (counts)": "/export",
        "duplicates": "/duplicates",
    }


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app runs inside the block."""
    statements: list[str] = []
    started: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        started.append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        ms = (time.perf_counter() - started.pop()) * 1000
        statements.append(f"{ms:7.1f} ms  {statement}")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def measure(app: Flask, user: str, path: str, repeat: int) -> dict[str, Any]:
    """Sign in as `user`, warm the page once, then time `repeat` requests."""
    client = app.test_client()
    response = client.post("/login", data={"username": user, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {user} failed: HTTP {response.status_code}")
    first = client.get(path)
    with counted(app) as statements:
        client.get(path)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    walls.sort()
    return {
        "status": first.status_code,
        "bytes": len(response.data),
        "queries": len(statements),
        "wall_ms_median": round(statistics.median(walls), 1),
        "wall_ms_p95": round(walls[min(len(walls) - 1, int(len(walls) * 0.95))], 1),
        "cpu_ms_median": round(statistics.median(cpus), 1),
    }


def main() -> None:
    """python -m benchmarks.bench_pages --db URL [--repeat 20] [--only NAME]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="database URL (a copy: this signs in)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", action="append", help="probe name (repeatable)")
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--show-sql", action="store_true", help="print each page's statements")
    args = parser.parse_args()
    app = create_app(
        {
            "DATABASE_URL": args.db,
            "SECRET_KEY": "bench-pages-only",
            "WTF_CSRF_ENABLED": False,
            "SIGN_IN_ACCOUNT_LIMIT": 10**6,
            "SIGN_IN_ADDRESS_LIMIT": 10**6,
        }
    )
    results: dict[str, Any] = {"load_before": load_average(), "pages": {}}
    for name, path in probes(app).items():
        if args.only and name not in args.only:
            continue
        for user in args.users.split(","):
            result = {"path": path, **measure(app, user, path, args.repeat)}
            results["pages"][f"{name} [{user}]"] = result
            print(f"{name:28} {user:15} {json.dumps(result, ensure_ascii=False)}", flush=True)
            if args.show_sql:
                client = app.test_client()
                client.post("/login", data={"username": user, "password": PASSWORD})
                with counted(app) as statements:
                    client.get(path)
                for statement in statements:
                    print("   ", " ".join(statement.split())[:400])
    results["load_after"] = load_average()
    print(json.dumps({"load": [results["load_before"], results["load_after"]]}))


if __name__ == "__main__":
    main()
