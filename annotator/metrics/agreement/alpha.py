"""Krippendorff's alpha for nominal labels, for label sets, and per label."""

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence

import krippendorff
import numpy as np
import numpy.typing as npt

from annotator.metrics.agreement.distances import SET_DISTANCES, SetDistance
from annotator.metrics.agreement.ratings import (
    Ratings,
    check_sets,
    coders_of,
    label_presence,
    pairable_units,
)


def krippendorff_alpha_nominal(ratings: Ratings[str]) -> float | None:
    """Return nominal Krippendorff's alpha, computed by the `krippendorff` package.

    None when no unit has two coders or the paired values hold a single
    category (alpha is 0/0 there; the package raises instead).
    """
    units = pairable_units(ratings)
    categories = sorted({value for coded in units for value in coded.values()})
    if len(categories) < 2:
        return None
    # Integer codes, not the strings: the package reads a string "nan" as missing,
    # and a float matrix lets NaN mark the coders who skipped a unit.
    code = {category: float(i) for i, category in enumerate(categories)}
    row = {coder: i for i, coder in enumerate(coders_of(units))}
    data = np.full((len(row), len(units)), np.nan)
    for column, coded in enumerate(units):
        for coder, value in coded.items():
            data[row[coder], column] = code[value]
    # The package defaults to interval data; nominal must be asked for.
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def coincidences(
    units: Sequence[Mapping[str, Hashable]], index: Mapping[Hashable, int]
) -> npt.NDArray[np.float64]:
    """Return Krippendorff's coincidence matrix o[c, k] over units with >= 2 values."""
    matrix = np.zeros((len(index), len(index)))
    for coded in units:
        counts = Counter(coded.values())
        m = len(coded)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                # Ordered pairs of distinct coders; dividing by m - 1 makes each
                # value add 1 in all, so row sums count pairable values.
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                matrix[index[c], index[k]] += pairs / (m - 1)
    return matrix


def alpha_with_distance(
    ratings: Ratings[frozenset[str]],
    delta: Callable[[frozenset[str], frozenset[str]], float],
) -> float | None:
    """Return alpha = 1 - D_o / D_e for set values under a distance, delta(x, x) = 0.

    None when no unit has two coders or every paired value is the same set.
    """
    units = pairable_units(ratings)
    # Sorted so that float sums, hence results, do not depend on dict order.
    values = sorted({value for coded in units for value in coded.values()}, key=sorted)
    if len(values) < 2:
        return None
    observed = coincidences(units, {value: i for i, value in enumerate(values)})
    n_v = observed.sum(axis=1)
    n = n_v.sum()
    distance = np.array([[delta(x, y) for y in values] for x in values])
    disagreement = (observed * distance).sum() / n
    # delta(x, x) = 0 makes the usual n_c (n_c - 1) diagonal term irrelevant.
    expected = (np.outer(n_v, n_v) * distance).sum() / (n * (n - 1))
    return float(1.0 - disagreement / expected)


def krippendorff_alpha_sets(
    ratings: Ratings[frozenset[str]], distance: SetDistance = "masi"
) -> float | None:
    """Return Krippendorff's alpha for multi-choice sets under MASI or Jaccard distance.

    An empty set is a value like any other. None when no unit has two coders
    or every paired value is the same set.
    """
    if distance not in SET_DISTANCES:
        raise ValueError(f"unknown distance {distance!r}; use one of {sorted(SET_DISTANCES)}")
    check_sets(ratings)
    return alpha_with_distance(ratings, SET_DISTANCES[distance])


def per_label_binary_alpha(
    ratings: Ratings[frozenset[str]], labels: Sequence[str]
) -> dict[str, float | None]:
    """Return, for each label, nominal alpha over "label chosen or not".

    None for a label every paired coder chose, or none did, on every unit.
    """
    return {label: krippendorff_alpha_nominal(label_presence(ratings, label)) for label in labels}
