"""Raw agreement, Cohen's kappa for coder pairs and Fleiss' kappa for all coders."""

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import fsum

from annotator.metrics.agreement.ratings import (
    Ratings,
    check_sets,
    coder_pairs,
    pairable_units,
    shared_values,
    unit_agreement,
)


@dataclass(frozen=True)
class PairKappa:
    """Cohen's kappa for one pair of coders, and for one label when values are sets."""

    coder_a: str
    coder_b: str
    n_units: int
    kappa: float | None
    observed: float | None
    label: str | None = None


def observed_agreement(ratings: Ratings[Hashable]) -> float | None:
    """Return the mean over units with >= 2 coders of the share of agreeing pairs.

    Each unit counts once whatever its number of coders. Set values agree only
    when identical. None when no unit has two coders.
    """
    units = pairable_units(ratings)
    if not units:
        return None
    return fsum(unit_agreement(list(coded.values())) for coded in units) / len(units)


def _kappa_of_pairs(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Return Cohen's kappa of paired values, None for fewer than two pairs or when undefined."""
    n = len(pairs)
    if n < 2:
        return None
    agreeing = sum(x == y for x, y in pairs)
    count_a = Counter(x for x, _ in pairs)
    count_b = Counter(y for _, y in pairs)
    # Both terms are scaled by n² so the arithmetic stays in integers until the
    # one division, which keeps kappa exactly symmetric in the two coders.
    chance = sum(count_a[value] * count_b[value] for value in count_a)
    if chance == n * n:
        # Expected agreement 1 means both coders used one and the same value on
        # every unit (in a per-label table: nobody ever chose the label): kappa is
        # 0/0, undefined, like Krippendorff's alpha of the same data.
        return None
    return (n * agreeing - chance) / (n * n - chance)


def cohen_kappa(ratings: Ratings[str], coder_a: str, coder_b: str) -> float | None:
    """Return Cohen's kappa over the units both coders coded.

    None when they share fewer than two units, and when expected agreement is 1
    (both chose one and the same category throughout): kappa is then 0/0, undefined.
    """
    return _kappa_of_pairs(shared_values(ratings, coder_a, coder_b))


def _pair_kappa(
    pairs: Sequence[tuple[Hashable, Hashable]],
    coder_a: str,
    coder_b: str,
    label: str | None,
) -> PairKappa:
    """Bundle kappa and raw agreement of one coder pair's shared units."""
    observed = sum(x == y for x, y in pairs) / len(pairs) if pairs else None
    return PairKappa(coder_a, coder_b, len(pairs), _kappa_of_pairs(pairs), observed, label)


def pairwise_cohen(ratings: Ratings[str]) -> list[PairKappa]:
    """Return Cohen's kappa for every coder pair (a < b) sharing at least one unit."""
    return [_pair_kappa(shared_values(ratings, a, b), a, b, None) for a, b in coder_pairs(ratings)]


def pairwise_cohen_sets(ratings: Ratings[frozenset[str]], labels: Sequence[str]) -> list[PairKappa]:
    """Return binary Cohen's kappa ("label chosen or not") per coder pair and label."""
    check_sets(ratings)
    result = []
    for a, b in coder_pairs(ratings):
        # One scan of the units per pair, not per pair and label: reports must
        # stay fast with many editors and labels.
        shared = shared_values(ratings, a, b)
        for label in labels:
            presence = [(label in x, label in y) for x, y in shared]
            result.append(_pair_kappa(presence, a, b, label))
    return result


def fleiss_kappa(ratings: Ratings[str]) -> float | None:
    """Return Fleiss' kappa over units with >= 2 coders, allowing the count to vary.

    Per-unit agreement P_u is weighted by the unit's coder count m_u, and
    category shares p_j pool all ratings: P = Σ m_u P_u / Σ m_u, P_e = Σ p_j².
    With a constant count this is Fleiss (1971) exactly, and in general
    Krippendorff's nominal alpha = 1 - (N - 1) / N * (1 - kappa) for N ratings.
    None when no unit has two coders or only one category was used.
    """
    units = pairable_units(ratings)
    totals: Counter[str] = Counter()
    weighted_agreement = 0.0
    for coded in units:
        totals.update(coded.values())
        weighted_agreement += len(coded) * unit_agreement(list(coded.values()))
    if len(totals) < 2:
        return None
    n = sum(totals.values())
    agreement = weighted_agreement / n
    chance = fsum((count / n) ** 2 for count in totals.values())
    return (agreement - chance) / (1.0 - chance)
