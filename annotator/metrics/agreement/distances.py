"""Distances between the sets of labels two coders chose for one passage."""

from typing import Literal

SetDistance = Literal["masi", "jaccard"]


def jaccard_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """Return 1 - |a ∩ b| / |a ∪ b|; two empty sets are identical, so distance 0."""
    union = len(a | b)
    if union == 0:
        return 0.0
    return 1.0 - len(a & b) / union


def masi_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """Return Passonneau's (2006) MASI distance, 1 - Jaccard x monotonicity."""
    if a == b:
        # Also covers two empty sets, where Jaccard is 0/0: both coders chose nothing.
        return 0.0
    shared = len(a & b)
    if shared == 0:
        # Disjoint (including one empty set): Jaccard is 0, whatever the monotonicity.
        return 1.0
    # Exact thirds, as in the paper; NLTK's masi_distance rounds them to 0.67 and 0.33.
    monotonicity = 2 / 3 if shared == min(len(a), len(b)) else 1 / 3
    return 1.0 - shared / len(a | b) * monotonicity


SET_DISTANCES = {"masi": masi_distance, "jaccard": jaccard_distance}
