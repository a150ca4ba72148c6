"""Per-label-set agreement reports and their JSON form."""

import json

import pytest

from annotator.metrics.agreement import (
    PairKappa,
    SetReport,
    report_multi,
    report_single,
    report_to_dict,
)

S = frozenset

# Wikipedia, "Cohen's kappa", worked example: 50 proposals, kappa = 0.4, p_o = 0.7.
PROPOSALS = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
WIKIPEDIA_COHEN = {unit: {"A": a, "B": b} for unit, (a, b) in enumerate(PROPOSALS)}


def test_report_single_on_wikipedia_cohen_example() -> None:
    report = report_single("verdict", WIKIPEDIA_COHEN, ["yes", "no"])
    assert (report.label_set, report.kind, report.n_units, report.n_coders) == (
        "verdict",
        "single",
        50,
        2,
    )
    assert report.observed == pytest.approx(0.7)
    # By hand, Scott's pi (Fleiss with two coders): pooled yes = 55/100, so
    # P_e = 0.55² + 0.45² = 0.505 and kappa = (0.7 - 0.505) / 0.495.
    assert report.fleiss == pytest.approx(0.195 / 0.495)
    # alpha = 1 - (N - 1) / N * (1 - pi) with N = 100 pairable values.
    assert report.alpha == pytest.approx(1 - 0.99 * (1 - 0.195 / 0.495))
    assert report.alpha_distance == "nominal"
    [pair] = report.pairs
    assert (pair.coder_a, pair.coder_b, pair.n_units, pair.label) == (
        "A",
        "B",
        50,
        None,
    )
    assert (pair.kappa, pair.observed) == (pytest.approx(0.4), pytest.approx(0.7))
    assert report.confusion == {"A|B": [[20, 5], [10, 15]]}
    # With two labels, "yes vs rest" and "no vs rest" are the same split.
    assert report.per_label_alpha == {
        "yes": pytest.approx(report.alpha),
        "no": pytest.approx(report.alpha),
    }


def test_report_multi_gives_per_label_pairs_and_matrices() -> None:
    # Hand-worked in test_agreement_alpha: MASI alpha of these two units is 1/2.
    ratings: dict[int, dict[str, S[str]]] = {
        1: {"A": S("a"), "B": S("ab")},
        2: {"A": S("b"), "B": S("b")},
        3: {"C": S()},
    }
    report = report_multi("topics", ratings, ["a", "b"])
    assert (report.kind, report.n_units, report.n_coders) == ("multi", 2, 2)
    assert report.alpha == pytest.approx(0.5)
    assert report.alpha_distance == "masi"
    assert report.fleiss is None
    assert report.observed == 0.5  # exact-set match on unit 2 only
    assert [(p.label, p.n_units, p.observed) for p in report.pairs] == [
        ("a", 2, 1.0),
        ("b", 2, 0.5),
    ]
    assert report.confusion == {"A|B": {"a": [[1, 0], [0, 1]], "b": [[0, 1], [0, 1]]}}
    assert report_multi("topics", ratings, ["a", "b"], "jaccard").alpha == pytest.approx(4 / 7)


def test_reports_of_empty_data_are_all_none() -> None:
    for report in (report_single("s", {}, ["x"]), report_multi("m", {}, ["x"])):
        assert (report.n_units, report.n_coders, report.pairs, report.confusion) == (
            0,
            0,
            [],
            {},
        )
        assert (report.observed, report.fleiss, report.alpha) == (None, None, None)
        assert report.per_label_alpha == {"x": None}


def test_report_to_dict_is_json_ready_and_rounded() -> None:
    report = SetReport(
        label_set="topics",
        kind="multi",
        n_units=3,
        n_coders=2,
        observed=2 / 3,
        fleiss=None,
        alpha=-0.000001,
        alpha_distance="masi",
        per_label_alpha={"a": 0.123456, "b": None},
        pairs=[PairKappa("A", "B", 3, 1 / 7, 2 / 3, "a")],
        confusion={"A|B": {"a": [[1, 0], [0, 2]]}},
    )
    data = report_to_dict(report)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["observed"] == 0.6667
    assert data["fleiss"] is None
    assert str(data["alpha"]) == "0.0"  # not "-0.0"
    assert data["per_label_alpha"] == {"a": 0.1235, "b": None}
    assert data["pairs"] == [
        {
            "coder_a": "A",
            "coder_b": "B",
            "n_units": 3,
            "kappa": 0.1429,
            "observed": 0.6667,
            "label": "a",
        }
    ]
    assert data["confusion"] == {"A|B": {"a": [[1, 0], [0, 2]]}}
