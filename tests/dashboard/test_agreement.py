"""Agreement figures on data saved like the tagging screen saves it, checked independently."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from itertools import combinations, permutations
from typing import Any

import pytest
from flask import Flask
from sklearn.metrics import cohen_kappa_score

from annotator.extensions import db
from annotator.services.agreement import agreement_over_time, agreement_summary
from tests.builders.articles import article_with_passages, body_passages
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.team import Team

F, A, N, X = "for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"
D, M, R, S = "data", "model_or_method", "researchers", "deployment_or_society"
# passage -> editor -> (stance or None, bias set or None); None: that set left untouched.
DATA: list[dict[str, tuple[str | None, list[str] | None]]] = [
    {"alice": (F, [D]), "bob": (F, [D]), "carol": (F, [D, M])},
    {"alice": (A, []), "bob": (F, [R]), "carol": (A, None)},
    {"alice": (N, [M]), "bob": (N, [M])},
    {"alice": (X, None), "bob": (X, []), "carol": (N, [])},
    {"alice": (F, [S]), "bob": (None, [S, D]), "carol": (F, [S])},
    {"alice": (A, [D]), "bob": (A, None)},
    {"alice": (F, [D])},  # one editor: not a unit
    {"bob": (N, None), "carol": (X, [R])},
]


@pytest.fixture
def tagged(app: Flask, team: Team) -> dict[str, dict[int, dict[str, Any]]]:
    """Save DATA through the builders; return the expected reliability data per set."""
    extra = article_with_passages(db.session, ["第七段。", "第八段。"], title="附加")
    passages = team.passages + body_passages(db.session, extra)
    stance: dict[int, dict[str, Any]] = {}
    bias: dict[int, dict[str, Any]] = {}
    for passage, coded in zip(passages, DATA, strict=False):
        for name, (value, chosen) in coded.items():
            tag(db.session, passage, team.users[name], stance=value, bias=chosen)
            if value is None:
                continue  # no stance chosen: not tagged yet, so no coder on any set
            stance.setdefault(passage.id, {})[name] = value
            # An editor who tagged the passage but chose no blame gave the empty set.
            bias.setdefault(passage.id, {})[name] = frozenset(chosen or [])
    db.session.commit()
    return {"stance": stance, "bias_attribution": bias}


def masi(a: frozenset[str], b: frozenset[str]) -> float:
    """MASI distance (Passonneau 2006), written out from its definition."""
    if a == b:
        return 0.0
    union = a | b
    jaccard = len(a & b) / len(union)
    monotonicity = 2 / 3 if (a <= b or b <= a) else (1 / 3 if a & b else 0)
    return 1 - jaccard * monotonicity


def hand_alpha(data: dict[int, dict[str, Any]], delta: Callable[[Any, Any], float]) -> float:
    """Krippendorff's alpha from pairable values: 1 - D_o / D_e."""
    units = [list(c.values()) for c in data.values() if len(c) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    d_o = (
        sum(
            sum(delta(u[i], u[j]) for i, j in permutations(range(len(u)), 2)) / (len(u) - 1)
            for u in units
        )
        / n
    )
    d_e = sum(delta(values[i], values[j]) for i, j in permutations(range(n), 2)) / (n * (n - 1))
    return 1 - d_o / d_e


def nominal(a: Any, b: Any) -> float:
    return 0.0 if a == b else 1.0


def hand_fleiss(data: dict[int, dict[str, str]]) -> float:
    """Fleiss' kappa with a varying number of raters per unit, from its definition."""
    units = [list(c.values()) for c in data.values() if len(c) >= 2]
    totals = Counter(v for u in units for v in u)
    n = sum(totals.values())

    def agreement(u: list[str]) -> float:
        return sum(k * (k - 1) for k in Counter(u).values()) / (len(u) * (len(u) - 1))

    p_bar = sum(len(u) * agreement(u) for u in units) / n
    p_e = sum((c / n) ** 2 for c in totals.values())
    return (p_bar - p_e) / (1 - p_e)


def hand_observed(data: dict[int, dict[str, Any]]) -> float:
    units = [list(c.values()) for c in data.values() if len(c) >= 2]
    return sum(
        sum(a == b for a, b in combinations(u, 2)) / len(list(combinations(u, 2))) for u in units
    ) / len(units)


def test_single_choice_figures_match_an_independent_computation(app: Flask, tagged):
    expected = tagged["stance"]
    report = {r["label_set"]: r for r in agreement_summary(db.session)}["stance"]
    assert report["n_units"] == 7  # the passage with one editor and bob's empty stance excluded
    assert report["n_coders"] == 3
    assert report["alpha"] == pytest.approx(hand_alpha(expected, nominal), abs=1e-4)
    assert report["fleiss"] == pytest.approx(hand_fleiss(expected), abs=1e-4)
    assert report["observed"] == pytest.approx(hand_observed(expected), abs=1e-4)
    pairs = {(p["coder_a"], p["coder_b"]): p for p in report["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    for (a, b), pair in pairs.items():
        shared = [c for c in expected.values() if a in c and b in c]
        assert pair["n_units"] == len(shared)
        sk = cohen_kappa_score([c[a] for c in shared], [c[b] for c in shared])
        assert pair["kappa"] == pytest.approx(sk, abs=1e-4), (a, b)
    # The confusion matrix of alice (rows) and bob (columns) in schema label order.
    labels = [F, A, N, X]
    matrix = [[0] * 4 for _ in labels]
    for coded in expected.values():
        if "alice" in coded and "bob" in coded:
            matrix[labels.index(coded["alice"])][labels.index(coded["bob"])] += 1
    assert report["confusion"]["alice|bob"] == matrix
    presence = {
        u: {k: ("yes" if v == A else "no") for k, v in c.items()} for u, c in expected.items()
    }
    assert report["per_label_alpha"][A] == pytest.approx(hand_alpha(presence, nominal), abs=1e-4)


def test_multi_choice_figures_use_masi_and_count_empty_sets(app: Flask, tagged):
    expected = tagged["bias_attribution"]
    report = {r["label_set"]: r for r in agreement_summary(db.session)}["bias_attribution"]
    assert report["n_units"] == 7
    assert report["alpha_distance"] == "masi"
    assert report["alpha"] == pytest.approx(hand_alpha(expected, masi), abs=1e-4)
    assert report["observed"] == pytest.approx(hand_observed(expected), abs=1e-4)
    assert report["fleiss"] is None
    presence = {
        u: {k: ("yes" if D in v else "no") for k, v in c.items()} for u, c in expected.items()
    }
    assert report["per_label_alpha"][D] == pytest.approx(hand_alpha(presence, nominal), abs=1e-4)
    pair = next(
        p
        for p in report["pairs"]
        if (p["coder_a"], p["coder_b"], p["label"]) == ("alice", "bob", D)
    )
    shared = [c for c in expected.values() if "alice" in c and "bob" in c]
    sk = cohen_kappa_score([D in c["alice"] for c in shared], [D in c["bob"] for c in shared])
    assert pair["kappa"] == pytest.approx(sk, abs=1e-4)


def test_cli_and_page_show_the_same_figures(app: Flask, team: Team, tagged):
    summary = agreement_summary(db.session)
    result = app.test_cli_runner().invoke(args=["agreement", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == summary
    text = app.test_cli_runner().invoke(args=["agreement"]).output
    stance_alpha = hand_alpha(tagged["stance"], nominal)
    assert f"Krippendorff's alpha  {stance_alpha:.3f}" in text
    client = app.test_client()
    sign_in(client, "rita")
    html = client.get("/agreement?lang=en").get_data(as_text=True)
    section = html.split('data-set="stance"')[1].split("</section>")[0]
    shown = re.search(r'data-figure="alpha">([^<]+)<', section).group(1)
    assert shown == f"{stance_alpha:.3f}"
    assert "Cohen" in html and "Fleiss" in html


def test_agreement_over_time_has_one_point_per_day(app: Flask, tagged):
    timeline = agreement_over_time(db.session)
    assert timeline["period"] == "day"
    (point,) = timeline["sets"]["stance"]  # all saved today
    assert point["units"] == 7
    assert point["alpha"] == pytest.approx(hand_alpha(tagged["stance"], nominal), abs=1e-4)


def test_no_double_annotation_gives_empty_reports(app: Flask, team: Team):
    tag(db.session, team.passages[0], team.users["alice"], stance=F)
    db.session.commit()
    reports = agreement_summary(db.session)
    assert [r["label_set"] for r in reports] == ["stance", "bias_attribution", "holder_stance"]
    assert all(r["n_units"] == 0 and r["alpha"] is None for r in reports)
    assert "no passage has two editors" in app.test_cli_runner().invoke(args=["agreement"]).output
