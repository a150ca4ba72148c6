"""The maintained per-passage label state: recomputed from the raw rows by the writer.

Every label write (see `annotating.locking`) ends by calling `refresh_passage_states` for
the passages it touched, in the same transaction, so the state tables always say what a
recomputation from annotations and gold would say. Lists and filters (review list, articles
list, search by status or resolved label) read these rows instead of resolving every passage
per request. `state_drift` recomputes and compares, for `annotator check` and the tests.

The rule for who counts is the export's: an editor annotated a passage once they chose a
label in one of its active choice sets or marked a span in one of its active span sets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, union
from sqlalchemy.orm import Session, aliased

from annotator.models import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Label,
    LabelSet,
    Passage,
    PassageResolvedLabel,
    PassageResolvedSpan,
    PassageSetState,
    PassageState,
    Span,
)
from annotator.services.holder_links import SpanLink
from annotator.services.resolution import (
    Gold,
    LabelSetInfo,
    Record,
    SpanKey,
    SpanSetInfo,
    Value,
    resolve,
)

CHUNK = 500  # passage ids per IN (...) list
ResolvedLink = tuple[int, int, int, int | None, int | None, int | None]


@dataclass(frozen=True)
class ComputedState:
    """What the state tables hold for one passage."""

    article_id: int
    status: str
    gold: str  # none | settled | reopened
    editors: int
    sets: tuple[tuple[int, str, int], ...]  # (label set id, status, annotators), by set id
    resolved: frozenset[int]  # label ids
    spans: frozenset[tuple[int, int, int]] = frozenset()  # (label id, start, end)
    # Resolved spans with a holder stance or evidence link:
    # (label id, start, end, stance label id, holder start, holder end).
    links: frozenset[ResolvedLink] = frozenset()


@dataclass
class _Raw:
    """One passage's raw rows while they stream in (labels by id, as strings)."""

    article_id: int
    editors: dict[int, dict[int, set[int]]] = field(default_factory=dict)  # user->set->labels
    spans: dict[int, set[tuple[int, int, str]]] = field(default_factory=dict)  # user->spans
    links: dict[int, dict[SpanKey, SpanLink]] = field(default_factory=dict)  # user->links
    gold_states: set[str] = field(default_factory=set)
    gold_values: dict[int, set[int]] = field(default_factory=dict)  # settled set -> labels
    gold_spans: dict[int, set[tuple[int, int, str]]] = field(default_factory=dict)
    gold_links: dict[SpanKey, SpanLink] = field(default_factory=dict)


@dataclass(frozen=True)
class _Schema:
    choice: dict[int, str]  # active passage choice set id -> kind
    span_sets: dict[int, frozenset[str]]  # active passage span set id -> its label ids


