"""Serve the full corpus with `annotator serve` (gunicorn) and measure latency under load."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from benchmarks.corpus_db import (
    ANNOTATOR,
    PASSWORD,
    app_env,
    create_editors,
    import_folder,
    label_new_passages,
)
from benchmarks.label_state import refresh_label_state
from benchmarks.load import (
    ClientState,
    Request,
    Session,
    get_body,
    get_json,
    run_load,
    sign_in,
)
from benchmarks.measure import (
    DEFAULT_PG,
    clock,
    database_url,
    load_average,
    save_result,
    skipped,
)
from benchmarks.server import Server

CONCURRENCY = (1, 8, 32)
# What a run measures: cold start and memory always; saves and pages on the serve default.
PROBES = frozenset({"save", "pages"})
STANCE = ("for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release")
PASSAGES_PER_CLIENT = 20
# Paced clients pause 0.25-0.75 s between saves: 32 of them offer ~64 saves/s, a newsroom of
# 32 editors each labelling twice a second, far above people's pace.
THINK = (0.25, 0.75)
QUERY = "q=%E5%BC%80%E6%BA%90"  # 开源: 16,538 of the full corpus's passages
RESOLVED = "stance:for_open_release"


@dataclass(frozen=True)
class Plan:
    """Which probes to run and how: `--only`, `--modes`, `--concurrency`, workers, threads."""

    probes: frozenset[str] = PROBES
    modes: tuple[str, ...] = ("lazy", "preload")
    concurrency: tuple[int, ...] = CONCURRENCY
    workers: int | None = None
    threads: int | None = None


def save_request(
    number: int,
    count: int,
    state: ClientState,
    ids: tuple[int, ...],
    clients: int,
    seen: dict[int, int | None],
) -> Request:
    """PUT a stance for the client's own passages in turn, with the version it last saw."""
    own = ids[number::clients][:PASSAGES_PER_CLIENT]
    passage = own[count % len(own)]
    state.last["passage"] = passage
    version = state.versions.get(passage, seen.get(passage))
    body = {"values": [STANCE[count % len(STANCE)]], "version": version}
    return (
        "PUT",
        f"/api/passages/{passage}/annotations/stance",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )


def remember_version(number: int, state: ClientState, status: int, payload: bytes) -> None:
    """Keep the version the server returned, as the tagging screen does."""
    try:
        data = json.loads(payload)
    except ValueError:
        return
    if status == 200:
        state.versions[state.last["passage"]] = data.get("version")
    elif status == 409:
        state.versions[state.last["passage"]] = (data.get("current") or {}).get("version")


def get_request(number: int, count: int, state: ClientState, path: str) -> Request:
    return ("GET", path, None, {})


def corpus_facts(url: str) -> dict[str, Any]:
    """Ids the probes need: body passages in id order and the longest article."""
    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM passages WHERE kind = 'body' ORDER BY id LIMIT 40000")
            )
        ]
        longest = conn.scalar(
            text(
                "SELECT article_id FROM passages GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
            )
        )
    engine.dispose()
    return {"body_ids": ids, "longest_article": longest}


