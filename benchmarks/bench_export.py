"""Native export of the corpus with 10 % labelled, beside a raw SQL read serialised the same way."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.corpus_db import (
    ANNOTATOR,
    app_env,
    copy_corpus,
    create_editors,
    import_folder,
    label_new_passages,
)
from benchmarks.label_state import refresh_label_state
from benchmarks.measure import (
    DEFAULT_PG,
    clock,
    database_url,
    emit,
    load_average,
    run_measured,
    run_step,
    save_result,
    skipped,
)

SCALES = (1, 2, 4)
# The rows the native export reads, in its order, without labels or resolution. Sorted on
# the passage's columns as the export sorts them (on SQLite, ORDER BY a.id sorted every row).
# Everything, site chrome included: the row exports with --include-boilerplate.
RAW_QUERY = (
    'SELECT p.id, p.uid, p."index", p.start, p."end", p.kind, p.text, a.content_hash, a.title,'
    " a.source, a.published, a.segmenter_version FROM passages p JOIN articles a"
    ' ON a.id = p.article_id ORDER BY p.article_id, p."index"'
)
COLUMNS = (
    "id",
    "uid",
    "index",
    "start",
    "end",
    "kind",
    "text",
    "article",
    "title",
    "source",
    "published",
    "segmenter_version",
)


def step_raw(url: str, out: Path) -> dict[str, Any]:
    """The limit: stream the same rows with the driver and write one json.dumps line each."""
    from annotator.services.exporting.native import dumps

    lines = 0
    with clock() as timed, out.open("w", encoding="utf-8") as fh:
        if url.startswith("sqlite"):
            import sqlite3

            conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
            cursor = conn.execute(RAW_QUERY)
        else:
            import psycopg

            conn = psycopg.connect(url)
            cursor = conn.cursor(name="raw_export")  # server-side, as the export streams
            cursor.execute(RAW_QUERY)
        while rows := cursor.fetchmany(2000):
            for row in rows:
                record = dict(zip(COLUMNS, row, strict=True))
                record["published"] = str(record["published"]) if record["published"] else None
                fh.write(dumps(record) + "\n")
                lines += 1
        conn.close()
    return {
        "s": round(timed.wall, 3),
        "cpu_s": round(timed.cpu, 3),
        "lines": lines,
        "mb": round(out.stat().st_size / 1e6, 2),
    }


def export_native(url: str, instance: Path, out: Path) -> dict[str, Any]:
    """`annotator export --include-boilerplate -o FILE` in a fresh process: wall, peak RSS, MB/s."""
    command = [*ANNOTATOR, "export", "--include-boilerplate", "-o", str(out)]
    done = run_measured(command, env=app_env(url, instance))
    if done.returncode != 0:
        raise RuntimeError(f"annotator export failed: {done.stderr[-2000:]}")
    mb = out.stat().st_size / 1e6
    with out.open(encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    return {
        "s": round(done.wall, 3),
        "cpu_s": round(done.cpu, 3),
        "peak_rss_mb": round(done.peak_rss_mb, 1),
        "mb": round(mb, 2),
        "mb_per_s": round(mb / done.wall, 1),
        "lines": lines,
    }


def startup(url: str, instance: Path) -> dict[str, Any]:
    """`annotator --help`: the app's start-up, which every export's figures include."""
    done = run_measured([*ANNOTATOR, "--help"], env=app_env(url, instance))
    return {
        "s": round(done.wall, 3),
        "cpu_s": round(done.cpu, 3),
        "peak_rss_mb": round(done.peak_rss_mb, 1),
    }


def bench_backend(corpus: Path, url: str, work: Path, scales: tuple[int, ...]) -> dict[str, Any]:
    """Import once, then label, export and read raw at each scale, growing by copies."""
    instance = work / "instance"
    import_folder(url, instance, corpus / "txt")
    create_editors(url, instance)
    started = startup(url, instance)
    articles = json.loads((corpus / "stats.json").read_text(encoding="utf-8"))["articles"]
    labelled = label_new_passages(url, 0)
    # Bulk SQL bypasses the label writer: keep the maintained state true to the labels
    # (the export does not read it today; a database the app serves must not lack it).
    refresh_label_state(url)
    copies = 1
    results: dict[str, Any] = {}
    for scale in scales:
        while copies < scale:
            copy_corpus(url, copies, articles)
            copies += 1
        before, labelled = labelled, label_new_passages(url, labelled)
        refresh_label_state(url, before)
        out = work / f"export-{scale}x.jsonl"
        native = export_native(url, instance, out)
        out.unlink()
        raw = run_step(
            "benchmarks.bench_export",
            "--step",
            "raw",
            "--url",
            url,
            "--out",
            str(work / "raw.jsonl"),
        )
        (work / "raw.jsonl").unlink()
        results[f"{scale}x"] = {"native": native, "raw": raw, "startup": started}
        print(f"export {scale}x: {native} raw {raw['s']} s", file=sys.stderr)
    return results


def run(
    corpus: Path, backends: list[str], pg_admin: str, scales: tuple[int, ...]
) -> dict[str, Any]:
    """Every measurement of this benchmark, as the README generator reads them."""
    results: dict[str, Any] = {
        "corpus": json.loads((corpus / "stats.json").read_text(encoding="utf-8")),
        "scales": list(scales),
        "load_before": load_average(),
        "backends": {},
    }
    for backend in backends:
        with (
            tempfile.TemporaryDirectory(prefix="annotator-export-") as tmp,
            database_url(backend, Path(tmp), pg_admin, "export") as url,
        ):
            results["backends"][backend] = (
                bench_backend(corpus, url, Path(tmp), scales) if url else skipped(pg_admin)
            )
    results["load_after"] = load_average()
    return results


def main() -> None:
    """python -m benchmarks.bench_export --corpus DIR [--backends sqlite,postgresql]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default=DEFAULT_PG, help="admin URL of a PostgreSQL server")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)))
    parser.add_argument("--results", type=Path, help="folder for results JSON")
    parser.add_argument("--step", choices=["raw"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "raw":
        emit(step_raw(args.url, args.out))
        return
    scales = tuple(int(s) for s in args.scales.split(","))
    results = run(args.corpus, args.backends.split(","), args.pg, scales)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_result("export", results, *([args.results] if args.results else []))


if __name__ == "__main__":
    main()
