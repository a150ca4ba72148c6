"""Resolve a passage's annotations into one status and one set of labels (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SpanKey = tuple[int, int, str]  # (start, end, label) relative to the passage text
Value = str | None | frozenset[str]  # single choice: str or None; multiple: frozenset

STATUSES = ("unlabeled", "single", "agreed", "conflict", "gold")


@dataclass(frozen=True)
class LabelSetInfo:
    name: str
    kind: str  # "single" | "multi" ("span" sets are resolved through spans)


@dataclass(frozen=True)
class Record:
    """One annotator's (or the gold decision's) labels on one passage."""

    who: str
    labels: Mapping[str, Value] = field(default_factory=dict)
    spans: frozenset[SpanKey] = frozenset()


@dataclass(frozen=True)
class Resolution:
    status: str
    labels: dict[str, str | None | list[str]]
    spans: list[SpanKey]


def empty_value(kind: str) -> Value:
    """What 'nothing chosen' is for a set kind."""
    return frozenset() if kind == "multi" else None


def _as_json(value: Value) -> str | None | list[str]:
    return sorted(value) if isinstance(value, frozenset) else value


def resolve(
    sets: Sequence[LabelSetInfo], records: Sequence[Record], gold: Record | None = None
) -> Resolution:
    """Gold wins; otherwise one annotator is 'single', unanimous is 'agreed', else 'conflict'."""
    choice_sets = [s for s in sets if s.kind in ("single", "multi")]

    def value(record: Record, s: LabelSetInfo) -> Value:
        return record.labels.get(s.name, empty_value(s.kind))

    if gold is not None:
        labels = {s.name: _as_json(value(gold, s)) for s in choice_sets}
        return Resolution("gold", labels, sorted(gold.spans))
    if not records:
        return Resolution(
            "unlabeled", {s.name: _as_json(empty_value(s.kind)) for s in choice_sets}, []
        )
    if len(records) == 1:
        only = records[0]
        return Resolution(
            "single", {s.name: _as_json(value(only, s)) for s in choice_sets}, sorted(only.spans)
        )
    agreed = all(len({value(r, s) for r in records}) == 1 for s in choice_sets)
    if not agreed:
        return Resolution(
            "conflict", {s.name: _as_json(empty_value(s.kind)) for s in choice_sets}, []
        )
    first = records[0]
    # Only spans every annotator marked are part of an agreed resolution.
    common = frozenset.intersection(*(r.spans for r in records))
    return Resolution(
        "agreed", {s.name: _as_json(value(first, s)) for s in choice_sets}, sorted(common)
    )
