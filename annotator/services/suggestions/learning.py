"""The learned suggester: TF-IDF over jieba words + logistic regression (pure, no database).

Documents are passages' index text (space-separated jieba words, Simplified, lower case),
so the model sees the same words search does.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

# scikit-learn (with SciPy and NumPy) takes a second or more to import: it is imported by the
# functions that train or score, never when the app or the command line starts.
if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

MIN_EXAMPLES = 20
MIN_PER_CLASS = 3
MULTI_THRESHOLD = 0.5
Value = str | frozenset[str]


class NotEnoughLabels(ValueError):
    """Too few labeled passages to learn from; the message says how many are needed."""


def _split_words(doc: str) -> list[str]:
    return doc.split()


def _vectorizer() -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_split_words, sublinear_tf=True)


@dataclass
class LabelModel:
    """A fitted model for one label set."""

    kind: str  # "single" | "multi"
    vectorizer: TfidfVectorizer
    classifier: Any
    labels: list[str]
    examples: int
    version: str = ""
    skipped: list[str] = field(default_factory=list)

    def probabilities(self, docs: Sequence[str]) -> list[list[tuple[str, float]]]:
        """Per document, (label, probability) from most to least likely."""
        if not docs:
            return []
        matrix = self.classifier.predict_proba(self.vectorizer.transform(list(docs)))
        return [
            sorted(zip(self.labels, map(float, row), strict=True), key=lambda p: -p[1])
            for row in matrix
        ]

    def predict(self, docs: Sequence[str]) -> list[list[tuple[str, float]]]:
        """The suggestions: the top label (single choice) or every label above 0.5 (multi)."""
        out = []
        for ranked in self.probabilities(docs):
            if self.kind == "single":
                out.append(ranked[:1])
            else:
                out.append([p for p in ranked if p[1] >= MULTI_THRESHOLD])
        return out


def fit(kind: str, docs: Sequence[str], values: Sequence[Value]) -> LabelModel:
    """Fit one label set's model; raises NotEnoughLabels when learning would be guesswork."""
    if len(docs) < MIN_EXAMPLES:
        raise NotEnoughLabels(f"{len(docs)} labeled passages; at least {MIN_EXAMPLES} are needed")
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    vectorizer = _vectorizer()
    matrix = vectorizer.fit_transform(list(docs))
    digest = hashlib.sha256(
        "\n".join(f"{d}\t{v!r}" for d, v in zip(docs, values, strict=True)).encode()
    )
    version = f"tfidf-lr-{kind}-n{len(docs)}-{digest.hexdigest()[:8]}"
    if kind == "single":
        counts = Counter(str(v) for v in values)
        usable = [label for label, n in counts.items() if n >= MIN_PER_CLASS]
        if len(usable) < 2:
            raise NotEnoughLabels(
                f"need at least two labels with {MIN_PER_CLASS}+ passages each; have {dict(counts)}"
            )
        classifier = LogisticRegression(max_iter=2000, class_weight="balanced")
        classifier.fit(matrix, [str(v) for v in values])
        return LabelModel(
            kind, vectorizer, classifier, list(classifier.classes_), len(docs), version
        )
    sets = [frozenset(v) if not isinstance(v, str) else frozenset([v]) for v in values]
    counts = Counter(label for s in sets for label in s)
    usable = sorted(
        label
        for label, n in counts.items()
        if n >= MIN_PER_CLASS and len(sets) - n >= MIN_PER_CLASS
    )
    if not usable:
        raise NotEnoughLabels(f"no label has {MIN_PER_CLASS}+ passages with and without it")
    binarizer = MultiLabelBinarizer(classes=usable)
    targets = binarizer.fit_transform([s & set(usable) for s in sets])
    classifier = OneVsRestClassifier(LogisticRegression(max_iter=2000, class_weight="balanced"))
    classifier.fit(matrix, targets)
    skipped = sorted(set(counts) - set(usable))
    return LabelModel(kind, vectorizer, classifier, usable, len(docs), version, skipped)


def held_out_split(n: int, test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Reproducible train/test indices."""
    order = list(range(n))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    cut = max(1, round(n * test_fraction))
    return sorted(order[cut:]), sorted(order[:cut])


def evaluate(
    kind: str,
    docs: Sequence[str],
    values: Sequence[Value],
    *,
    test_fraction: float = 0.25,
    seed: int = 13,
) -> dict[str, Any]:
    """Train on one part, score the held-out part, and compare with a trivial baseline."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    train, test = held_out_split(len(docs), test_fraction, seed)
    model = fit(kind, [docs[i] for i in train], [values[i] for i in train])
    predicted = model.predict([docs[i] for i in test])
    report: dict[str, Any] = {"kind": kind, "train": len(train), "test": len(test)}
    if kind == "single":
        truth = [str(values[i]) for i in test]
        guess = [p[0][0] for p in predicted]
        majority = Counter(str(values[i]) for i in train).most_common(1)[0][0]
        report |= {
            "accuracy": accuracy_score(truth, guess),
            "macro_f1": f1_score(truth, guess, average="macro", zero_division=0),
            "baseline_accuracy": accuracy_score(truth, [majority] * len(truth)),
            "baseline": f"always {majority}",
        }
        return report
    classes = sorted({label for v in values for label in v} | set(model.labels))
    binarizer = MultiLabelBinarizer(classes=classes)
    truth_sets = [frozenset(values[i]) for i in test]
    guess_sets = [frozenset(label for label, _ in p) for p in predicted]
    truth_m, guess_m = binarizer.fit_transform(truth_sets), binarizer.transform(guess_sets)
    empty = binarizer.transform([frozenset()] * len(test))
    report |= {
        "exact_match": accuracy_score(truth_m, guess_m),
        "micro_f1": f1_score(truth_m, guess_m, average="micro", zero_division=0),
        "baseline_exact_match": accuracy_score(truth_m, empty),
        "baseline": "always no label",
    }
    return report
