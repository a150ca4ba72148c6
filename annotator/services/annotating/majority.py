"""What most editors chose on a passage: the gold form's pre-filled values (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.services.records import EditorRecord, SpanKey
from annotator.services.resolution import LabelSetInfo


@dataclass(frozen=True)
class Majority:
    """Per set: the majority value where there is one, and the labels it decides."""

    single: dict[str, str | None]  # set -> label chosen by more than half, or None
    multi_in: dict[str, frozenset[str]]  # set -> labels chosen by more than half
    multi_out: dict[str, frozenset[str]]  # set -> labels chosen by fewer than half
    spans: frozenset[SpanKey]  # spans marked by more than half

    def prefill(self, label_set: LabelSetInfo) -> str | None | frozenset[str]:
        """The value the gold form starts with."""
        if label_set.kind == "multi":
            return self.multi_in.get(label_set.name, frozenset())
        return self.single.get(label_set.name)

    def overridden(self, label_set: LabelSetInfo, value: str | None | frozenset[str]) -> bool:
        """Whether a gold value goes against what a majority of editors chose."""
        if label_set.kind == "multi":
            chosen = value if isinstance(value, frozenset) else frozenset()
            return bool(
                (self.multi_in.get(label_set.name, frozenset()) - chosen)
                | (self.multi_out.get(label_set.name, frozenset()) & chosen)
            )
        wanted = self.single.get(label_set.name)
        return wanted is not None and value != wanted


def majority(
    sets: Sequence[LabelSetInfo], editors: Sequence[EditorRecord], labels: dict[str, list[str]]
) -> Majority:
    """Strict majorities (more than half of the editors); ties decide nothing."""
    n = len(editors)
    single: dict[str, str | None] = {}
    multi_in: dict[str, frozenset[str]] = {}
    multi_out: dict[str, frozenset[str]] = {}
    for s in sets:
        if s.kind == "multi":
            counts = Counter(label for e in editors for label in e.labels.get(s.name, frozenset()))
            names = set(labels.get(s.name, [])) | set(counts)
            multi_in[s.name] = frozenset(x for x in names if 2 * counts[x] > n)
            multi_out[s.name] = frozenset(x for x in names if 2 * counts[x] < n)
        else:
            votes: Counter[str] = Counter()
            for e in editors:
                value = e.value(s)
                if isinstance(value, str):
                    votes[value] += 1
            top = votes.most_common(1)
            single[s.name] = top[0][0] if top and 2 * top[0][1] > n else None
    span_votes = Counter(span for e in editors for span in e.spans)
    spans = frozenset(span for span, count in span_votes.items() if 2 * count > n)
    return Majority(single, multi_in, multi_out, spans)
