"""Append events to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from annotator.models import Event


def record_event(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: object = None,
    passage_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> Event:
    """Add one event describing a change; the caller's transaction carries it."""
    event = Event(
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        passage_id=passage_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event
