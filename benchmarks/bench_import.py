"""Import the corpus with `annotator import` beside the limits: bare segmentation, bare inserts."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    DEFAULT_PG,
    children_cpu,
    clock,
    database_url,
    emit,
    load_average,
    run_measured,
    run_step,
    save_result,
    skipped,
)

ANNOTATOR = [sys.executable, "-m", "annotator"]
# A word in most synthetic articles: the search check must find passages through the index.
PROBE_WORD = "开源"


def load_passages(corpus: Path) -> list[dict[str, Any]]:
    """The corpus's passages as make_corpus segmented them."""
    with (corpus / "passages.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def step_segment(corpus: Path) -> dict[str, Any]:
    """The limit: the engine the app uses, cutting every passage text and nothing else."""
    from annotator.text.tokenize import Tokenizer, load_default_words

    texts = [p["text"] for p in load_passages(corpus)]
    tokenizer = Tokenizer(load_default_words())
    cut = tokenizer.cut
    cut("预热")
    with clock() as each:
        words = sum(len(cut(text)) for text in texts)
    # One call over all passages joined by newlines, which the engine never joins into a word:
    # the fastest way this engine can segment the same text.
    with clock() as joined:
        cut("\n".join(texts))
    return {
        "engine": tokenizer.version,
        "chars": sum(map(len, texts)),
        "words": words,
        "per_passage_s": round(each.wall, 3),
        "per_passage_cpu_s": round(each.cpu, 3),
        "joined_s": round(joined.wall, 3),
        "joined_cpu_s": round(joined.cpu, 3),
    }


def _rows(corpus: Path) -> list[tuple[Any, ...]]:
    from annotator.text.tokenize import Tokenizer, load_default_words

    passages = load_passages(corpus)
    search = Tokenizer(load_default_words()).search_texts([p["text"] for p in passages])
    return bare_rows(passages, search)


def bare_rows(passages: list[dict[str, Any]], search: list[str]) -> list[tuple[Any, ...]]:
    """The bare table's rows: uid, article number, index, offsets, kind, text, search text."""
    articles: dict[str, int] = {}
    return [
        (
            f"{p['article']}-{p['start']}-{p['end']}",
            articles.setdefault(p["article"], len(articles) + 1),
            p["index"],
            p["start"],
            p["end"],
            p["kind"],
            p["text"],
            s,
        )
        for p, s in zip(passages, search, strict=True)
    ]


BARE_TABLE = (
    'CREATE TABLE passages (id INTEGER PRIMARY KEY, uid TEXT, article_id INTEGER, "index" INTEGER,'
    ' start INTEGER, "end" INTEGER, kind TEXT, text TEXT, search_text TEXT)'
)
BARE_INSERT = (
    'INSERT INTO passages (uid, article_id, "index", start, "end", kind, text, search_text)'
    " VALUES ({})"
)


def step_inserts(corpus: Path, backend: str, url: str) -> dict[str, Any]:
    """The limit: the same passage rows inserted with executemany into a bare table, one commit."""
    rows = _rows(corpus)
    if backend == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute(BARE_TABLE)
        with clock() as timed:
            conn.executemany(BARE_INSERT.format(", ".join("?" * 8)), rows)
            conn.commit()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url) as conn:
            conn.execute(BARE_TABLE.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY"))
            conn.commit()
            with clock() as timed, conn.cursor() as cur:
                cur.executemany(BARE_INSERT.format(", ".join(["%s"] * 8)), rows)
                conn.commit()
    return {"rows": len(rows), "s": round(timed.wall, 3), "cpu_s": round(timed.cpu, 3)}


BARE_FTS = (
    "CREATE VIRTUAL TABLE passage_fts USING fts5(search_text, content='passages',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
)
BARE_TSVECTOR = (
    "ALTER TABLE passages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
    " (to_tsvector('simple'::regconfig, search_text)) STORED"
)


def step_bare(corpus: Path, backend: str, url: str) -> dict[str, Any]:
    """The limit, measured together in one run: cut every passage's words (one engine call),
    insert the rows with their search text into a bare table, and build the search index
    the app's schema builds (FTS5 filled in one statement; a generated tsvector with GIN)."""
    from annotator.text.tokenize import Tokenizer, load_default_words

    passages = load_passages(corpus)
    texts = [p["text"] for p in passages]
    tokenizer = Tokenizer(load_default_words())
    tokenizer.cut("预热")
    with clock() as segment:
        words = tokenizer.cut("\n".join(texts))
        search = " ".join(words).split("\n")
    rows = bare_rows(passages, [" ".join(s.split()) for s in search])
    if backend == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute(BARE_TABLE)
        conn.execute(BARE_FTS)
        with clock() as inserts:
            conn.executemany(BARE_INSERT.format(", ".join("?" * 8)), rows)
        with clock() as index:
            conn.execute(
                "INSERT INTO passage_fts(rowid, search_text) SELECT id, search_text FROM passages"
            )
            conn.commit()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url) as conn:
            conn.execute(BARE_TABLE.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY"))
            conn.execute(BARE_TSVECTOR)
            conn.execute("CREATE INDEX ix_bare_search ON passages USING gin (search_vector)")
            conn.commit()
            # The tsvector and its GIN entries are computed as the rows go in: the index's
            # time is inside the inserts' here.
            with clock() as inserts, conn.cursor() as cur:
                cur.executemany(BARE_INSERT.format(", ".join(["%s"] * 8)), rows)
            with clock() as index:
                conn.commit()
    total = segment.wall + inserts.wall + index.wall
    return {
        "rows": len(rows),
        "segment_s": round(segment.wall, 3),
        "inserts_s": round(inserts.wall, 3),
        "index_s": round(index.wall, 3),
        "s": round(total, 3),
        "cpu_s": round(segment.cpu + inserts.cpu + index.cpu, 3),
    }


def step_verify(url: str) -> dict[str, Any]:
    """Count what the import stored, what the search index holds and what a search finds."""
    from sqlalchemy import create_engine, inspect, text

    from annotator.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        result: dict[str, Any] = {
            "articles": conn.scalar(text("SELECT count(*) FROM articles")),
            "passages": conn.scalar(text("SELECT count(*) FROM passages")),
        }
        tables = set(inspect(conn).get_table_names())
        columns = {c["name"] for c in inspect(conn).get_columns("passages")}
        if engine.dialect.name == "sqlite" and "passage_fts" in tables:
            result["indexed"] = conn.scalar(text("SELECT count(*) FROM passage_fts_docsize"))
            result["probe_hits"] = conn.scalar(
                text("SELECT count(*) FROM passage_fts WHERE passage_fts MATCH :w"),
                {"w": PROBE_WORD},
            )
        elif "search_vector" in columns:
            result["indexed"] = conn.scalar(
                text("SELECT count(*) FROM passages WHERE search_vector IS NOT NULL")
            )
            result["probe_hits"] = conn.scalar(
                text(
                    "SELECT count(*) FROM passages WHERE search_vector @@ to_tsquery('simple', :w)"
                ),
                {"w": PROBE_WORD},
            )
        if "passage_links" in tables:
            result["links"] = conn.scalar(text("SELECT count(*) FROM passage_links"))
    engine.dispose()
    return result


def step_import(corpus: Path, url: str, instance: Path, source: str = "txt") -> dict[str, Any]:
    """What `annotator import txt/` (or `articles.jsonl`) runs, from the first read to the
    last commit."""
    from annotator import create_app
    from annotator.extensions import db
    from annotator.services.importing import collect_paths
    from annotator.services.importing.bulk import import_paths, import_workers
    from annotator.services.importing.store import ImportOptions
    from annotator.services.tokenizer import get_tokenizer

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(instance)})
    with app.app_context():
        with clock() as start_up:
            tokenizer = get_tokenizer(db.session)
        files = list(collect_paths([corpus / ("txt" if source == "txt" else "articles.jsonl")]))
        cpu_before = children_cpu()
        with clock() as timed:
            reports = list(
                import_paths(
                    db.session,
                    files,
                    tokenizer,
                    ImportOptions(),
                    db.session.commit,
                    db.session.rollback,
                )
            )
        db.session.remove()
        db.engine.dispose()
    statuses = {r.status for r in reports}
    return {
        "s": round(timed.wall, 3),
        # Each batch's commit makes its passages taggable and searchable at once (the FTS5
        # rows and the tsvector column are written in the same transaction), so the two times
        # are one; step_verify checks that every passage is indexed.
        "taggable_s": round(timed.wall, 3),
        "searchable_s": round(timed.wall, 3),
        # The worker processes' CPU joins ours once the pool has been closed and reaped.
        "cpu_s": round(timed.cpu + children_cpu() - cpu_before, 3),
        "tokenizer_load_s": round(start_up.wall, 3),
        "workers": import_workers(len(files), [f.stat().st_size for f in files]),
        "source": source,
        "files": len(files),
        "statuses": sorted(statuses),
        "passages_reported": sum(r.passages for r in reports),
    }


