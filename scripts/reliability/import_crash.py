"""kill -9 an import in the middle of a file: nothing of that file stays; re-running completes.

python -m scripts.reliability.import_crash --db sqlite --db postgresql --articles 400
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from annotator.config import normalise_database_url
from scripts.reliability.databases import SEEDS, Target, fresh_database, prepare


def write_corpus(folder: Path, articles: int) -> tuple[Path, Path]:
    """A small file that imports first, and a big JSONL file of distinct articles."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    small = folder / "a-small.jsonl"
    small.write_text(
        json.dumps({"title": "先导入的小文件", "text": seeds[0]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    big = folder / "b-big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(articles):
            body = seeds[i % len(seeds)]
            record = {"title": f"第 {i} 篇", "text": f"第 {i} 篇的导语。\n\n{body}"}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return small, big


def counts(url: str) -> dict[str, Any]:
    """Articles, passages, passages whose offsets disagree with their article, integrity."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            result = {
                "articles": conn.execute(text("SELECT count(*) FROM articles")).scalar(),
                "passages": conn.execute(text("SELECT count(*) FROM passages")).scalar(),
                "big_file_articles": conn.execute(
                    text("SELECT count(*) FROM articles WHERE filename = 'b-big.jsonl'")
                ).scalar(),
                "orphan_passages": conn.execute(
                    text(
                        "SELECT count(*) FROM passages p LEFT JOIN articles a "
                        "ON a.id = p.article_id WHERE a.id IS NULL"
                    )
                ).scalar(),
                "integrity_check": "not checked",
            }
            if engine.dialect.name == "sqlite":
                result["integrity_check"] = conn.execute(text("PRAGMA integrity_check")).scalar()
            bad = 0
            rows = conn.execute(
                text(
                    'SELECT a.text, p.start, p."end", p.text FROM passages p '
                    "JOIN articles a ON a.id = p.article_id"
                )
            )
            for article_text, start, end, passage_text in rows:
                bad += article_text[start:end] != passage_text
            result["offset_mismatches"] = bad
            return result
    finally:
        engine.dispose()


def importer_is_writing(target: Target) -> bool:
    """Whether the import holds an open write transaction right now."""
    if target.kind == "sqlite":
        path = make_url(target.url).database
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    import psycopg

    url = make_url(target.url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchone()
        return bool(row and row[0])


def run_import(target: Target, paths: list[Path], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "annotator", "import", *map(str, paths)]
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own CLI
            command,
            env=target.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def import_crash_on(
    target: Target, articles: int, folder: Path, prepared: bool = False
) -> dict[str, Any]:
    """Import a small file, then SIGKILL the import of a big one mid-write; check, re-run, check."""
    if not prepared:
        prepare(target, editors=0, articles=0)
    small, big = write_corpus(folder, articles)
    log = folder / f"import-{target.kind}.log"
    # A file imported (and committed) earlier must come through the crash untouched.
    first = run_import(target, [small], log)
    if first.wait(timeout=300) != 0:
        raise RuntimeError(f"importing {small.name} failed; see {log}")
    process = run_import(target, [big], log)
    killed_in_transaction = False
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 300:
        if importer_is_writing(target):
            time.sleep(0.3)  # well inside the big file's transaction
            if importer_is_writing(target):
                os.killpg(process.pid, signal.SIGKILL)
                killed_in_transaction = True
                break
        time.sleep(0.05)
    process.wait(timeout=60)
    after_kill = counts(target.url)
    rerun = run_import(target, [small, big], log)  # the small one is simply unchanged
    rerun_code = rerun.wait(timeout=600)
    after_rerun = counts(target.url)
    return {
        "database": target.kind,
        "articles_in_big_file": articles,
        "killed_in_transaction": killed_in_transaction,
        "seconds_before_kill": round(time.monotonic() - started, 1),
        "after_kill": after_kill,
        "rerun_exit_code": rerun_code,
        "after_rerun": after_rerun,
    }


def passed(result: dict[str, Any]) -> bool:
    killed, rerun = result["after_kill"], result["after_rerun"]
    return (
        result["killed_in_transaction"]
        and killed["big_file_articles"] == 0
        and killed["articles"] == 1
        and killed["orphan_passages"] == 0
        and killed["integrity_check"] in ("ok", "not checked")
        and result["rerun_exit_code"] == 0
        and rerun["big_file_articles"] == result["articles_in_big_file"]
        and rerun["offset_mismatches"] == 0
        and rerun["integrity_check"] in ("ok", "not checked")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-import-crash-") as tmp:
        for kind in args.db or ["sqlite", "postgresql"]:
            folder = Path(tmp) / kind
            folder.mkdir()
            with fresh_database(kind, folder) as target:
                result = import_crash_on(target, args.articles, folder)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