def page_probes(facts: dict[str, Any]) -> dict[str, str]:
    """The pages and reads of the issue's targets; each is skipped if this build lacks it."""
    passage = facts["body_ids"][len(facts["body_ids"]) // 2]
    return {
        # The floor: gunicorn, Flask, the session and one SELECT 1, nothing else.
        "healthz (the stack's floor)": "/healthz",
        "articles list": "/articles",
        "article view (longest)": f"/articles/{facts['longest_article']}",
        "article passages (window)": f"/articles/{facts['longest_article']}/passages"
        "?start=100&stop=141",
        "passage API": f"/api/passages/{passage}",
        "review list": "/review",
        "review list (all)": "/review?show=all",
        "search": f"/search?{QUERY}",
        "search API": f"/api/search?{QUERY}",
        # The filters that read the maintained passage state (issue 13's targets).
        "search (status=conflict)": f"/search?{QUERY}&status=conflict",
        "search API (status=conflict)": f"/api/search?{QUERY}&status=conflict",
        "search API (status=single)": f"/api/search?{QUERY}&status=single",
        "search API (resolved label)": f"/api/search?{QUERY}&label={RESOLVED}&scope=resolved",
        "articles API": "/api/articles",
        "export page (counts)": "/export",
    }


def measure_server(
    url: str,
    instance: Path,
    facts: dict[str, Any],
    preload: bool,
    seconds: float,
    offset: list[int],
    full: bool,
    plan: Plan = Plan(),
) -> dict[str, Any]:
    """Start a server, time its first answers, then load each probe at each concurrency."""
    server = Server(url, instance, preload, workers=plan.workers, threads=plan.threads)
    result: dict[str, Any] = {
        "preload": preload,
        "cold_start_s": round(server.cold_start_s, 3),
        # CPU of every server process until the first answer: robust on a loaded machine.
        "cold_start_cpu_s": round(server.cpu_seconds(), 3),
        "load_at_start": load_average(),
    }
    try:
        reviewer = sign_in("127.0.0.1", server.port, "bench_reviewer", PASSWORD)
        editor = sign_in("127.0.0.1", server.port, "bench_editor", PASSWORD)
        passage = facts["body_ids"][0]
        firsts = []
        for _ in range(4):  # fresh connections: gunicorn spreads them over the workers
            started = time.perf_counter()
            status, _body = get_json(editor, f"/api/passages/{passage}")
            firsts.append(time.perf_counter() - started)
        result["first_passage_requests_ms"] = [round(f * 1000, 1) for f in firsts]
        result["passage_api_status"] = status
        result["memory_after_start"] = server.memory()
        if full and "save" in plan.probes and status == 404:
            result["save_label"] = {"skipped": "no annotation API in this build (404)"}
        elif full and "save" in plan.probes:
            result["save_label"] = _saves(
                editor, facts, seconds, offset, plan.concurrency, server.cpu_seconds
            )
            result["load_after_saves"] = load_average()
        if full and "pages" in plan.probes:
            result["pages"] = _pages(reviewer, facts, seconds, plan.concurrency, server.cpu_seconds)
        result["memory_after_load"] = server.memory()
    finally:
        server.stop()
    return result


def _saves(
    editor: Session,
    facts: dict[str, Any],
    seconds: float,
    offset: list[int],
    concurrency: tuple[int, ...] = CONCURRENCY,
    server_cpu: Callable[[], float] | None = None,
) -> dict[str, Any]:
    """Closed loop (each client saves again at once) and paced (editors pause between saves)."""
    results: dict[str, Any] = {}
    runs = [(str(c), c, None) for c in concurrency]
    runs += [(f"{c} paced", c, THINK) for c in concurrency if c > 1]
    for key, clients, think in runs:
        body = facts["body_ids"]
        # Fresh passages per run; a small corpus wraps around, and then the versions the
        # earlier runs left are read first (untimed) so no save starts with a stale one.
        ids = tuple(body[(offset[0] + i) % len(body)] for i in range(clients * PASSAGES_PER_CLIENT))
        # A database labelled beforehand (--database-url) holds versions from the start.
        wrapped = offset[0] + len(ids) > len(body) or facts.get("labelled", False)
        offset[0] += len(ids)
        seen = _versions(editor, ids) if wrapped else {}
        maker = partial(save_request, ids=ids, clients=clients, seen=seen)
        cpu = server_cpu() if server_cpu else 0.0
        load = run_load(editor, maker, clients, seconds, 5000, remember_version, think)
        results[key] = load.summary()
        if server_cpu and results[key]["requests"]:
            used = server_cpu() - cpu
            results[key]["server_cpu_ms_per_request"] = round(
                used * 1000 / results[key]["requests"], 2
            )
        results[key]["load_average"] = load_average()
        print(f"  save x{key}: {results[key]}", file=sys.stderr)
    return results


def _versions(editor: Session, ids: tuple[int, ...]) -> dict[int, int | None]:
    seen: dict[int, int | None] = {}
    for passage in set(ids):
        _status, data = get_json(editor, f"/api/passages/{passage}")
        mine = ((data or {}).get("mine") or {}).get("stance")
        seen[passage] = mine["version"] if mine else None
    return seen


def _pages(
    reviewer: Session,
    facts: dict[str, Any],
    seconds: float,
    concurrency: tuple[int, ...] = CONCURRENCY,
    server_cpu: Callable[[], float] | None = None,
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, path in page_probes(facts).items():
        status, body = get_body(reviewer, path)
        if status == 404:
            results[name] = {"skipped": "not in this build (404)", "path": path}
            continue
        results[name] = {"path": path, "status": status, "bytes": len(body)}
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and "total" in data:
            results[name]["total"] = data["total"]  # what a filter leaves, to compare
        for clients in concurrency:
            cpu = server_cpu() if server_cpu else 0.0
            load = run_load(reviewer, partial(get_request, path=path), clients, seconds, 5000)
            summary = results[name][str(clients)] = load.summary()
            if server_cpu and summary["requests"]:
                # The server's own CPU per page (not PostgreSQL's): steadier than latency
                # on a machine shared with other work.
                used = server_cpu() - cpu
                summary["server_cpu_ms_per_request"] = round(used * 1000 / summary["requests"], 2)
        print(f"  {name}: {results[name]}", file=sys.stderr)
    return results


def bench_backend(
    corpus: Path | None,
    url: str,
    work: Path,
    seconds: float,
    plan: Plan = Plan(),
    instance: Path | None = None,
) -> dict[str, Any]:
    """Import the corpus (unless None: `url` holds it already), then lazy and preloaded
    servers; full load on the serve default, or on each mode named alone in `plan.modes`."""
    instance = instance or work / "instance"
    if corpus is not None:
        import_folder(url, instance, corpus / "txt")
        create_editors(url, instance)
        _create_reviewer(url, instance)
        # The pages are judged with 10 % of passages labeled, as bench_export labels.
        with clock() as labelling:
            label_new_passages(url, 0)
        # Bulk SQL bypasses the label writer: bring the maintained state up (the backfill).
        state = {"bulk_labelling_s": round(labelling.wall, 3), **refresh_label_state(url)}
    facts = corpus_facts(url)
    facts["labelled"] = True  # labelled here or beforehand: saves read versions first
    offset = [0]
    from annotator.serving import PRELOAD_DEFAULT

    results: dict[str, Any] = {"serve_default_preload": PRELOAD_DEFAULT}
    if corpus is not None:
        results["label_state"] = state
    for key in plan.modes:
        preload = key == "preload"
        print(f"serve {key}", file=sys.stderr)
        full = preload == PRELOAD_DEFAULT or len(plan.modes) == 1
        results[key] = measure_server(url, instance, facts, preload, seconds, offset, full, plan)
    return results


def _create_reviewer(url: str, instance: Path) -> None:
    from benchmarks.measure import run_measured

    args = ["create-user", "bench_reviewer", "--role", "reviewer", "--password-stdin"]
    run_measured([*ANNOTATOR, *args], env=app_env(url, instance), stdin=PASSWORD + "\n")


def run(corpus: Path, backends: list[str], pg_admin: str, seconds: float) -> dict[str, Any]:
    """Every measurement of this benchmark, as the README generator reads them."""
    results: dict[str, Any] = {
        "corpus": json.loads((corpus / "stats.json").read_text(encoding="utf-8")),
        "seconds_per_run": seconds,
        "concurrency": list(CONCURRENCY),
        "load_before": load_average(),
        "backends": {},
    }
    for backend in backends:
        with (
            tempfile.TemporaryDirectory(prefix="annotator-serve-") as tmp,
            database_url(backend, Path(tmp), pg_admin, "serve") as url,
        ):
            results["backends"][backend] = (
                bench_backend(corpus, url, Path(tmp), seconds) if url else skipped(pg_admin)
            )
    results["load_after"] = load_average()
    return results


def run_existing(url: str, instance: Path, seconds: float, plan: Plan) -> dict[str, Any]:
    """The probes against a database that holds the corpus and the bench logins already."""
    results: dict[str, Any] = {"seconds_per_run": seconds, "load_before": load_average()}
    backend = "postgresql" if url.startswith("postgres") else "sqlite"
    results["backends"] = {backend: bench_backend(None, url, instance, seconds, plan, instance)}
    results["load_after"] = load_average()
    return results


def _plan(args: argparse.Namespace) -> Plan:
    probes = frozenset(args.only.split(",")) if args.only else PROBES
    unknown = probes - PROBES - {"start"}
    if unknown:
        raise SystemExit(f"--only: unknown probe(s) {sorted(unknown)}; use save, pages, start")
    return Plan(
        probes=probes,
        modes=tuple(args.modes.split(",")),
        concurrency=tuple(int(c) for c in args.concurrency.split(",")),
        workers=args.workers,
        threads=args.threads,
    )


def main() -> None:
    """python -m benchmarks.bench_serve --corpus DIR [--backends ...] [--seconds 5]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="import this corpus into fresh databases")
    parser.add_argument("--database-url", help="or serve this database (corpus and logins in)")
    parser.add_argument("--instance", type=Path, help="instance folder for --database-url")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default=DEFAULT_PG, help="admin URL of a PostgreSQL server")
    parser.add_argument("--seconds", type=float, default=5.0, help="per probe and concurrency")
    parser.add_argument("--only", help="comma-separated: save, pages, start (cold start only)")
    parser.add_argument("--modes", default="lazy,preload", help="lazy, preload or both")
    parser.add_argument("--concurrency", default=",".join(map(str, CONCURRENCY)))
    parser.add_argument("--workers", type=int, help="passed to annotator serve")
    parser.add_argument("--threads", type=int, help="passed to annotator serve")
    parser.add_argument("--results", type=Path, help="folder for results JSON")
    args = parser.parse_args()
    plan = _plan(args)
    if args.database_url:
        instance = args.instance or Path(tempfile.mkdtemp(prefix="annotator-serve-"))
        results = run_existing(args.database_url, instance, args.seconds, plan)
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return  # a probe of one database is not the benchmark: nothing saved for the README
    if args.corpus is None:
        parser.error("give --corpus, or --database-url with --instance")
    results = run(args.corpus, args.backends.split(","), args.pg, args.seconds)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_result("serve", results, *([args.results] if args.results else []))


if __name__ == "__main__":
    main()
