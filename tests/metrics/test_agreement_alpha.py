"""Krippendorff's alpha (nominal, set-valued, per label) and set distances."""

from collections.abc import Callable, Hashable
from itertools import permutations
from typing import Any

import krippendorff
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.metrics.agreement import (
    as_singletons,
    fleiss_kappa,
    jaccard_distance,
    krippendorff_alpha_nominal,
    krippendorff_alpha_sets,
    masi_distance,
    per_label_binary_alpha,
)

CODERS = ["ana", "bo", "cy", "di"]
CATEGORIES = ["p", "q", "r"]
LABELS = ["x", "y", "z"]
S = frozenset


def from_rows(rows: dict[str, list[Any]]) -> dict[int, dict[str, str]]:
    """Build ratings from Krippendorff's coders x units layout, None for missing."""
    n_units = len(next(iter(rows.values())))
    return {
        unit: {
            coder: str(values[unit]) for coder, values in rows.items() if values[unit] is not None
        }
        for unit in range(n_units)
    }


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# four observers, 12 units, missing values; published nominal alpha = 0.743
# from n = 40 pairable values (unit 12 has a single value and drops out).
KRIPPENDORFF_2011_C = from_rows(
    {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
)

# Wikipedia, "Krippendorff's alpha", "A computational example": three coders,
# 15 units, many missing; published nominal alpha = 0.691.
WIKIPEDIA_ALPHA = from_rows(
    {
        "A": [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        "B": [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        "C": [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
    }
)

# Krippendorff (2011), section A: binary data, two observers, 10 units;
# published alpha = 0.095. Here 1 means the observer chose label "x".
KRIPPENDORFF_2011_A = {
    unit: {"A": S("x") if a else S(), "B": S("x") if b else S()}
    for unit, (a, b) in enumerate(
        zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True)
    )
}


def nominal(x: Hashable, y: Hashable) -> float:
    return float(x != y)


def brute_force_alpha(
    ratings: dict[Any, dict[str, Any]], delta: Callable[[Any, Any], float]
) -> float | None:
    """Alpha from its pair form: within-unit pairs against all pooled pairs."""
    units = [list(coded.values()) for coded in ratings.values() if len(coded) >= 2]
    pooled = [value for unit in units for value in unit]
    n = len(pooled)
    if n == 0:
        return None
    observed = sum(
        sum(delta(x, y) for x, y in permutations(unit, 2)) / (len(unit) - 1) for unit in units
    )
    expected = sum(delta(x, y) for x, y in permutations(pooled, 2))
    if expected == 0:
        return None
    return 1.0 - (observed / n) / (expected / (n * (n - 1)))


def package_alpha(ratings: dict[Any, dict[str, S[str]]], delta: Callable[..., float]) -> float:
    """Alpha from the krippendorff package, fed value counts and a callable distance."""
    values = sorted({v for coded in ratings.values() for v in coded.values()}, key=sorted)
    index = {value: i for i, value in enumerate(values)}
    counts = np.zeros((len(ratings), len(values)), dtype=int)
    for row, coded in enumerate(ratings.values()):
        for value in coded.values():
            counts[row, index[value]] += 1
    distance = np.array([[delta(x, y) for y in values] for x in values])

    def metric(v1: Any, v2: Any, i1: Any, i2: Any, n_v: Any, dtype: Any = np.float64) -> Any:
        return distance[i1, i2].astype(dtype)

    return float(krippendorff.alpha(value_counts=counts, level_of_measurement=metric))


# --- distances ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Passonneau (2006): MASI = 1 - J * M, with monotonicity M = 1 for equal
        # sets, 2/3 when one contains the other, 1/3 when they merely overlap,
        # 0 when disjoint.
        (S("ab"), S("ab"), 0.0),
        (S("a"), S("ab"), 1 - (1 / 2) * (2 / 3)),
        (S("ab"), S("bc"), 1 - (1 / 3) * (1 / 3)),
        (S("abc"), S("b"), 1 - (1 / 3) * (2 / 3)),
        (S("a"), S("b"), 1.0),
        (S(), S("a"), 1.0),
        (S(), S(), 0.0),
    ],
)
def test_masi_distance_follows_passonneau(a: S[str], b: S[str], expected: float) -> None:
    assert masi_distance(a, b) == pytest.approx(expected)
    assert masi_distance(b, a) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (S("ab"), S("ab"), 0.0),
        (S("a"), S("ab"), 0.5),
        (S("ab"), S("bc"), 2 / 3),
        (S(), S(), 0.0),
    ],
)
def test_jaccard_distance(a: S[str], b: S[str], expected: float) -> None:
    assert jaccard_distance(a, b) == pytest.approx(expected)


