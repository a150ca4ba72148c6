"""Other editors' work on one passage, for an editor allowed to see it (see visibility)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from annotator.models import User
from annotator.services.records import annotators_of, choice_sets, load_records


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
