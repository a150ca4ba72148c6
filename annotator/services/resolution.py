"""Resolve a passage's annotations into statuses and labels, one label set at a time (pure).

Each choice set resolves on its own, so editors who agree on the stance but not on the bias
attribution still give the passage an agreed stance:

- a set with settled gold is ``gold`` and takes the reviewer's value;
- otherwise, with no annotator it is ``unlabeled``, with one ``single``, with every
  annotator choosing the same value ``agreed``, else ``conflict`` (and resolves to nothing).

The passage's overall status is ``gold`` when any of its sets is settled, else
``conflict`` when any set is in conflict, else ``unlabeled``/``single``/``agreed`` by
the number of annotators. Spans resolve per span set the same way: gold spans where the set
is settled, one annotator's spans as they are, and only the spans every annotator marked
when there are several. A resolved span keeps its holder stance and evidence link
(`holder_links`) from gold, from its one annotator, or, with several, each part that every
annotator gave it alike (a disagreed stance resolves to none: the passage stance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.services.holder_links import NO_LINK, SpanLink, agreed_link

SpanKey = tuple[int, int, str]  # (start, end, label) relative to the passage text
Value = str | None | frozenset[str]  # single choice: str or None; multiple: frozenset
JsonValue = str | None | list[str]

STATUSES = ("unlabeled", "single", "agreed", "conflict", "gold")
# Spans of records compared without naming span sets: one group holding every span label.
ALL_SPANS = "*"


@dataclass(frozen=True)
class LabelSetInfo:
    name: str
    kind: str  # "single" | "multi" ("span" sets are resolved through spans)


@dataclass(frozen=True)
class SpanSetInfo:
    """A span label set and the names of its labels."""

    name: str
    labels: frozenset[str]


@dataclass(frozen=True)
class Record:
    """One annotator's labels on one passage."""

    who: str
    labels: Mapping[str, Value] = field(default_factory=dict)
    spans: frozenset[SpanKey] = frozenset()
    links: Mapping[SpanKey, SpanLink] = field(default_factory=dict)  # spans with a link only


@dataclass(frozen=True)
class Gold:
    """Settled gold: a value per settled choice set, the spans of each settled span set."""

    labels: Mapping[str, Value] = field(default_factory=dict)
    spans: Mapping[str, frozenset[SpanKey]] = field(default_factory=dict)
    links: Mapping[SpanKey, SpanLink] = field(default_factory=dict)

    @classmethod
    def whole(cls, record: Record, sets: Sequence[LabelSetInfo]) -> Gold:
        """Gold settling every given choice set and every span (a whole-passage decision)."""
        labels = {s.name: record.labels.get(s.name, empty_value(s.kind)) for s in sets}
        return cls(labels, {ALL_SPANS: record.spans}, record.links)


@dataclass(frozen=True)
class SetResolution:
    """How one choice set resolved: its status, value and how many annotators answered."""

    status: str
    value: JsonValue
    annotators: int


@dataclass(frozen=True)
class Resolution:
    status: str
    labels: dict[str, JsonValue]
    spans: list[SpanKey]
    sets: dict[str, SetResolution] = field(default_factory=dict)
    links: dict[SpanKey, SpanLink] = field(default_factory=dict)  # resolved spans with a link


def empty_value(kind: str) -> Value:
    """What 'nothing chosen' is for a set kind."""
    return frozenset() if kind == "multi" else None


def as_json(value: Value) -> JsonValue:
    """A value as JSON: a sorted list for a multiple-choice set."""
    return sorted(value) if isinstance(value, frozenset) else value


def resolve_set(
    label_set: LabelSetInfo, records: Sequence[Record], gold: Gold | None = None
) -> SetResolution:
    """One choice set's status and value."""
    n = len(records)
    if gold is not None and label_set.name in gold.labels:
        return SetResolution("gold", as_json(gold.labels[label_set.name]), n)
    empty = empty_value(label_set.kind)
    values = {r.labels.get(label_set.name, empty) for r in records}
    if not records:
        return SetResolution("unlabeled", as_json(empty), 0)
    if len(values) > 1:
        return SetResolution("conflict", as_json(empty), n)
    return SetResolution("single" if n == 1 else "agreed", as_json(values.pop()), n)


def _resolve_spans(
    records: Sequence[Record], gold: Gold | None, span_sets: Sequence[SpanSetInfo]
) -> tuple[list[SpanKey], dict[SpanKey, SpanLink]]:
    groups = list(span_sets) or [SpanSetInfo(ALL_SPANS, frozenset())]
    settled = gold.spans if gold is not None else {}
    spans: set[SpanKey] = set()
    links: dict[SpanKey, SpanLink] = {}
    for group in groups:
        if group.name in settled or ALL_SPANS in settled:
            assert gold is not None
            chosen = settled.get(group.name, settled.get(ALL_SPANS, frozenset()))
            kept = {k for k in chosen if group.name == ALL_SPANS or k[2] in group.labels}
            spans |= kept
            links.update({k: gold.links[k] for k in kept if k in gold.links})
            continue
        if not records:
            continue
        mine = [
            frozenset(k for k in r.spans if group.name == ALL_SPANS or k[2] in group.labels)
            for r in records
        ]
        # Only spans every annotator marked are part of a resolution of several annotators.
        common = frozenset.intersection(*mine)
        spans |= common
        for key in common:
            link = agreed_link([r.links.get(key, NO_LINK) for r in records])
            if not link.empty:
                links[key] = link
    return sorted(spans), links


def resolve(
    sets: Sequence[LabelSetInfo],
    records: Sequence[Record],
    gold: Gold | None = None,
    span_sets: Sequence[SpanSetInfo] = (),
) -> Resolution:
    """The passage's overall status, resolved labels per choice set and resolved spans."""
    choice_sets = [s for s in sets if s.kind in ("single", "multi")]
    per_set = {s.name: resolve_set(s, records, gold) for s in choice_sets}
    statuses = {r.status for r in per_set.values()}
    settled = gold is not None and bool(gold.labels or gold.spans)
    if settled:
        status = "gold"
    elif not records:
        status = "unlabeled"
    elif "conflict" in statuses:
        status = "conflict"
    else:
        status = "single" if len(records) == 1 else "agreed"
    labels = {name: r.value for name, r in per_set.items()}
    spans, links = _resolve_spans(records, gold, span_sets)
    return Resolution(status, labels, spans, per_set, links)
