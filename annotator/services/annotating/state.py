"""Read an editor's current labels, spans and note in the API's shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Annotation, GoldSpan, Label, LabelSet, Note, Span
from annotator.services.annotating.vocabulary import LabelInfo, LabelSetInfo, Vocabulary
from annotator.services.holder_links import SpanLink
from annotator.services.progress import others_counts
from annotator.services.visibility import Viewer, others_visible_among

State = dict[str, Any]


def annotation_state(
    annotation: Annotation | None, label_set: LabelSet | LabelSetInfo
) -> State | None:
    """`{"values"|"spans": ..., "version": n}` for a stored annotation, None when there is none."""
    if annotation is None:
        return None
    labels: dict[int, Label | LabelInfo] = {label.id: label for label in label_set.labels}
    if label_set.kind == "span":
        return {"spans": span_objects(annotation.spans, labels), "version": annotation.version}
    chosen = sorted((labels[v.label_id] for v in annotation.values), key=lambda lb: lb.position)
    return {"values": [label.name for label in chosen], "version": annotation.version}


def span_link(span: Span | GoldSpan, by_id: Mapping[int, Span | GoldSpan]) -> SpanLink:
    """A stored span's holder stance and evidence link (offsets of its holder span)."""
    holder = by_id.get(span.holder_span_id) if span.holder_span_id is not None else None
    stance = span.stance_label.name if span.stance_label is not None else None
    return SpanLink(stance, (holder.start, holder.end) if holder is not None else None)


def span_objects(
    spans: Sequence[Span], labels: Mapping[int, Label | LabelInfo]
) -> list[dict[str, Any]]:
    """Stored spans as the API gives them, by offsets then label order."""
    by_id: dict[int, Span | GoldSpan] = {s.id: s for s in spans}
    ordered = sorted(
        spans, key=lambda s: (s.start, s.end, labels[s.label_id].position, labels[s.label_id].name)
    )
    return [
        {
            "start": s.start,
            "end": s.end,
            "label": labels[s.label_id].name,
            **span_link(s, by_id).as_json(),
        }
        for s in ordered
    ]


def note_state(note: Note | None) -> State | None:
    """`{"text", "version"}` for a stored note, None when there is none."""
    return None if note is None else {"text": note.text, "version": note.version}


def passage_states(
    session: Session, passage_ids: list[int], viewer: Viewer, vocabulary: Vocabulary
) -> dict[int, State]:
    """For each passage: the viewer's state per label set, their note, and the others' count.

    The count is None where the visibility rule hides the team's work (blind mode, before
    the viewer has tagged the passage).
    """
    user_id = viewer.user_id
    sets = vocabulary.passage_sets()
    by_id = {s.id: s for s in sets}
    mine: dict[int, dict[str, State | None]] = {
        pid: {s.name: None for s in sets} for pid in passage_ids
    }
    notes: dict[int, State | None] = dict.fromkeys(passage_ids)
    if passage_ids:
        annotations = session.scalars(
            select(Annotation).where(
                Annotation.passage_id.in_(passage_ids),
                Annotation.user_id == user_id,
                Annotation.label_set_id.in_(list(by_id)),
            )
        )
        for a in annotations:
            label_set = by_id[a.label_set_id]
            mine[a.passage_id][label_set.name] = annotation_state(a, label_set)
        for note in session.scalars(
            select(Note).where(Note.passage_id.in_(passage_ids), Note.user_id == user_id)
        ):
            notes[note.passage_id] = note_state(note)
    others = others_counts(session, passage_ids, user_id)
    shown = others_visible_among(session, viewer, passage_ids)
    return {
        pid: {
            "mine": mine[pid],
            "note": notes[pid],
            "others": others.get(pid, 0) if pid in shown else None,
        }
        for pid in passage_ids
    }
