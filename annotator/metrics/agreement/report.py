"""One summary per label set, in the shape the app renders and exports."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from annotator.metrics.agreement.alpha import (
    krippendorff_alpha_nominal,
    krippendorff_alpha_sets,
    per_label_binary_alpha,
)
from annotator.metrics.agreement.confusion import (
    Matrix,
    confusion,
    label_confusion_sets,
)
from annotator.metrics.agreement.distances import SetDistance
from annotator.metrics.agreement.kappa import (
    PairKappa,
    fleiss_kappa,
    observed_agreement,
    pairwise_cohen,
    pairwise_cohen_sets,
)
from annotator.metrics.agreement.ratings import (
    Ratings,
    as_singletons,
    coder_pairs,
    coders_of,
    pairable_units,
)

ROUND_TO = 4


@dataclass
class SetReport:
    """Agreement figures for one label set; None wherever a figure is undefined."""

    label_set: str
    kind: Literal["single", "multi"]
    n_units: int  # units with at least two coders, the only ones that count
    n_coders: int  # coders appearing on those units
    observed: float | None
    fleiss: float | None  # None for multi-choice sets: Fleiss' kappa has no set form
    alpha: float | None
    alpha_distance: str | None  # "nominal", "masi" or "jaccard"
    per_label_alpha: dict[str, float | None]
    pairs: list[PairKappa]  # multi-choice: one entry per coder pair and label
    confusion: dict[str, Matrix | dict[str, Matrix]]  # "a|b" -> matrix, or label -> 2x2


def report_single(name: str, ratings: Ratings[str], labels: Sequence[str]) -> SetReport:
    """Summarise agreement on a single-choice label set."""
    units = pairable_units(ratings)
    matrices: dict[str, Matrix | dict[str, Matrix]] = {
        f"{a}|{b}": confusion(ratings, a, b, labels) for a, b in coder_pairs(ratings)
    }
    return SetReport(
        label_set=name,
        kind="single",
        n_units=len(units),
        n_coders=len(coders_of(units)),
        observed=observed_agreement(ratings),
        fleiss=fleiss_kappa(ratings),
        alpha=krippendorff_alpha_nominal(ratings),
        alpha_distance="nominal",
        # One label against the rest: shows which labels editors confuse.
        per_label_alpha=per_label_binary_alpha(as_singletons(ratings), labels),
        pairs=pairwise_cohen(ratings),
        confusion=matrices,
    )


def report_multi(
    name: str,
    ratings: Ratings[frozenset[str]],
    labels: Sequence[str],
    distance: SetDistance = "masi",
) -> SetReport:
    """Summarise agreement on a multi-choice label set; observed counts equal sets."""
    units = pairable_units(ratings)
    matrices: dict[str, Matrix | dict[str, Matrix]] = {
        f"{a}|{b}": label_confusion_sets(ratings, a, b, labels) for a, b in coder_pairs(ratings)
    }
    return SetReport(
        label_set=name,
        kind="multi",
        n_units=len(units),
        n_coders=len(coders_of(units)),
        observed=observed_agreement(ratings),
        fleiss=None,
        alpha=krippendorff_alpha_sets(ratings, distance),
        alpha_distance=distance,
        per_label_alpha=per_label_binary_alpha(ratings, labels),
        pairs=pairwise_cohen_sets(ratings, labels),
        confusion=matrices,
    )


def _rounded(value: Any) -> Any:
    """Round every float in nested dicts and lists, leaving None and ints alone."""
    if isinstance(value, float):
        # Adding 0.0 turns a rounded -0.0 into 0.0, which reads better in JSON.
        return round(value, ROUND_TO) + 0.0
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def report_to_dict(report: SetReport) -> dict[str, Any]:
    """Return the report as JSON-ready dicts and lists, floats rounded to 4 places."""
    rounded: dict[str, Any] = _rounded(asdict(report))
    return rounded
