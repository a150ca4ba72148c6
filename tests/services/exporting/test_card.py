"""The dataset card: contents, counts, agreement and provenance."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotator.extensions import db
from annotator.services.exporting import (
    CardStats,
    ExportOptions,
    agreement_from_stats,
    export_lines,
    render_card,
)
from annotator.services.schema import snapshot


def stats_for(options: ExportOptions) -> CardStats:
    stats = CardStats()
    for _ in export_lines(db.session, options, observe=stats.observe):
        pass
    return stats


def test_counts_gathered_while_streaming(golden):
    stats = stats_for(ExportOptions())
    assert stats.passages == 6
    assert dict(stats.by_status) == {
        "single": 1,
        "agreed": 2,
        "conflict": 1,
        "gold": 1,
        "unlabeled": 1,
    }
    assert dict(stats.sources) == {"新智元": 1, "(unknown)": 1}
    assert stats.published == ["2019-02-22", "2020-05"]
    assert dict(stats.segmenters) == {"test-seg-1": 1, "test-seg-2": 1}
    assert stats.labels["stance"]["neutral_or_mixed"] == 2  # gold A3 and agreed B0
    assert stats.labels["bias_attribution"] == {"data": 1, "researchers": 1}
    assert dict(stats.spans) == {"holder": 2, "evidence": 1}
    assert stats.annotators["ann"]["passages"] == 5
    assert dict(stats.annotators["bob"]) == {"passages": 4, "spans": 2, "notes": 1}
    assert set(stats.codebook_versions) == {1, 2}


def test_agreement_over_the_exported_passages(golden):
    reports = {
        r["label_set"]: r
        for r in agreement_from_stats(stats_for(ExportOptions()), snapshot(db.session))
    }
    assert set(reports) == {"stance", "bias_attribution"}
    stance = reports["stance"]
    # units with two annotators: agree, differ, differ, agree
    assert (stance["n_units"], stance["n_coders"], stance["observed"]) == (4, 2, 0.5)
    assert reports["bias_attribution"]["observed"] == 1.0
    # the gold-only filter leaves one unit, where the annotators differ
    gold_only = agreement_from_stats(stats_for(ExportOptions(status="gold")), snapshot(db.session))
    assert gold_only[0]["n_units"] == 1 and gold_only[0]["observed"] == 0.0


def test_rendered_card(golden):
    options = ExportOptions(status="labeled")
    stats = stats_for(options)
    card_snapshot = snapshot(db.session)
    text = render_card(
        stats,
        card_snapshot,
        options,
        command="annotator export --status labeled -o x.jsonl",
        generated_at=datetime(2024, 6, 1, 12, 0, tzinfo=UTC),
        codebook_version=1,
        agreement=agreement_from_stats(stats, card_snapshot),
    )
    assert "- 4 passages from 2 articles" in text
    assert "status filter `labeled`" in text
    assert "`annotator export --status labeled -o x.jsonl`" in text
    assert "native line schema version: 1" in text
    assert "codebook versions the annotations were made under: 1\n" in text  # A2 (v2) is a conflict
    assert "`test-seg-1` (1 articles)" in text
    assert "| `for_open_release` | For open release / 支持公开/开源 |" in text
    assert "<em>Argues that papers, code, models or data should be published" in text
    assert "| `ann` | 4 | 3 | 1 |" in text
    # labeled keeps A1 and B0 (agreed) and A3 (gold over differing annotators)
    assert "| `stance` | 3 | 2 | 0.667 |" in text
    assert "| gold | 1 |" in text and "| conflict | 0 |" in text
    assert "2019-02-22 to 2020-05" in text


@pytest.mark.parametrize("agreement", [None, []])
def test_card_without_agreement_figures(golden, agreement):
    text = render_card(
        stats_for(ExportOptions()),
        snapshot(db.session),
        ExportOptions(),
        command="c",
        generated_at=datetime(2024, 6, 1, tzinfo=UTC),
        codebook_version=None,
        agreement=agreement,
    )
    assert "## Agreement" in text
    if agreement is None:
        assert "not computed" in text


def test_agreement_dicts_from_elsewhere_are_rendered(golden):
    given = [
        {
            "label_set": "stance",
            "kind": "single",
            "n_units": 9,
            "n_coders": 3,
            "observed": 0.75,
            "fleiss": 0.5,
            "alpha": 0.51234,
            "alpha_distance": "nominal",
            "per_label_alpha": {"for_open_release": None},
            "pairs": [],
            "confusion": {},
        }
    ]
    text = render_card(
        stats_for(ExportOptions()),
        snapshot(db.session),
        ExportOptions(),
        command="c",
        generated_at=datetime(2024, 6, 1, tzinfo=UTC),
        codebook_version=1,
        agreement=given,
    )
    assert "| `stance` | 9 | 3 | 0.750 | 0.500 | 0.512 (nominal) |" in text
    assert "| `for_open_release` | — |" in text
