"""Blind double annotation: editors see others' labels only after saving their own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import User
from annotator.services.records import annotators_of, choice_sets, load_records, tagged_by

HIDDEN = "hidden until you save your own labels on this passage"


def has_saved_own(session: Session, user_id: int, passage_id: int) -> bool:
    """Whether the user has tagged the passage (chosen its stance and saved it)."""
    return bool(session.scalar(select(tagged_by(user_id, passage_id))))


def can_see_others(session: Session, user: User, passage_id: int, blind_mode: bool) -> bool:
    """Reviewers always; editors when blind mode is off or once they have saved their own."""
    if not blind_mode or user.can("reviewer"):
        return True
    return has_saved_own(session, user.id, passage_id)


def others_on_passage(session: Session, user: User, passage_id: int) -> list[dict[str, Any]]:
    """Every other editor's labels, spans and note on the passage, JSON-ready, by name."""
    sets = choice_sets(session)
    records = load_records(session, [passage_id]).get(passage_id, {})
    others = [r for r in records.values() if r.user_id != user.id]
    tagged = {r.user_id for r in annotators_of(records)}
    return [
        {**r.as_json(sets), "tagged": r.user_id in tagged}
        for r in sorted(others, key=lambda r: r.username)
    ]