def import_corpus(corpus: Path, url: str, instance: Path, source: str = "txt") -> dict[str, Any]:
    """`annotator init` (untimed), then the import timed in a fresh process, then a check."""
    env = {"DATABASE_URL": url, "ANNOTATOR_INSTANCE": str(instance), "SECRET_KEY": "bench"}
    init = run_measured([*ANNOTATOR, "init"], env=env)
    if init.returncode != 0:
        raise RuntimeError(f"annotator init failed: {init.stdout}")
    timed = run_step(
        "benchmarks.bench_import",
        "--step",
        "import",
        "--corpus",
        str(corpus),
        "--url",
        url,
        "--instance",
        str(instance),
        "--source",
        source,
    )
    verify = run_step("benchmarks.bench_import", "--step", "verify", "--url", url)
    return {**timed, "verify": verify}


def bench_backend(corpus: Path, backend: str, url: str, work: Path) -> dict[str, Any]:
    """Import and the bare-insert limit on one database."""
    result: dict[str, Any] = {"import": import_corpus(corpus, url, work / f"{backend}-instance")}
    # The row: the corpus as one JSONL file, streamed (in a database of its own).
    with database_url(backend, work, url, "jsonl") as jsonl_url:
        if jsonl_url:
            result["import_jsonl"] = import_corpus(
                corpus, jsonl_url, work / f"{backend}-jsonl-instance", "jsonl"
            )
    with database_url(backend, work, url, "limit") as bare_url:
        result["bare_pipeline"] = run_step(
            "benchmarks.bench_import",
            "--step",
            "bare",
            "--corpus",
            str(corpus),
            "--backend",
            backend,
            "--url",
            str(bare_url),
        )
    # The bare-insert limit gets its own empty database on the same server.
    with database_url(backend, work, url, "bare") as bare_url:
        result["bare_inserts"] = run_step(
            "benchmarks.bench_import",
            "--step",
            "inserts",
            "--corpus",
            str(corpus),
            "--backend",
            backend,
            "--url",
            str(bare_url),
        )
    return result


