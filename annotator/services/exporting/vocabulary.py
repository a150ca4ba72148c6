"""The label schema as the export sees it: active passage-scope sets and every label's name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Label, LabelSet
from annotator.services.resolution import LabelSetInfo, SpanSetInfo


@dataclass(frozen=True)
class ExportVocabulary:
    """Active passage-scope label sets, in schema order, and label ids resolved to names."""

    choice_sets: tuple[LabelSetInfo, ...]
    span_sets: tuple[SpanSetInfo, ...]
    set_names: dict[int, str]  # active passage-scope set id -> name
    label_names: dict[int, str]  # every label id (retired ones too) -> name
    active_labels: dict[str, frozenset[str]]  # set name -> names of its active labels

    def span_set_of(self, label: str) -> str | None:
        """The span set a span label belongs to (the first, if names repeat across sets)."""
        for span_set in self.span_sets:
            if label in span_set.labels:
                return span_set.name
        return None


def load_vocabulary(session: Session) -> ExportVocabulary:
    """Read the active schema once per export."""
    sets = session.scalars(
        select(LabelSet)
        .where(LabelSet.retired_at.is_(None), LabelSet.scope == "passage")
        .order_by(LabelSet.position, LabelSet.id)
    ).all()
    labels = session.execute(
        select(Label.id, Label.name, Label.label_set_id, Label.retired_at).order_by(Label.position)
    ).all()
    active: dict[int, list[str]] = {}
    for label in labels:
        if label.retired_at is None:
            active.setdefault(label.label_set_id, []).append(label.name)
    return ExportVocabulary(
        choice_sets=tuple(LabelSetInfo(s.name, s.kind) for s in sets if s.kind != "span"),
        span_sets=tuple(
            SpanSetInfo(s.name, frozenset(active.get(s.id, []))) for s in sets if s.kind == "span"
        ),
        set_names={s.id: s.name for s in sets},
        label_names={label.id: label.name for label in labels},
        active_labels={s.name: frozenset(active.get(s.id, [])) for s in sets},
    )
