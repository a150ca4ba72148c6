"""The shape of reliability data and the helpers every agreement figure shares."""

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping
from itertools import combinations
from typing import Any, TypeVar

V = TypeVar("V")

# Keys are typed Any, not Hashable: Mapping is invariant in its key type, so
# Mapping[Hashable, ...] would reject the app's dict[int, ...] of passage ids.
Ratings = Mapping[Any, Mapping[str, V]]
"""unit -> {coder: value}; a coder absent from a unit is missing data."""

# One label of a multi-choice set recoded as a nominal value, so that nominal
# alpha can measure agreement on that label alone.
ABSENT = "no"
PRESENT = "yes"


def pairable_units(ratings: Ratings[V]) -> list[Mapping[str, V]]:
    """Return the units coded by at least two coders, the only ones that count."""
    return [coded for coded in ratings.values() if len(coded) >= 2]


def coders_of(units: Iterable[Mapping[str, object]]) -> list[str]:
    """Return the sorted names of every coder in `units`."""
    return sorted({coder for coded in units for coder in coded})


def shared_values(ratings: Ratings[V], coder_a: str, coder_b: str) -> list[tuple[V, V]]:
    """Return (a's value, b's value) for every unit both coders coded."""
    return [
        (coded[coder_a], coded[coder_b])
        for coded in ratings.values()
        if coder_a in coded and coder_b in coded
    ]


def coder_pairs(ratings: Ratings[Any]) -> list[tuple[str, str]]:
    """Return the sorted coder pairs (a < b) that coded at least one unit in common."""
    together: Counter[tuple[str, str]] = Counter()
    for coded in ratings.values():
        together.update(combinations(sorted(coded), 2))
    return sorted(together)


def unit_agreement(values: Collection[Hashable]) -> float:
    """Return the share of pairs of distinct coders on a unit who gave equal values."""
    m = len(values)
    agreeing = sum(count * (count - 1) for count in Counter(values).values())
    return agreeing / (m * (m - 1))


def check_sets(ratings: Ratings[frozenset[str]]) -> None:
    """Raise TypeError unless every value is a set (a str would pass as one)."""
    for coded in ratings.values():
        for coder, value in coded.items():
            if not isinstance(value, frozenset | set):
                raise TypeError(f"{coder!r} gave {value!r}; multi-choice values must be sets")


def label_presence(ratings: Ratings[frozenset[str]], label: str) -> dict[Any, dict[str, str]]:
    """Recode set values as PRESENT/ABSENT for one label; missing data stays missing."""
    check_sets(ratings)
    return {
        unit: {coder: PRESENT if label in chosen else ABSENT for coder, chosen in coded.items()}
        for unit, coded in ratings.items()
    }


def as_singletons(ratings: Ratings[str]) -> dict[Any, dict[str, frozenset[str]]]:
    """Turn single-choice values into one-element sets, so set figures apply to them."""
    return {
        unit: {coder: frozenset({value}) for coder, value in coded.items()}
        for unit, coded in ratings.items()
    }