label_sets = st.frozensets(st.sampled_from(LABELS))


@given(label_sets, label_sets, label_sets)
def test_set_distances_are_bounded_symmetric_and_zero_only_on_equal_sets(
    a: S[str], b: S[str], c: S[str]
) -> None:
    for delta in (masi_distance, jaccard_distance):
        assert 0.0 <= delta(a, b) <= 1.0
        assert delta(a, b) == delta(b, a)
        assert (delta(a, b) == 0.0) == (a == b)
        assert masi_distance(a, b) >= jaccard_distance(a, b)
    # Jaccard distance is a metric.
    assert jaccard_distance(a, c) <= jaccard_distance(a, b) + jaccard_distance(b, c) + 1e-12


# --- worked examples ----------------------------------------------------------


def test_nominal_alpha_matches_krippendorff_2011_with_missing_data() -> None:
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF_2011_C)
    assert alpha == pytest.approx(0.743, abs=5e-4)
    assert alpha == pytest.approx(brute_force_alpha(KRIPPENDORFF_2011_C, nominal))


def test_nominal_alpha_matches_wikipedia_computational_example() -> None:
    alpha = krippendorff_alpha_nominal(WIKIPEDIA_ALPHA)
    assert alpha == pytest.approx(0.691, abs=5e-4)
    assert alpha == pytest.approx(brute_force_alpha(WIKIPEDIA_ALPHA, nominal))


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_set_alpha_on_singletons_is_nominal_alpha(distance: Any) -> None:
    # Distinct singletons are disjoint, so both distances reduce to nominal 0/1.
    sets = as_singletons(KRIPPENDORFF_2011_C)
    assert krippendorff_alpha_sets(sets, distance) == pytest.approx(0.743, abs=5e-4)


def test_per_label_alpha_matches_krippendorff_2011_binary_example() -> None:
    assert per_label_binary_alpha(KRIPPENDORFF_2011_A, ["x"]) == {
        "x": pytest.approx(0.095, abs=5e-4)
    }


# Two coders, two units: u1 {a} vs {a,b}, u2 {b} vs {b}. By hand, n = 4 with
# n_{a} = 1, n_{ab} = 1, n_{b} = 2; D_o = 2 d({a},{ab}) / 4 and
# D_e = 2 [d({a},{ab}) + 2 d({a},{b}) + 2 d({ab},{b})] / (4 * 3).
# MASI: D_o = 1/3, D_e = (2/3 + 2 + 4/3) / 6 = 2/3, alpha = 1/2.
# Jaccard: D_o = 1/4, D_e = (1/2 + 2 + 1) / 6 = 7/12, alpha = 4/7.
HAND_SETS = {1: {"A": S("a"), "B": S("ab")}, 2: {"A": S("b"), "B": S("b")}}


def test_set_alpha_matches_hand_computation() -> None:
    assert krippendorff_alpha_sets(HAND_SETS, "masi") == pytest.approx(1 / 2)
    assert krippendorff_alpha_sets(HAND_SETS, "jaccard") == pytest.approx(4 / 7)


# --- edge cases ---------------------------------------------------------------


def test_alpha_is_none_when_undefined() -> None:
    for ratings in ({}, {1: {"a": "x"}, 2: {"b": "y"}}, {1: {"a": "x", "b": "x"}}):
        assert krippendorff_alpha_nominal(ratings) is None
        assert krippendorff_alpha_sets(as_singletons(ratings)) is None
    # "y" appears only on a single-coder unit, so the pairable values hold one category.
    assert krippendorff_alpha_nominal({1: {"a": "x", "b": "x"}, 2: {"a": "y"}}) is None
    # Everyone chose nothing everywhere: one value, the empty set.
    assert krippendorff_alpha_sets({1: {"a": S(), "b": S()}, 2: {"a": S(), "c": S()}}) is None


def test_alpha_of_perfect_agreement_is_one() -> None:
    assert krippendorff_alpha_nominal({1: {"a": "x", "b": "x"}, 2: {"a": "y", "b": "y"}}) == 1.0
    assert krippendorff_alpha_sets({1: {"a": S(), "b": S()}, 2: {"a": S("y"), "b": S("y")}}) == 1.0


