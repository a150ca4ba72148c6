"""Raw agreement, Cohen's and Fleiss' kappa, and confusion matrices."""

from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.metrics.agreement import (
    PairKappa,
    cohen_kappa,
    confusion,
    fleiss_kappa,
    label_confusion_sets,
    observed_agreement,
    pairwise_cohen,
    pairwise_cohen_sets,
)

CODERS = ["ana", "bo", "cy", "di"]
CATEGORIES = ["p", "q", "r"]


def two_coders(pairs: list[tuple[str, str]]) -> dict[int, dict[str, str]]:
    """Build ratings where coder A gave the first of each pair and B the second."""
    return {unit: {"A": a, "B": b} for unit, (a, b) in enumerate(pairs)}


def from_counts(table: list[list[int]], categories: list[str]) -> dict[int, dict[str, str]]:
    """Build ratings from a Fleiss table: row = unit, cell = raters per category."""
    ratings = {}
    for unit, row in enumerate(table):
        values = [cat for cat, count in zip(categories, row, strict=True) for _ in range(count)]
        ratings[unit] = {f"rater{i}": value for i, value in enumerate(values)}
    return ratings


# Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, readers A and B;
# both yes 20, A yes / B no 5, A no / B yes 10, both no 15; p_o = 0.7, p_e = 0.5.
WIKIPEDIA_COHEN = two_coders(
    [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
)

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
# Published: P_2 = 0.253, P-bar = 0.378, kappa = 0.210.
WIKIPEDIA_FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]
WIKIPEDIA_FLEISS = from_counts(WIKIPEDIA_FLEISS_TABLE, ["1", "2", "3", "4", "5"])


def test_cohen_kappa_matches_wikipedia_50_proposals() -> None:
    assert cohen_kappa(WIKIPEDIA_COHEN, "A", "B") == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("counts", "published"),
    [
        # Wikipedia, "Cohen's kappa", "same percentages but different numbers":
        # both tables have p_o = 0.60 yet kappa 0.1304 and 0.2593.
        ((45, 15, 25, 15), 0.1304),
        ((25, 35, 5, 35), 0.2593),
    ],
)
def test_cohen_kappa_matches_wikipedia_same_percentages(
    counts: tuple[int, int, int, int], published: float
) -> None:
    both_yes, a_only, b_only, both_no = counts
    ratings = two_coders(
        [("yes", "yes")] * both_yes
        + [("yes", "no")] * a_only
        + [("no", "yes")] * b_only
        + [("no", "no")] * both_no
    )
    assert cohen_kappa(ratings, "A", "B") == pytest.approx(published, abs=5e-5)


def test_cohen_kappa_uses_only_units_both_coded() -> None:
    ratings: dict[Any, dict[str, str]] = dict(WIKIPEDIA_COHEN)
    # Units only one of the pair coded must not move kappa.
    ratings["extra1"] = {"A": "yes", "C": "no"}
    ratings["extra2"] = {"B": "no"}
    assert cohen_kappa(ratings, "A", "B") == pytest.approx(0.4)


def test_cohen_kappa_is_none_without_two_shared_units() -> None:
    ratings = {
        1: {"A": "x", "B": "x"},
        2: {"A": "x", "C": "y"},
        3: {"B": "y", "C": "y"},
    }
    assert cohen_kappa(ratings, "A", "B") is None  # one shared unit
    assert cohen_kappa(ratings, "A", "nobody") is None
    assert cohen_kappa({}, "A", "B") is None


def test_cohen_kappa_perfect_agreement_is_one() -> None:
    ratings = two_coders([("x", "x"), ("y", "y"), ("x", "x")])
    assert cohen_kappa(ratings, "A", "B") == 1.0


def test_cohen_kappa_single_shared_category_is_undefined() -> None:
    # Expected agreement is 1 here, so kappa is 0/0: undefined, as alpha is for the same data.
    ratings = two_coders([("x", "x")] * 3)
    assert cohen_kappa(ratings, "A", "B") is None


def test_cohen_kappa_total_disagreement_on_two_categories_is_minus_one() -> None:
    # By hand: p_o = 0, each coder half x half y so p_e = 0.5, kappa = -0.5 / 0.5.
    ratings = two_coders([("x", "y"), ("y", "x")])
    assert cohen_kappa(ratings, "A", "B") == -1.0


