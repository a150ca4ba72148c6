"""Plan the rows a line adds and refuse ones that contradict stored work; the label writer
(`annotating.restore`) adds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    GoldAnnotation,
    Note,
)
from annotator.services.annotating.restore import (
    IdLink,
    IdSpan,
    add_annotation,
    add_gold,
    add_note,
    lock_for_restore,
    restored,
)
from annotator.services.annotating.state import span_link
from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.annotation_import.lookup import Lookup
from annotator.services.holder_links import HOLDER_LABEL, STANCE_SET, SpanLink

SpanKey = tuple[int, int, str]  # (start, end, label name)
Links = frozenset[tuple[SpanKey, SpanLink]]  # spans with a holder stance or evidence link


@dataclass(frozen=True)
class AnnotationWrite:
    user: str
    user_id: int | None  # None: a user the import creates
    set_name: str
    values: frozenset[str] = frozenset()
    spans: frozenset[SpanKey] = frozenset()
    links: Links = frozenset()
    codebook_version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class NoteWrite:
    user: str
    user_id: int | None
    text: str
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class GoldWrite:
    set_name: str
    reviewer_id: int | None  # None: a user the import creates
    values: frozenset[str] = frozenset()
    spans: frozenset[SpanKey] = frozenset()
    links: Links = frozenset()
    reviewer: str = ""
    reason: str = "imported"
    settled_at: datetime | None = None


@dataclass
class Plan:
    """What one line adds to one passage."""

    passage_id: int
    annotations: list[AnnotationWrite] = field(default_factory=list)
    notes: list[NoteWrite] = field(default_factory=list)
    gold: list[GoldWrite] = field(default_factory=list)


def _stored(
    lookup: Lookup, row: Annotation | GoldAnnotation
) -> tuple[frozenset[str], frozenset[SpanKey], Links]:
    names = lookup.label_names
    by_id = {s.id: s for s in row.spans}
    links = []
    for s in row.spans:
        link = span_link(s, by_id)
        if not link.empty:
            links.append(((s.start, s.end, names[s.label_id]), link))
    return (
        frozenset(names[v.label_id] for v in row.values),
        frozenset((s.start, s.end, names[s.label_id]) for s in row.spans),
        frozenset(links),
    )


def _state(values: frozenset[str], spans: frozenset[SpanKey], links: Links) -> dict[str, Any]:
    state: dict[str, Any] = {"values": sorted(values), "spans": [list(s) for s in sorted(spans)]}
    if links:
        state["links"] = [[list(key), link.as_json()] for key, link in sorted(links)]
    return state


def drop_unchanged(session: Session, lookup: Lookup, plan: Plan) -> None:
    """Remove writes already stored as they are; refuse writes that differ from stored work."""
    # The label writer's lock: what is compared here cannot change before apply_plan writes.
    lock_for_restore(session, plan.passage_id)
    kept_annotations = []
    for w in plan.annotations:
        set_id = lookup.set_ids[w.set_name]
        stored = (
            None
            if w.user_id is None
            else session.scalar(
                select(Annotation).where(
                    Annotation.passage_id == plan.passage_id,
                    Annotation.user_id == w.user_id,
                    Annotation.label_set_id == set_id,
                )
            )
        )
        if stored is None:
            kept_annotations.append(w)
        elif _stored(lookup, stored) != (w.values, w.spans, w.links):
            raise LineInvalid(f"{w.user} already has different {w.set_name} labels here")
    plan.annotations = kept_annotations
    kept_notes = []
    for n in plan.notes:
        note = (
            None
            if n.user_id is None
            else session.scalar(
                select(Note).where(Note.passage_id == plan.passage_id, Note.user_id == n.user_id)
            )
        )
        if note is None:
            kept_notes.append(n)
        elif note.text != n.text:
            raise LineInvalid(f"{n.user} already has a different note here")
    plan.notes = kept_notes
    kept_gold = []
    for g in plan.gold:
        decision = session.scalar(
            select(GoldAnnotation).where(
                GoldAnnotation.passage_id == plan.passage_id,
                GoldAnnotation.label_set_id == lookup.set_ids[g.set_name],
            )
        )
        if decision is None:
            kept_gold.append(g)
        elif decision.state != "settled" or _stored(lookup, decision) != (
            g.values,
            g.spans,
            g.links,
        ):
            raise LineInvalid(f"the passage already has a different gold decision on {g.set_name}")
    plan.gold = kept_gold


def apply_plan(session: Session, lookup: Lookup, plan: Plan, actor_id: int | None) -> int:
    """Add the planned rows with one event each; return how many rows were added."""
    pid = plan.passage_id
    for w in plan.annotations:
        add_annotation(
            session,
            pid,
            lookup.user_id(w.user, w.user_id),
            lookup.set_ids[w.set_name],
            [lookup.label_id(w.set_name, v) for v in w.values],
            [(s, e, lookup.label_id(w.set_name, label)) for s, e, label in w.spans],
            _id_links(lookup, w.set_name, w.links),
            codebook_version=w.codebook_version,
            created_at=w.created_at,
            updated_at=w.updated_at,
            actor_id=actor_id,
            logged={"user": w.user, "label_set": w.set_name, **_state(w.values, w.spans, w.links)},
        )
    for n in plan.notes:
        add_note(
            session,
            pid,
            lookup.user_id(n.user, n.user_id),
            n.text,
            created_at=n.created_at,
            updated_at=n.updated_at,
            actor_id=actor_id,
            logged={"user": n.user, "text": n.text},
        )
    for g in plan.gold:
        add_gold(
            session,
            pid,
            lookup.set_ids[g.set_name],
            lookup.user_id(g.reviewer, g.reviewer_id),
            [lookup.label_id(g.set_name, v) for v in g.values],
            [(s, e, lookup.label_id(g.set_name, label)) for s, e, label in g.spans],
            _id_links(lookup, g.set_name, g.links),
            reason=g.reason,
            settled_at=g.settled_at,
            actor_id=actor_id,
            logged={"label_set": g.set_name, **_state(g.values, g.spans, g.links)},
        )
    if plan.annotations or plan.gold:
        restored(session, pid)
    return len(plan.annotations) + len(plan.notes) + len(plan.gold)


def _id_links(lookup: Lookup, set_name: str, links: Links) -> dict[IdSpan, IdLink]:
    """Links with label ids: span -> (stance label id, the holder span)."""
    holder_id = lookup.label_id(set_name, HOLDER_LABEL) if links else 0
    return {
        (s, e, lookup.label_id(set_name, label)): (
            None if link.stance is None else lookup.label_id(STANCE_SET, link.stance),
            None if link.holder is None else (*link.holder, holder_id),
        )
        for (s, e, label), link in links
    }
