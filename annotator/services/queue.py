"""Which passage an editor should tag next."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage, User
from annotator.services.annotating import MAX_ID
from annotator.services.progress import article_open_to, tagged_by


def next_passage_for(
    session: Session, user: User, after_passage_id: int | None = None
) -> Passage | None:
    """The next body passage the user has not tagged: later in this article first, then others."""
    after = None
    if after_passage_id is not None and 0 < after_passage_id <= MAX_ID:
        after = session.get(Passage, after_passage_id)
    if after is None:
        return _first(session, user, Passage.id.is_not(None))
    here = Passage.article_id == after.article_id
    # Later in this article, then the following articles, wrapping round to earlier
    # ones, and last the passages of this article before the given one.
    for where in (
        here & (Passage.index > after.index),
        Passage.article_id > after.article_id,
        Passage.article_id < after.article_id,
        here & (Passage.index < after.index),
    ):
        found = _first(session, user, where)
        if found is not None:
            return found
    return None


def _first(session: Session, user: User, where: ColumnElement[bool]) -> Passage | None:
    return session.scalar(
        select(Passage)
        .join(Article, Article.id == Passage.article_id)
        .where(where, Passage.kind == "body", ~tagged_by(user.id), article_open_to(user.id))
        .order_by(Passage.article_id, Passage.index)
        .limit(1)
    )