def test_pairwise_cohen_lists_pairs_that_share_units() -> None:
    ratings: dict[Any, dict[str, str]] = dict(WIKIPEDIA_COHEN)
    ratings["solo"] = {"C": "yes"}  # C never shares a unit, so has no pair
    ratings["one"] = {"A": "yes", "D": "no"}
    ab, ad = pairwise_cohen(ratings)
    # 50 proposals plus "one" where only A coded: A-B unchanged.
    assert (ab.coder_a, ab.coder_b, ab.n_units, ab.label) == ("A", "B", 50, None)
    assert (ab.kappa, ab.observed) == (pytest.approx(0.4), pytest.approx(0.7))
    assert ad == PairKappa("A", "D", 1, None, 0.0)


def test_pairwise_cohen_sets_gives_binary_kappa_per_label() -> None:
    # Label "x" is WIKIPEDIA_COHEN's yes/no, so kappa 0.4; "z" always present -> 1.0.
    sets = {
        unit: {
            coder: frozenset({"z"} | ({"x"} if value == "yes" else set()))
            for coder, value in coded.items()
        }
        for unit, coded in WIKIPEDIA_COHEN.items()
    }
    pairs = pairwise_cohen_sets(sets, ["x", "z"])
    assert [(p.coder_a, p.coder_b, p.label, p.n_units) for p in pairs] == [
        ("A", "B", "x", 50),
        ("A", "B", "z", 50),
    ]
    assert pairs[0].kappa == pytest.approx(0.4)
    assert pairs[0].observed == pytest.approx(0.7)
    assert pairs[1].kappa is None  # nobody chose z's absence: 0/0


def test_fleiss_kappa_matches_wikipedia_example() -> None:
    assert fleiss_kappa(WIKIPEDIA_FLEISS) == pytest.approx(0.210, abs=5e-4)


def test_observed_agreement_matches_wikipedia_fleiss_p_bar() -> None:
    assert observed_agreement(WIKIPEDIA_FLEISS) == pytest.approx(0.378, abs=5e-4)
    second_subject = {0: WIKIPEDIA_FLEISS[1]}
    assert observed_agreement(second_subject) == pytest.approx(0.253, abs=5e-4)


def test_observed_agreement_averages_units_equally() -> None:
    # By hand: unit 1 all three agree (1.0), unit 2 two disagree (0.0): mean 0.5.
    ratings = {
        1: {"a": "x", "b": "x", "c": "x"},
        2: {"a": "x", "b": "y"},
        3: {"a": "y"},
    }
    assert observed_agreement(ratings) == 0.5


def test_observed_agreement_treats_sets_as_equal_or_not() -> None:
    ratings: dict[int, dict[str, frozenset[str]]] = {
        1: {"a": frozenset(), "b": frozenset()},
        2: {"a": frozenset("x"), "b": frozenset()},
    }
    assert observed_agreement(ratings) == 0.5


def test_figures_are_none_without_units_of_two_coders() -> None:
    for ratings in ({}, {1: {"a": "x"}, 2: {"b": "y"}}):
        assert observed_agreement(ratings) is None
        assert fleiss_kappa(ratings) is None
        assert pairwise_cohen(ratings) == []


def test_fleiss_kappa_is_none_for_a_single_category() -> None:
    assert fleiss_kappa({1: {"a": "x", "b": "x"}, 2: {"a": "x", "c": "x"}}) is None


def test_fleiss_kappa_of_one_split_unit() -> None:
    # By hand: P-bar = 0, p = (1/2, 1/2) so P_e = 1/2, kappa = (0 - 1/2) / (1/2).
    assert fleiss_kappa({1: {"a": "x", "b": "y"}}) == -1.0


def test_fleiss_kappa_ignores_single_coder_units() -> None:
    ratings: dict[Any, dict[str, str]] = dict(WIKIPEDIA_FLEISS)
    ratings["lonely"] = {"rater0": "1"}
    assert fleiss_kappa(ratings) == fleiss_kappa(WIKIPEDIA_FLEISS)


def test_confusion_matches_wikipedia_table() -> None:
    assert confusion(WIKIPEDIA_COHEN, "A", "B", ["yes", "no"]) == [[20, 5], [10, 15]]
    assert confusion(WIKIPEDIA_COHEN, "B", "A", ["yes", "no"]) == [[20, 10], [5, 15]]


