"""Run every benchmark on one corpus and regenerate benchmarks/README.md: `make bench`."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from pathlib import Path

from benchmarks import bench_export, bench_import, bench_serve
from benchmarks.make_corpus import DEFAULT_ARTICLES, DEFAULT_SEED, make_corpus
from benchmarks.measure import DEFAULT_PG, RESULTS, postgres_available, save_result
from benchmarks.report import README, write_readme

ALL = ("import", "export", "serve")


def corpus_folder(work: Path, articles: int, seed: int) -> Path:
    """The corpus for these settings, made once and reused while its stats match."""
    folder = work / f"corpus-{articles}-{seed}"
    stats = folder / "stats.json"
    if stats.exists():
        known = json.loads(stats.read_text(encoding="utf-8"))
        if known.get("articles") == articles and known.get("seed") == seed:
            return folder
    print(f"making a corpus of {articles} articles in {folder}", file=sys.stderr)
    make_corpus(folder, articles, seed)
    return folder


def main(argv: list[str] | None = None) -> None:
    """python -m benchmarks.run_all [--articles N] [--only import,export,serve] [--seconds S]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", default=",".join(ALL))
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default=DEFAULT_PG, help="admin URL of a PostgreSQL server")
    parser.add_argument("--seconds", type=float, default=5.0, help="bench_serve: per probe")
    parser.add_argument("--scales", default="1,2,4", help="bench_export: corpus multiples")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "annotator-bench"
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--readme", type=Path, default=README, help="where to write the report")
    parser.add_argument("--note", default="", help="a line for the report, e.g. what was merged")
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    if "postgresql" in backends and not postgres_available(args.pg):
        print(f"no PostgreSQL at {args.pg}: measuring SQLite only", file=sys.stderr)
        backends = [b for b in backends if b != "postgresql"]
    corpus = corpus_folder(args.work, args.articles, args.seed)
    only = args.only.split(",")
    if "import" in only:
        save_result("import", bench_import.run(corpus, backends, args.pg), args.results)
    if "export" in only:
        scales = tuple(int(s) for s in args.scales.split(","))
        save_result("export", bench_export.run(corpus, backends, args.pg, scales), args.results)
    if "serve" in only:
        result = bench_serve.run(corpus, backends, args.pg, args.seconds)
        save_result("serve", result, args.results)
    command = shlex.join(["python", "-m", "benchmarks.run_all", *(argv or sys.argv[1:])])
    print(write_readme(command, args.results, args.pg, args.readme, args.note))


if __name__ == "__main__":
    main()
