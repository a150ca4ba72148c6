"""Every editor's labels, spans and notes on passages, loaded in bulk as plain records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session, aliased

from annotator.models import Annotation, AnnotationValue, Label, LabelSet, Note, Span, User
from annotator.services.holder_links import NO_LINK, SpanLink
from annotator.services.progress import STANCE_SET, stance_tagged
from annotator.services.resolution import LabelSetInfo, Record

SpanKey = tuple[int, int, str]
CHUNK = 500  # ids per IN (...) list: far below SQLite's variable limit
# One rule everywhere, the tagging screen's: an editor has tagged a passage once they chose
# its stance. Labels in other sets, spans or a note alone are work in progress.
TAGGED_SET = STANCE_SET


def tagged_pairs() -> Select[int, int]:
    """(passage_id, user_id) for every editor who has tagged a passage."""
    return stance_tagged()


# Aliased tables, so the test can sit inside a query over annotations or label sets without
# being correlated to that query's rows. Built once: a fresh alias per call made SQLAlchemy
# adapt every column again (about 40 % of the article page's viewer state), and the test's
# subqueries never nest one another, so one set of aliases serves every call.
_MINE, _CHOSEN, _STANCE = aliased(Annotation), aliased(AnnotationValue), aliased(LabelSet)
_STANCE_ID = select(_STANCE.id).where(_STANCE.name == TAGGED_SET).scalar_subquery()


def tagged_by(user_id: Any, passage_id: Any) -> ColumnElement[bool]:
    """Whether the user has tagged the passage (both may be SQL expressions)."""
    return exists().where(
        _MINE.user_id == user_id,
        _MINE.passage_id == passage_id,
        _MINE.label_set_id == _STANCE_ID,
        exists().where(_CHOSEN.annotation_id == _MINE.id),
    )


@dataclass
class EditorRecord:
    """One editor's work on one passage."""

    user_id: int
    username: str
    display_name: str
    labels: dict[str, frozenset[str]] = field(default_factory=dict)  # set -> chosen labels
    spans: set[SpanKey] = field(default_factory=set)
    links: dict[SpanKey, SpanLink] = field(default_factory=dict)  # holder stances, evidence links
    note: str | None = None
    updated_at: datetime | None = None

    @property
    def has_labels(self) -> bool:
        """Whether the editor counts as an annotator: a label chosen or a span marked."""
        return bool(self.spans) or any(self.labels.values())

    @property
    def tagged(self) -> bool:
        """Whether the editor has tagged the passage (chosen its stance)."""
        return bool(self.labels.get(TAGGED_SET))

    def value(self, label_set: LabelSetInfo) -> str | None | frozenset[str]:
        """The value for a choice set: a label name or None (single), a set (multi)."""
        chosen = self.labels.get(label_set.name, frozenset())
        if label_set.kind == "multi":
            return chosen
        return next(iter(sorted(chosen)), None)

    def as_record(self, sets: Sequence[LabelSetInfo]) -> Record:
        """The record the resolution service compares."""
        return Record(
            who=self.username,
            labels={s.name: self.value(s) for s in sets},
            spans=frozenset(self.spans),
            links=self.links,
        )

    def as_json(self, sets: Sequence[LabelSetInfo]) -> dict[str, Any]:
        """JSON-ready: labels per choice set as lists, spans sorted, the note."""
        return {
            "user": self.username,
            "display_name": self.display_name,
            "labels": {s.name: sorted(self.labels.get(s.name, frozenset())) for s in sets},
            "spans": [
                {"start": a, "end": b, "label": c, **self.links.get((a, b, c), NO_LINK).as_json()}
                for a, b, c in sorted(self.spans)
            ],
            "note": self.note,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def choice_sets(session: Session) -> list[LabelSetInfo]:
    """The active passage-scope single- and multi-choice label sets, in schema order."""
    rows = session.execute(
        select(LabelSet.name, LabelSet.kind)
        .where(
            LabelSet.retired_at.is_(None),
            LabelSet.scope == "passage",
            LabelSet.kind.in_(("single", "multi")),
        )
        .order_by(LabelSet.position, LabelSet.id)
    )
    return [LabelSetInfo(name, kind) for name, kind in rows]


def id_chunks(ids: Sequence[int] | Select[Any]) -> Iterator[Sequence[int] | Select[Any]]:
    """Ids in IN (...) lists of at most CHUNK; a subquery passes through whole."""
    if isinstance(ids, Select):
        yield ids
        return
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def load_records(
    session: Session, passage_ids: Sequence[int] | Select[Any]
) -> dict[int, dict[int, EditorRecord]]:
    """passage id -> user id -> the editor's record, for the given passages."""
    out: dict[int, dict[int, EditorRecord]] = {}
    people: dict[int, tuple[str, str]] = {}

    def record(passage_id: int, user_id: int) -> EditorRecord:
        per_passage = out.setdefault(passage_id, {})
        if user_id not in per_passage:
            name, shown = people[user_id]
            per_passage[user_id] = EditorRecord(user_id, name, shown or name)
        return per_passage[user_id]

    for chunk in id_chunks(passage_ids):
        values = session.execute(
            select(
                Annotation.passage_id,
                Annotation.user_id,
                LabelSet.name,
                Label.name,
                Annotation.updated_at,
                User.username,
                User.display_name,
            )
            .join(LabelSet, LabelSet.id == Annotation.label_set_id)
            .join(User, User.id == Annotation.user_id)
            .outerjoin(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
            .outerjoin(Label, Label.id == AnnotationValue.label_id)
            .where(Annotation.passage_id.in_(chunk))
        )
        for passage_id, user_id, set_name, label, updated, username, shown in values:
            people[user_id] = (username, shown)
            rec = record(passage_id, user_id)
            current = rec.labels.get(set_name, frozenset())
            rec.labels[set_name] = current | {label} if label is not None else current
            if rec.updated_at is None or updated > rec.updated_at:
                rec.updated_at = updated
        holder, stance = aliased(Span), aliased(Label)
        spans = session.execute(
            select(
                Annotation.passage_id,
                Annotation.user_id,
                Span.start,
                Span.end,
                Label.name,
                stance.name,
                holder.start,
                holder.end,
            )
            .join(Span, Span.annotation_id == Annotation.id)
            .join(Label, Label.id == Span.label_id)
            .outerjoin(stance, stance.id == Span.stance_label_id)
            .outerjoin(holder, holder.id == Span.holder_span_id)
            .where(Annotation.passage_id.in_(chunk))
        )
        for passage_id, user_id, start, end, label, own, h_start, h_end in spans:
            rec = record(passage_id, user_id)
            rec.spans.add((start, end, label))
            if own is not None or h_start is not None:
                at = None if h_start is None else (h_start, h_end)
                rec.links[(start, end, label)] = SpanLink(own, at)
        notes = session.execute(
            select(Note.passage_id, Note.user_id, Note.text, User.username, User.display_name)
            .join(User, User.id == Note.user_id)
            .where(Note.passage_id.in_(chunk), Note.text != "")
        )
        for passage_id, user_id, text, username, shown in notes:
            people[user_id] = (username, shown)
            record(passage_id, user_id).note = text
    return out


def annotators_of(records: dict[int, EditorRecord]) -> list[EditorRecord]:
    """The editors who tagged the passage, by name (work in progress is left out)."""
    return sorted((r for r in records.values() if r.tagged), key=lambda r: r.username)