def test_confusion_rejects_values_outside_labels() -> None:
    with pytest.raises(ValueError, match="maybe"):
        confusion(two_coders([("yes", "maybe")]), "A", "B", ["yes", "no"])


def test_label_confusion_sets_counts_presence_per_label() -> None:
    ratings = {
        1: {"A": frozenset({"x", "y"}), "B": frozenset({"x"})},
        2: {"A": frozenset(), "B": frozenset({"y"})},
        3: {"A": frozenset({"x"}), "B": frozenset({"x"})},
        4: {"A": frozenset({"y"})},  # B missing: not counted
    }
    assert label_confusion_sets(ratings, "A", "B", ["x", "y"]) == {
        # [[both no, A no B yes], [A yes B no, both yes]]
        "x": [[1, 0], [0, 2]],
        "y": [[1, 1], [1, 0]],
    }


# --- properties ---------------------------------------------------------------

value_pairs = st.lists(
    st.tuples(st.sampled_from(CATEGORIES), st.sampled_from(CATEGORIES)),
    min_size=2,
    max_size=30,
)
many_coders = st.lists(
    st.dictionaries(st.sampled_from(CODERS), st.sampled_from(CATEGORIES), max_size=4),
    max_size=25,
).map(lambda units: dict(enumerate(units)))


@given(value_pairs)
def test_cohen_kappa_agrees_with_sklearn(pairs: list[tuple[str, str]]) -> None:
    if len({value for pair in pairs for value in pair}) == 1:
        return  # sklearn's kappa is 0/0 here; our convention is tested above
    a, b = zip(*pairs, strict=True)
    expected = cohen_kappa_score(list(a), list(b))
    assert cohen_kappa(two_coders(pairs), "A", "B") == pytest.approx(expected)


@given(value_pairs, st.permutations(CATEGORIES))
def test_cohen_kappa_is_symmetric_bounded_and_label_free(
    pairs: list[tuple[str, str]], relabeled: list[str]
) -> None:
    kappa = cohen_kappa(two_coders(pairs), "A", "B")
    one_value = len({value for pair in pairs for value in pair}) == 1
    assert (kappa is None) == one_value  # 0/0 exactly when one value was used throughout
    assert kappa is None or kappa <= 1.0
    assert cohen_kappa(two_coders(pairs), "B", "A") == kappa
    rename = dict(zip(CATEGORIES, relabeled, strict=True))
    renamed = [(rename[a], rename[b]) for a, b in pairs]
    assert cohen_kappa(two_coders(renamed), "A", "B") == kappa


@given(many_coders, st.permutations(CATEGORIES), st.permutations(CODERS))
def test_fleiss_kappa_is_bounded_and_free_of_names(
    ratings: dict[int, dict[str, str]], categories: list[str], coders: list[str]
) -> None:
    kappa = fleiss_kappa(ratings)
    rename_value = dict(zip(CATEGORIES, categories, strict=True))
    rename_coder = dict(zip(CODERS, coders, strict=True))
    renamed = {
        unit: {rename_coder[c]: rename_value[v] for c, v in coded.items()}
        for unit, coded in ratings.items()
    }
    if kappa is None:
        assert fleiss_kappa(renamed) is None
    else:
        assert kappa <= 1.0 + 1e-12
        assert fleiss_kappa(renamed) == pytest.approx(kappa)


def classic_fleiss(table: np.ndarray[Any, Any]) -> float:
    """Fleiss (1971) from a units x categories count table with a constant row sum."""
    n_units, raters = table.shape[0], int(table[0].sum())
    p_j = table.sum(axis=0) / (n_units * raters)
    p_i = ((table * table).sum(axis=1) - raters) / (raters * (raters - 1))
    p_e = float((p_j**2).sum())
    return (float(p_i.mean()) - p_e) / (1 - p_e)


@given(st.lists(st.lists(st.sampled_from(CATEGORIES), min_size=3, max_size=3), min_size=1))
def test_fleiss_kappa_with_constant_coders_is_classic_fleiss(
    rows: list[list[str]],
) -> None:
    ratings = {u: dict(zip(CODERS, row, strict=False)) for u, row in enumerate(rows)}
    table = np.array([[Counter(row)[c] for c in CATEGORIES] for row in rows])
    if np.count_nonzero(table.sum(axis=0)) < 2:
        assert fleiss_kappa(ratings) is None
    else:
        assert fleiss_kappa(ratings) == pytest.approx(classic_fleiss(table))
