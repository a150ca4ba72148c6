"""Write imported labels as they are: new rows only, with their own times, one event each.

`import-annotations` (restores, pre-annotations, projects from other tools) plans what a line
adds and refuses lines that contradict stored work; the rows themselves are written here,
with the label writer's lock (`lock_for_restore`, before the plan compares) and its
maintained-state refresh (`restored`, after the passage's rows), like every other write.
Unlike a save, a restore never replaces a row: there is no version to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from annotator.models import Annotation, AnnotationValue, GoldAnnotation, GoldSpan, GoldValue, Note
from annotator.models import Span as SpanRow
from annotator.services.annotating.locking import lock_passage
from annotator.services.events import record_event
from annotator.services.passage_state import refresh_passage_states

IdSpan = tuple[int, int, int]  # (start, end, label id)
IdLink = tuple[int | None, IdSpan | None]  # (stance label id, the holder span)


def lock_for_restore(session: Session, passage_id: int) -> None:
    """Hold the passage while an import compares its stored work and adds rows."""
    lock_passage(session, passage_id)


def _times(created: datetime | None, updated: datetime | None) -> dict[str, Any]:
    # Unset timestamps fall back to the models' defaults (now).
    out: dict[str, Any] = {}
    if created is not None:
        out["created_at"] = created
    if updated is not None:
        out["updated_at"] = updated
    return out


def add_annotation(
    session: Session,
    passage_id: int,
    user_id: int,
    label_set_id: int,
    label_ids: Iterable[int],
    spans: Iterable[IdSpan],
    links: Mapping[IdSpan, IdLink],
    *,
    codebook_version: int | None,
    created_at: datetime | None,
    updated_at: datetime | None,
    actor_id: int | None,
    logged: dict[str, Any],
) -> Annotation:
    """Add one editor's annotation of one label set, as imported."""
    annotation = Annotation(
        passage_id=passage_id,
        user_id=user_id,
        label_set_id=label_set_id,
        codebook_version=codebook_version,
        **_times(created_at, updated_at),
    )
    annotation.values = [AnnotationValue(label_id=i) for i in sorted(label_ids)]
    annotation.spans = [SpanRow(label_id=lid, start=s, end=e) for s, e, lid in sorted(spans)]
    _added(session, annotation, "annotation", passage_id, actor_id, logged)
    _link(session, annotation.spans, links)
    return annotation


def add_note(
    session: Session,
    passage_id: int,
    user_id: int,
    text: str,
    *,
    created_at: datetime | None,
    updated_at: datetime | None,
    actor_id: int | None,
    logged: dict[str, Any],
) -> Note:
    """Add one editor's note, as imported."""
    note = Note(passage_id=passage_id, user_id=user_id, text=text, **_times(created_at, updated_at))
    _added(session, note, "note", passage_id, actor_id, logged)
    return note


def add_gold(
    session: Session,
    passage_id: int,
    label_set_id: int,
    reviewer_id: int,
    label_ids: Iterable[int],
    spans: Iterable[IdSpan],
    links: Mapping[IdSpan, IdLink],
    *,
    reason: str,
    settled_at: datetime | None,
    actor_id: int | None,
    logged: dict[str, Any],
) -> GoldAnnotation:
    """Add a settled gold decision for one label set, as imported."""
    decision = GoldAnnotation(
        passage_id=passage_id,
        label_set_id=label_set_id,
        reviewer_id=reviewer_id,
        state="settled",
        reason=reason,
        **_times(None, settled_at),
    )
    decision.values = [GoldValue(label_id=i) for i in sorted(label_ids)]
    decision.spans = [GoldSpan(label_id=lid, start=s, end=e) for s, e, lid in sorted(spans)]
    _added(session, decision, "gold", passage_id, actor_id, logged)
    _link(session, decision.spans, links)
    return decision


def _added(
    session: Session,
    row: Annotation | Note | GoldAnnotation,
    entity: str,
    passage_id: int,
    actor_id: int | None,
    logged: dict[str, Any],
) -> None:
    """Add an imported row (flushed, so it has its id) and its `<entity>.import` event."""
    session.add(row)
    session.flush()
    record_event(
        session,
        actor_id=actor_id,
        action=f"{entity}.import",
        entity=entity,
        entity_id=row.id,
        passage_id=passage_id,
        after=logged,
    )


def _link(
    session: Session, rows: Sequence[SpanRow] | Sequence[GoldSpan], links: Mapping[IdSpan, IdLink]
) -> None:
    """Give the flushed span rows their holder stances and links (checked by the importer)."""
    if not links:
        return
    by_key = {(r.start, r.end, r.label_id): r for r in rows}
    for key, (stance, holder) in links.items():
        by_key[key].stance_label_id = stance
        by_key[key].holder_span_id = None if holder is None else by_key[holder].id
    session.flush()


def restored(session: Session, passage_id: int) -> None:
    """After a passage's imported rows: bring its maintained state up to date."""
    refresh_passage_states(session, [passage_id])
