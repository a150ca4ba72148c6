"""Every benchmark script runs end to end on a tiny corpus; timings are never asserted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks.make_corpus import make_corpus
from benchmarks.run_all import main as run_all

pytestmark = pytest.mark.slow


def test_make_corpus_is_deterministic_and_consistent(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "a", articles=3, seed=7)
    second = make_corpus(tmp_path / "b", articles=3, seed=7)
    for name in ("articles.jsonl", "passages.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.as_dict() == second.as_dict()
    assert len(list((tmp_path / "a" / "txt").glob("*.txt"))) == 3
    passages = (tmp_path / "a" / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(passages) == first.passages
    articles = [
        json.loads(line)["text"]
        for line in (tmp_path / "a" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for line in map(json.loads, passages[:50]):
        assert any(text[line["start"] : line["end"]] == line["text"] for text in articles)


def test_run_all_on_a_tiny_corpus_writes_every_section(tmp_path: Path) -> None:
    # SQLite only: PostgreSQL takes the same code paths in the scripts, and CI time matters.
    backend = "sqlite"
    results, readme = tmp_path / "results", tmp_path / "README.md"
    args = [
        "--articles",
        "4",
        "--backends",
        backend,
        "--seconds",
        "0.3",
        "--scales",
        "1,2",
        "--work",
        str(tmp_path / "work"),
        "--results",
        str(results),
        "--readme",
        str(readme),
    ]
    env = os.environ.copy()
    run_all(args)
    assert os.environ == env  # the scripts pass settings to children, never through ours

    imported = json.loads((results / "import.json").read_text(encoding="utf-8"))
    corpus = imported["corpus"]
    verify = imported["backends"][backend]["import"]["verify"]
    assert (verify["articles"], verify["passages"]) == (4, corpus["passages"])
    assert imported["backends"][backend]["bare_inserts"]["rows"] == corpus["passages"]

    exported = json.loads((results / "export.json").read_text(encoding="utf-8"))["backends"][
        backend
    ]
    assert exported["2x"]["native"]["lines"] == 2 * exported["1x"]["native"]["lines"]
    assert exported["1x"]["raw"]["lines"] == exported["1x"]["native"]["lines"]

    served = json.loads((results / "serve.json").read_text(encoding="utf-8"))["backends"][backend]
    default = served["preload" if served["serve_default_preload"] else "lazy"]
    assert default["memory_after_load"]["workers"] >= 2
    for probe in default["pages"].values():
        if "skipped" not in probe:
            assert probe["1"]["failed"] == 0 and probe["1"]["ok"] > 0
    # The pages read the label state the bulk labelling left, refreshed: not an empty one.
    state = served["label_state"]
    assert state["review_list"] > 0 and state["review_list_all"] == state["double_annotated"]
    pages = default["pages"]
    assert {"review list", "review list (all)", "articles list", "search (status=conflict)"} <= set(
        pages
    )
    unfiltered = pages["search API"]["total"]
    conflict = pages["search API (status=conflict)"]["total"]
    single = pages["search API (status=single)"]["total"]
    assert unfiltered > 0 and conflict + single <= unfiltered  # the filters narrow
    assert pages["search API (resolved label)"]["total"] <= unfiltered

    text = readme.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## Import", "## Export", "## Serving"):
        assert heading in text
    assert "| import the corpus JSONL ≤ 3× bare pipeline and ≤ 12 s | " + backend in text
    assert "| export everything (native, with boilerplate) ≤ 2× the raw read | " + backend in text
    assert "| save a label, 32 paced editors: p95 ≤ 2× healthz at 32 | " + backend in text
    assert "| cold start ≤ 1.5 s (issue 7) | " + backend in text
    assert f"| article view (longest): ≤ 300 KB of HTML | {backend} |" in text
    for page in ("review list", "review list (all)", "articles list"):
        assert f"| {page}: p95 ≤ 50 ms, 1 client; ≤ 5× healthz at 32 | {backend} |" in text
    assert f"| search API: p95 ≤ 30 ms, 1 client; ≤ 5× healthz at 32 | {backend} |" in text
    assert "| label state backfill" in text and "`refresh_all_passage_states`" in text
