"""The tagging screen's "next passage": the team's assignment queue decides and claims it.

The caller commits, so that the claim holds the passage for the editor.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from annotator.models import Passage, User
from annotator.services.assignment import claim_next


def next_passage_for(
    session: Session, user: User, after_passage_id: int | None = None
) -> Passage | None:
    """Claim and return the next body passage the user should tag, or None when done."""
    assignment = claim_next(session, user, after_passage_id=after_passage_id)
    return assignment.passage if assignment is not None else None
