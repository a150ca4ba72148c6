"""Load what people labeled on passages and resolve it (for search filters and reviews)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldValue,
    Label,
    LabelSet,
    User,
)
from annotator.services.resolution import (
    Gold,
    LabelSetInfo,
    Record,
    Resolution,
    SpanKey,
    Value,
    resolve,
)

CHUNK = 500


@dataclass(frozen=True)
class PassageLabels:
    """Every annotator's labels on one passage, the gold decision, and their resolution."""

    records: list[Record]
    gold: Record | None
    resolution: Resolution


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _record(
    who: str,
    items: Iterable[tuple[int, list[int], list[tuple[int, int, int]]]],
    labels: dict[int, tuple[str, str]],
    sets: dict[int, LabelSet],
) -> Record:
    """Build a Record from (label_set_id, label ids, spans) of one person on one passage."""
    chosen: dict[str, Value] = {}
    spans: set[SpanKey] = set()
    for set_id, label_ids, span_rows in items:
        label_set = sets[set_id]
        names = sorted(labels[i][1] for i in label_ids if i in labels)
        if label_set.kind == "single":
            chosen[label_set.name] = names[0] if names else None
        elif label_set.kind == "multi":
            chosen[label_set.name] = frozenset(names)
        spans.update((s, e, labels[i][1]) for i, s, e in span_rows if i in labels)
    return Record(who=who, labels=chosen, spans=frozenset(spans))


def load_passage_labels(session: Session, passage_ids: Sequence[int]) -> dict[int, PassageLabels]:
    """Records, gold and resolution for each passage id (passages nobody touched: unlabeled)."""
    sets = {s.id: s for s in session.scalars(select(LabelSet).where(LabelSet.scope == "passage"))}
    infos = [LabelSetInfo(s.name, s.kind) for s in sets.values() if s.kind in ("single", "multi")]
    labels = {
        i: (set_name, name)
        for i, set_name, name in session.execute(
            select(Label.id, LabelSet.name, Label.name).join(LabelSet)
        )
    }
    users = dict(session.execute(select(User.id, User.username)).all())
    people: dict[int, dict[str, list[tuple[int, list[int], list[tuple[int, int, int]]]]]]
    people = defaultdict(lambda: defaultdict(list))
    golds: dict[int, list[tuple[int, list[int], list[tuple[int, int, int]]]]] = defaultdict(list)
    for chunk in _chunks(list(passage_ids)):
        for a in session.scalars(select(Annotation).where(Annotation.passage_id.in_(chunk))):
            if a.label_set_id in sets:
                item = (
                    a.label_set_id,
                    [v.label_id for v in a.values],
                    [(s.label_id, s.start, s.end) for s in a.spans],
                )
                people[a.passage_id][users.get(a.user_id, str(a.user_id))].append(item)
        gold_rows = session.scalars(
            select(GoldAnnotation).where(
                GoldAnnotation.passage_id.in_(chunk), GoldAnnotation.state == "settled"
            )
        )
        for g in gold_rows:
            if g.label_set_id in sets:
                golds[g.passage_id].append(
                    (
                        g.label_set_id,
                        [v.label_id for v in g.values],
                        [(s.label_id, s.start, s.end) for s in g.spans],
                    )
                )
    result: dict[int, PassageLabels] = {}
    for pid in passage_ids:
        records = (
            [_record(who, items, labels, sets) for who, items in sorted(people[pid].items())]
            if pid in people
            else []
        )
        gold = _record("gold", golds[pid], labels, sets) if pid in golds else None
        whole = Gold.whole(gold, infos) if gold is not None else None
        result[pid] = PassageLabels(records, gold, resolve(infos, records, whole))
    return result


def resolutions(session: Session, passage_ids: Sequence[int]) -> dict[int, Resolution]:
    """Each passage's resolution from flat rows (no spans): for comparing many passages' labels."""
    sets = {s.id: s for s in session.scalars(select(LabelSet).where(LabelSet.scope == "passage"))}
    infos = [LabelSetInfo(s.name, s.kind) for s in sets.values() if s.kind in ("single", "multi")]
    labels = {
        i: (set_name, name)
        for i, set_name, name in session.execute(
            select(Label.id, LabelSet.name, Label.name).join(LabelSet)
        )
    }
    users = dict(session.execute(select(User.id, User.username)).all())
    people: dict[int, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    golds: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for chunk in _chunks(list(passage_ids)):
        chosen = session.execute(
            select(Annotation.passage_id, Annotation.user_id, Annotation.label_set_id,
                   AnnotationValue.label_id)
            .outerjoin(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
            .where(Annotation.passage_id.in_(chunk), Annotation.label_set_id.in_(sets))
        )  # fmt: skip
        for pid, uid, set_id, label_id in chosen:
            ids = people[pid][users.get(uid, str(uid))].setdefault(set_id, [])
            if label_id is not None:
                ids.append(label_id)
        settled = session.execute(
            select(GoldAnnotation.passage_id, GoldAnnotation.label_set_id, GoldValue.label_id)
            .outerjoin(GoldValue, GoldValue.gold_id == GoldAnnotation.id)
            .where(
                GoldAnnotation.passage_id.in_(chunk),
                GoldAnnotation.state == "settled",
                GoldAnnotation.label_set_id.in_(sets),
            )
        )
        for pid, set_id, label_id in settled:
            ids = golds[pid].setdefault(set_id, [])
            if label_id is not None:
                ids.append(label_id)
    result: dict[int, Resolution] = {}
    for pid in passage_ids:
        records = [
            _record(who, [(s, ids, []) for s, ids in by_set.items()], labels, sets)
            for who, by_set in sorted(people[pid].items())
        ] if pid in people else []  # fmt: skip
        gold = (
            _record("gold", [(s, ids, []) for s, ids in golds[pid].items()], labels, sets)
            if pid in golds
            else None
        )
        result[pid] = resolve(infos, records, Gold.whole(gold, infos) if gold else None)
    return result


def resolved_has(resolution: Resolution, label_set: str, label: str) -> bool:
    """Whether the resolved labels (or resolved spans) include this label."""
    value = resolution.labels.get(label_set)
    if isinstance(value, list):
        return label in value
    if value is not None:
        return value == label
    return any(span_label == label for _, _, span_label in resolution.spans)
