"""The suggestion benchmark runs: on a synthetic set it reports; without labels it refuses."""

from __future__ import annotations

import importlib.util
import json

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location(
    "bench_suggestions", ROOT / "benchmarks" / "bench_suggestions.py"
)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_synthetic_set_is_scored_against_baselines_and_cues(capsys):
    assert bench.main(["--synthetic", "160"]) == 0
    out = json.loads(capsys.readouterr().out)
    stance = out["sets"]["stance"]
    assert stance["test"] == 40 and stance["train"] == 120
    assert stance["accuracy"] > stance["baseline_accuracy"] + 0.3
    assert 0 <= stance["cue_accuracy"] <= stance["cue_coverage"] <= 1
    bias = out["sets"]["bias_attribution"]
    assert 0 <= bias["micro_f1"] <= 1 and "baseline_exact_match" in bias


def test_a_labels_file_is_read(tmp_path, capsys):
    path = tmp_path / "labels.jsonl"
    records = bench.synthetic_records(80, seed=2)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    assert bench.main(["--data", str(path), "--test-fraction", "0.5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sets"]["stance"]["test"] == 40


def test_without_human_labels_it_cannot_report(app):
    result = bench.report(bench.examples_from_database(app), 0.25, 13)
    assert result["stance"]["labeled"] == 0 and "at least 20" in result["stance"]["cannot_report"]