def run(corpus: Path, backends: list[str], pg_admin: str) -> dict[str, Any]:
    """Every measurement of this benchmark, as the README generator reads them."""
    corpus_stats = json.loads((corpus / "stats.json").read_text(encoding="utf-8"))
    results: dict[str, Any] = {
        "corpus": corpus_stats,
        "load_before": load_average(),
        "segmentation": run_step(
            "benchmarks.bench_import", "--step", "segment", "--corpus", str(corpus)
        ),
        "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        work = Path(tmp)
        for backend in backends:
            with database_url(backend, work, pg_admin, "import") as url:
                results["backends"][backend] = (
                    bench_backend(corpus, backend, url, work) if url else skipped(pg_admin)
                )
    results["load_after"] = load_average()
    return results


def main() -> None:
    """python -m benchmarks.bench_import --corpus DIR [--backends sqlite,postgresql]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default=DEFAULT_PG, help="admin URL of a PostgreSQL server")
    parser.add_argument("--results", type=Path, help="folder for results JSON")
    steps = ["segment", "inserts", "bare", "import", "verify"]
    parser.add_argument("--step", choices=steps, help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--instance", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--source", default="txt", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "segment":
        emit(step_segment(args.corpus))
    elif args.step == "inserts":
        emit(step_inserts(args.corpus, args.backend, args.url))
    elif args.step == "bare":
        emit(step_bare(args.corpus, args.backend, args.url))
    elif args.step == "import":
        emit(step_import(args.corpus, args.url, args.instance, args.source))
    elif args.step == "verify":
        emit(step_verify(args.url))
    else:
        results = run(args.corpus, args.backends.split(","), args.pg)
        print(json.dumps(results, ensure_ascii=False, indent=2))
        save_result("import", results, *([args.results] if args.results else []))


if __name__ == "__main__":
    main()