def test_empty_set_is_a_value_like_any_other() -> None:
    # By hand (nominal-like: {} and {x} are at distance 1 under both metrics):
    # u1 agrees on {}, u2 splits {} / {x}; n = 4, n_{} = 3, n_{x} = 1,
    # D_o = 2/4, D_e = 2 * 3 * 1 / 12 = 1/2, alpha = 0.
    ratings: dict[int, dict[str, S[str]]] = {
        1: {"a": S(), "b": S()},
        2: {"a": S(), "b": S("x")},
    }
    assert krippendorff_alpha_sets(ratings, "masi") == pytest.approx(0.0)
    assert per_label_binary_alpha(ratings, ["x", "never"]) == {
        "x": pytest.approx(0.0),
        "never": None,
    }


def test_set_alpha_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="distance"):
        krippendorff_alpha_sets(HAND_SETS, "cosine")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sets"):
        krippendorff_alpha_sets({1: {"a": "xy", "b": S("x")}})  # type: ignore[dict-item]


# --- properties ---------------------------------------------------------------

nominal_ratings = st.lists(
    st.dictionaries(st.sampled_from(CODERS), st.sampled_from(CATEGORIES), max_size=4),
    max_size=15,
).map(lambda units: dict(enumerate(units)))
set_ratings = st.lists(
    st.dictionaries(st.sampled_from(CODERS), label_sets, max_size=4), max_size=12
).map(lambda units: dict(enumerate(units)))


@given(nominal_ratings)
def test_nominal_alpha_agrees_with_brute_force_and_own_coincidences(
    ratings: dict[int, dict[str, str]],
) -> None:
    alpha = krippendorff_alpha_nominal(ratings)
    expected = brute_force_alpha(ratings, nominal)
    if expected is None:
        assert alpha is None
    else:
        assert alpha == pytest.approx(expected)
        assert krippendorff_alpha_sets(as_singletons(ratings)) == pytest.approx(expected)


@given(nominal_ratings)
def test_nominal_alpha_is_fleiss_kappa_corrected_for_sample_size(
    ratings: dict[int, dict[str, str]],
) -> None:
    # With Fleiss' P weighted by coder counts, D_o = 1 - P and
    # D_e = N (1 - P_e) / (N - 1), so alpha = 1 - (N - 1) / N * (1 - kappa).
    alpha, kappa = krippendorff_alpha_nominal(ratings), fleiss_kappa(ratings)
    n = sum(len(coded) for coded in ratings.values() if len(coded) >= 2)
    if kappa is None:
        assert alpha is None
    else:
        assert alpha == pytest.approx(1 - (n - 1) / n * (1 - kappa))


@given(nominal_ratings, st.permutations(CATEGORIES), st.permutations(CODERS))
def test_nominal_alpha_is_bounded_and_free_of_names(
    ratings: dict[int, dict[str, str]], categories: list[str], coders: list[str]
) -> None:
    alpha = krippendorff_alpha_nominal(ratings)
    rename_value = dict(zip(CATEGORIES, categories, strict=True))
    rename_coder = dict(zip(CODERS, coders, strict=True))
    renamed = {
        unit: {rename_coder[c]: rename_value[v] for c, v in coded.items()}
        for unit, coded in ratings.items()
    }
    if alpha is None:
        assert krippendorff_alpha_nominal(renamed) is None
    else:
        assert alpha <= 1.0
        assert krippendorff_alpha_nominal(renamed) == pytest.approx(alpha)


@given(set_ratings, st.sampled_from(["masi", "jaccard"]))
def test_set_alpha_agrees_with_brute_force_and_package(
    ratings: dict[int, dict[str, S[str]]], distance: Any
) -> None:
    delta = masi_distance if distance == "masi" else jaccard_distance
    alpha = krippendorff_alpha_sets(ratings, distance)
    expected = brute_force_alpha(ratings, delta)
    if expected is None:
        assert alpha is None
    else:
        assert alpha is not None and alpha <= 1.0
        assert alpha == pytest.approx(expected)
        assert alpha == pytest.approx(package_alpha(ratings, delta))


@given(set_ratings, st.permutations(LABELS), st.permutations(CODERS))
def test_set_alpha_is_free_of_names(
    ratings: dict[int, dict[str, S[str]]], labels: list[str], coders: list[str]
) -> None:
    rename_label = dict(zip(LABELS, labels, strict=True))
    rename_coder = dict(zip(CODERS, coders, strict=True))
    renamed = {
        unit: {rename_coder[c]: S(rename_label[x] for x in v) for c, v in coded.items()}
        for unit, coded in ratings.items()
    }
    alpha = krippendorff_alpha_sets(ratings)
    if alpha is None:
        assert krippendorff_alpha_sets(renamed) is None
    else:
        assert krippendorff_alpha_sets(renamed) == pytest.approx(alpha)