def _schema(session: Session) -> _Schema:
    rows = session.execute(
        select(LabelSet.id, LabelSet.kind, Label.id)
        .outerjoin(Label, Label.label_set_id == LabelSet.id)
        .where(LabelSet.retired_at.is_(None), LabelSet.scope == "passage")
    ).all()
    kinds = {sid: kind for sid, kind, _ in rows}
    labels: dict[int, set[str]] = defaultdict(set)
    for sid, kind, label_id in rows:
        if kind == "span" and label_id is not None:
            labels[sid].add(str(label_id))
    return _Schema(
        choice={sid: kind for sid, kind in kinds.items() if kind in ("single", "multi")},
        span_sets={sid: frozenset(labels[sid]) for sid, kind in kinds.items() if kind == "span"},
    )


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _read_raw(session: Session, schema: _Schema, ids: Sequence[int]) -> dict[int, _Raw]:
    raw = {
        pid: _Raw(aid)
        for pid, aid in session.execute(
            select(Passage.id, Passage.article_id).where(Passage.id.in_(ids))
        )
    }
    active = [*schema.choice, *schema.span_sets]
    for pid, uid, set_id, label_id in session.execute(
        select(
            Annotation.passage_id,
            Annotation.user_id,
            Annotation.label_set_id,
            AnnotationValue.label_id,
        )
        .join(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
        .where(Annotation.passage_id.in_(ids), Annotation.label_set_id.in_(list(schema.choice)))
    ):
        raw[pid].editors.setdefault(uid, {}).setdefault(set_id, set()).add(label_id)
    holder = aliased(Span)
    for pid, uid, label_id, start, end, stance, h_start, h_end in session.execute(
        select(
            Annotation.passage_id,
            Annotation.user_id,
            Span.label_id,
            Span.start,
            Span.end,
            Span.stance_label_id,
            holder.start,
            holder.end,
        )
        .join(Span, Span.annotation_id == Annotation.id)
        .outerjoin(holder, holder.id == Span.holder_span_id)
        .where(Annotation.passage_id.in_(ids), Annotation.label_set_id.in_(active))
    ):
        key = (start, end, str(label_id))
        raw[pid].spans.setdefault(uid, set()).add(key)
        raw[pid].editors.setdefault(uid, {})
        link = _link(stance, h_start, h_end)
        if not link.empty:
            raw[pid].links.setdefault(uid, {})[key] = link
    for pid, set_id, state in session.execute(
        select(GoldAnnotation.passage_id, GoldAnnotation.label_set_id, GoldAnnotation.state).where(
            GoldAnnotation.passage_id.in_(ids), GoldAnnotation.label_set_id.in_(active)
        )
    ):
        raw[pid].gold_states.add(state)
        if state == "settled":
            if set_id in schema.choice:
                raw[pid].gold_values.setdefault(set_id, set())
            else:
                raw[pid].gold_spans.setdefault(set_id, set())
    for pid, set_id, label_id in session.execute(
        select(GoldAnnotation.passage_id, GoldAnnotation.label_set_id, GoldValue.label_id)
        .join(GoldValue, GoldValue.gold_id == GoldAnnotation.id)
        .where(GoldAnnotation.passage_id.in_(ids), GoldAnnotation.state == "settled")
    ):
        if set_id in raw[pid].gold_values:
            raw[pid].gold_values[set_id].add(label_id)
    gold_holder = aliased(GoldSpan)
    for pid, set_id, label_id, start, end, stance, h_start, h_end in session.execute(
        select(
            GoldAnnotation.passage_id,
            GoldAnnotation.label_set_id,
            GoldSpan.label_id,
            GoldSpan.start,
            GoldSpan.end,
            GoldSpan.stance_label_id,
            gold_holder.start,
            gold_holder.end,
        )
        .join(GoldSpan, GoldSpan.gold_id == GoldAnnotation.id)
        .outerjoin(gold_holder, gold_holder.id == GoldSpan.holder_span_id)
        .where(GoldAnnotation.passage_id.in_(ids), GoldAnnotation.state == "settled")
    ):
        if set_id in raw[pid].gold_spans:
            key = (start, end, str(label_id))
            raw[pid].gold_spans[set_id].add(key)
            link = _link(stance, h_start, h_end)
            if not link.empty:
                raw[pid].gold_links[key] = link
    return raw


def _link(stance: int | None, start: int | None, end: int | None) -> SpanLink:
    """A stored link with label ids as strings, like the rest of the raw rows."""
    holder = (start, end) if start is not None and end is not None else None
    return SpanLink(None if stance is None else str(stance), holder)


def _value(kind: str, chosen: set[int] | None) -> Value:
    names = {str(i) for i in chosen or ()}
    if kind == "multi":
        return frozenset(names)
    # A single-choice set holds one label; min() keeps a damaged row deterministic.
    return min(names) if names else None


def _compute(schema: _Schema, raw: _Raw) -> ComputedState | None:
    sets = [LabelSetInfo(str(sid), kind) for sid, kind in sorted(schema.choice.items())]
    span_sets = [SpanSetInfo(str(sid), labels) for sid, labels in schema.span_sets.items()]
    records = [
        Record(
            str(uid),
            {s.name: _value(s.kind, chosen.get(int(s.name))) for s in sets},
            frozenset(raw.spans.get(uid, ())),
            raw.links.get(uid, {}),
        )
        for uid, chosen in sorted(raw.editors.items())
        if raw.spans.get(uid) or any(chosen.values())
    ]
    if not records and not raw.gold_states:
        return None
    gold_state = (
        "none"
        if not raw.gold_states
        else "reopened"
        if "reopened" in raw.gold_states
        else "settled"
    )
    gold = None
    if gold_state == "settled":
        gold = Gold(
            {str(sid): _value(schema.choice[sid], ids) for sid, ids in raw.gold_values.items()},
            {str(sid): frozenset(spans) for sid, spans in raw.gold_spans.items()},
            raw.gold_links,
        )
    resolution = resolve(sets, records, gold, span_sets)
    resolved: set[int] = {int(label) for _, _, label in resolution.spans}
    for value in resolution.labels.values():
        if isinstance(value, str):
            resolved.add(int(value))
        elif isinstance(value, list):
            resolved.update(int(v) for v in value)
    return ComputedState(
        article_id=raw.article_id,
        status=resolution.status,
        gold=gold_state,
        editors=len(records),
        sets=tuple(
            (int(name), r.status, r.annotators)
            for name, r in sorted(resolution.sets.items(), key=lambda item: int(item[0]))
        ),
        resolved=frozenset(resolved),
        spans=frozenset((int(label), start, end) for start, end, label in resolution.spans),
        links=frozenset(
            (
                int(label),
                start,
                end,
                None if link.stance is None else int(link.stance),
                *(link.holder or (None, None)),
            )
            for (start, end, label), link in resolution.links.items()
        ),
    )


def compute_states(session: Session, passage_ids: Iterable[int]) -> dict[int, ComputedState]:
    """What the state tables should hold for these passages (absent: unlabeled, no rows)."""
    schema = _schema(session)
    out: dict[int, ComputedState] = {}
    for chunk in _chunks(sorted(set(passage_ids))):
        for pid, raw in _read_raw(session, schema, chunk).items():
            computed = _compute(schema, raw)
            if computed is not None:
                out[pid] = computed
    return out


def refresh_passage_states(session: Session, passage_ids: Iterable[int]) -> None:
    """Recompute and store the state of these passages (the writer calls this last)."""
    ids = sorted(set(passage_ids))
    if not ids:
        return
    session.flush()
    computed = compute_states(session, ids)
    conn = session.connection()
    for chunk in _chunks(ids):
        # The set states and resolved labels and spans go with it (ON DELETE CASCADE).
        conn.execute(delete(PassageState).where(PassageState.passage_id.in_(chunk)))
    if not computed:
        return
    conn.execute(
        insert(PassageState),
        [
            {
                "passage_id": pid,
                "article_id": c.article_id,
                "status": c.status,
                "gold": c.gold,
                "editors": c.editors,
            }
            for pid, c in computed.items()
        ],
    )
    set_rows = [
        {"passage_id": pid, "label_set_id": sid, "status": status, "annotators": n}
        for pid, c in computed.items()
        for sid, status, n in c.sets
    ]
    if set_rows:
        conn.execute(insert(PassageSetState), set_rows)
    label_rows = [
        {"passage_id": pid, "label_id": lid} for pid, c in computed.items() for lid in c.resolved
    ]
    if label_rows:
        conn.execute(insert(PassageResolvedLabel), label_rows)
    span_rows = [
        {
            "passage_id": pid,
            "label_id": lid,
            "start": start,
            "end": end,
            "stance_label_id": None,
            "holder_start": None,
            "holder_end": None,
        }
        for pid, c in computed.items()
        for lid, start, end in c.spans
    ]
    linked: dict[tuple[Any, ...], tuple[int | None, ...]] = {
        (pid, *link[:3]): link[3:] for pid, c in computed.items() for link in c.links
    }
    for row in span_rows:
        found = linked.get((row["passage_id"], row["label_id"], row["start"], row["end"]))
        if found is not None:
            row["stance_label_id"], row["holder_start"], row["holder_end"] = found
    if span_rows:
        conn.execute(insert(PassageResolvedSpan), span_rows)


def labelled_passage_ids(session: Session) -> list[int]:
    """Every passage with annotations, gold or a stored state."""
    query = union(
        select(Annotation.passage_id),
        select(GoldAnnotation.passage_id),
        select(PassageState.passage_id),
    )
    return sorted(session.scalars(query))


def refresh_all_passage_states(session: Session) -> int:
    """Recompute every labelled passage's state (after a schema change); returns how many."""
    ids = labelled_passage_ids(session)
    for chunk in _chunks(ids):
        refresh_passage_states(session, chunk)
    return len(ids)


def stored_states(session: Session, passage_ids: Sequence[int]) -> dict[int, ComputedState]:
    """What the state tables hold for these passages."""
    out: dict[int, ComputedState] = {}
    for chunk in _chunks(sorted(set(passage_ids))):
        sets: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        for pid, set_id, status, annotators in session.execute(
            select(
                PassageSetState.passage_id,
                PassageSetState.label_set_id,
                PassageSetState.status,
                PassageSetState.annotators,
            ).where(PassageSetState.passage_id.in_(chunk))
        ):
            sets[pid].append((set_id, status, annotators))
        labels: dict[int, set[int]] = defaultdict(set)
        for pid, lid in session.execute(
            select(PassageResolvedLabel.passage_id, PassageResolvedLabel.label_id).where(
                PassageResolvedLabel.passage_id.in_(chunk)
            )
        ):
            labels[pid].add(lid)
        spans: dict[int, set[tuple[int, int, int]]] = defaultdict(set)
        links: dict[int, set[ResolvedLink]] = defaultdict(set)
        r = PassageResolvedSpan
        for pid, lid, start, end, stance, h_start, h_end in session.execute(
            select(
                r.passage_id,
                r.label_id,
                r.start,
                r.end,
                r.stance_label_id,
                r.holder_start,
                r.holder_end,
            ).where(r.passage_id.in_(chunk))
        ):
            spans[pid].add((lid, start, end))
            if stance is not None or h_start is not None:
                links[pid].add((lid, start, end, stance, h_start, h_end))
        for state in session.scalars(
            select(PassageState).where(PassageState.passage_id.in_(chunk))
        ):
            pid = state.passage_id
            out[pid] = ComputedState(
                article_id=state.article_id,
                status=state.status,
                gold=state.gold,
                editors=state.editors,
                sets=tuple(sorted(sets[pid])),
                resolved=frozenset(labels[pid]),
                spans=frozenset(spans[pid]),
                links=frozenset(links[pid]),
            )
    return out


@dataclass(frozen=True)
class Drift:
    """A passage whose stored state differs from a recomputation."""

    passage_id: int
    stored: ComputedState | None
    computed: ComputedState | None


def state_drift(session: Session) -> list[Drift]:
    """Every passage whose maintained state is not what its raw rows resolve to."""
    drift: list[Drift] = []
    ids = labelled_passage_ids(session)
    for chunk in _chunks(ids):
        computed = compute_states(session, chunk)
        stored = stored_states(session, chunk)
        for pid in chunk:
            if computed.get(pid) != stored.get(pid):
                drift.append(Drift(pid, stored.get(pid), computed.get(pid)))
    return drift
