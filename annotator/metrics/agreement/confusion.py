"""Confusion matrices between two coders, for single- and multi-choice label sets."""

from collections.abc import Sequence

from annotator.metrics.agreement.ratings import Ratings, check_sets, shared_values

Matrix = list[list[int]]


def confusion(ratings: Ratings[str], coder_a: str, coder_b: str, labels: Sequence[str]) -> Matrix:
    """Count shared units by (a's label, b's label): rows coder_a, columns coder_b.

    Raises ValueError for a value missing from `labels`, because dropping it
    would leave a matrix that disagrees with the pair's kappa.
    """
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for value_a, value_b in shared_values(ratings, coder_a, coder_b):
        unknown = {value_a, value_b} - index.keys()
        if unknown:
            raise ValueError(f"values {sorted(unknown)} are not among labels {list(labels)}")
        matrix[index[value_a]][index[value_b]] += 1
    return matrix


def label_confusion_sets(
    ratings: Ratings[frozenset[str]],
    coder_a: str,
    coder_b: str,
    labels: Sequence[str],
) -> dict[str, Matrix]:
    """Return per label the 2x2 [[both no, a no b yes], [a yes b no, both yes]]."""
    check_sets(ratings)
    matrices = {label: [[0, 0], [0, 0]] for label in labels}
    for chosen_a, chosen_b in shared_values(ratings, coder_a, coder_b):
        for label, matrix in matrices.items():
            matrix[int(label in chosen_a)][int(label in chosen_b)] += 1
    return matrices
