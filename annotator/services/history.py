"""A passage's audit history: every event that touched it, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Event, User


@dataclass(frozen=True)
class HistoryEntry:
    """One change: when, who, what, and the state before and after."""

    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    entity_id: str | None
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "before": self.before,
            "after": self.after,
        }


def passage_history(session: Session, passage_id: int) -> list[HistoryEntry]:
    """Every event recorded against the passage, in the order they happened."""
    rows = session.execute(
        select(Event, User.username)
        .outerjoin(User, User.id == Event.actor_id)
        .where(Event.passage_id == passage_id)
        .order_by(Event.at, Event.id)
    )
    return [
        HistoryEntry(e.id, e.at, name, e.action, e.entity, e.entity_id, e.before, e.after)
        for e, name in rows
    ]
