"""Inter-annotator agreement for single- and multi-choice label sets.

Input is reliability data: unit -> {coder: value}, a str for single-choice
sets and a frozenset[str] for multi-choice ones. Only units with at least two
coders count. Every figure is None, never NaN or an exception, when undefined.
"""

from annotator.metrics.agreement.alpha import (
    alpha_with_distance,
    coincidences,
    krippendorff_alpha_nominal,
    krippendorff_alpha_sets,
    per_label_binary_alpha,
)
from annotator.metrics.agreement.confusion import (
    Matrix,
    confusion,
    label_confusion_sets,
)
from annotator.metrics.agreement.distances import (
    SetDistance,
    jaccard_distance,
    masi_distance,
)
from annotator.metrics.agreement.kappa import (
    PairKappa,
    cohen_kappa,
    fleiss_kappa,
    observed_agreement,
    pairwise_cohen,
    pairwise_cohen_sets,
)
from annotator.metrics.agreement.ratings import (
    ABSENT,
    PRESENT,
    Ratings,
    as_singletons,
    label_presence,
    pairable_units,
)
from annotator.metrics.agreement.report import (
    SetReport,
    report_multi,
    report_single,
    report_to_dict,
)

__all__ = [
    "ABSENT",
    "PRESENT",
    "Matrix",
    "PairKappa",
    "Ratings",
    "SetDistance",
    "SetReport",
    "alpha_with_distance",
    "as_singletons",
    "cohen_kappa",
    "coincidences",
    "confusion",
    "fleiss_kappa",
    "jaccard_distance",
    "krippendorff_alpha_nominal",
    "krippendorff_alpha_sets",
    "label_confusion_sets",
    "label_presence",
    "masi_distance",
    "observed_agreement",
    "pairable_units",
    "pairwise_cohen",
    "pairwise_cohen_sets",
    "per_label_binary_alpha",
    "report_multi",
    "report_single",
    "report_to_dict",
]
