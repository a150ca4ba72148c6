"""Who may see what of the team's work: the one rule every reader of labels goes through.

- **Articles.** An article restricted to named editors exists, for any other editor, nowhere:
  not on its page, in the API, the roll-ups, search, suggestions or the queue (readers answer
  404 and leave it out of lists). Reviewers and admins see every article.
- **Others' labels.** In blind mode an editor sees, on a passage, only their own work until
  they have tagged it themselves (chosen its stance); then the team's labels, status and
  counts appear. Reviewers and admins always see them, as does everyone when blind mode is off.

Readers ask through a `Viewer` (built once per request) for SQL conditions they add to their
queries, so a list never fetches what it may not show; `may_see_*` answer for one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.progress import article_open_to
from annotator.services.records import tagged_by

HIDDEN = "hidden until you save your own labels on this passage"


@dataclass(frozen=True)
class Viewer:
    """A signed-in person as the visibility rule sees them."""

    user_id: int
    username: str
    staff: bool  # reviewer or admin: every article, every label
    blind: bool  # blind mode is on (it never applies to staff)

    @classmethod
    def of(cls, user: Any, blind_mode: bool) -> Viewer:
        """The viewer for a User and the team's blind-mode setting."""
        staff = bool(user.can("reviewer"))
        return cls(int(user.id), str(user.username), staff, blind_mode and not staff)

    def article_visible(self, article_id: Any = None) -> ColumnElement[bool]:
        """SQL: the article (Article.id unless a column is given) is visible to the viewer."""
        if self.staff:
            return true()
        return article_open_to(self.user_id, Article.id if article_id is None else article_id)

    def passage_visible(self, passage_article_id: Any = None) -> ColumnElement[bool]:
        """SQL: the passage's article is visible (Passage.article_id unless given)."""
        return self.article_visible(
            Passage.article_id if passage_article_id is None else passage_article_id
        )

    def others_visible(self, passage_id: Any = None) -> ColumnElement[bool]:
        """SQL: the team's labels on the passage (Passage.id unless given) may be shown."""
        if not self.blind:
            return true()
        return tagged_by(self.user_id, Passage.id if passage_id is None else passage_id)


def may_see_article(session: Session, viewer: Viewer, article_id: int) -> bool:
    """Whether the article exists for the viewer."""
    found = session.scalar(
        select(Article.id).where(Article.id == article_id, viewer.article_visible())
    )
    return found is not None


def may_see_passage(session: Session, viewer: Viewer, passage_id: int) -> bool:
    """Whether the passage exists for the viewer (its article is visible)."""
    found = session.scalar(
        select(Passage.id).where(Passage.id == passage_id, viewer.passage_visible())
    )
    return found is not None


def may_see_others(session: Session, viewer: Viewer, passage_id: int) -> bool:
    """Whether the team's labels on the passage may be shown to the viewer."""
    if not viewer.blind:
        return True
    return bool(session.scalar(select(viewer.others_visible(passage_id))))


def others_visible_among(session: Session, viewer: Viewer, passage_ids: list[int]) -> set[int]:
    """The passages, among these, on which the viewer may see the team's labels."""
    if not viewer.blind:
        return set(passage_ids)
    if not passage_ids:
        return set()
    return set(
        session.scalars(
            select(Passage.id).where(Passage.id.in_(passage_ids), viewer.others_visible())
        )
    )
