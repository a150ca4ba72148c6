"""Restrict an article to named editors (no restriction: every editor may tag it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.models import Article, ArticleEditor, User
from annotator.services.events import record_event


class RestrictionError(ValueError):
    """An article cannot be restricted as asked."""

    def __init__(self, message: str, field: str | None = "editors") -> None:
        super().__init__(message)
        self.field = field


def users_named(session: Session, usernames: Iterable[str]) -> list[User]:
    """The active users with these names, in the order given; unknown names are an error."""
    names = [n.strip() for n in usernames if n.strip()]
    found = {u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))}
    unknown = [n for n in names if n not in found or not found[n].active]
    if unknown:
        raise RestrictionError(f"no active user named {', '.join(unknown)}")
    return [found[n] for n in dict.fromkeys(names)]


def article_editor_ids(session: Session, article_id: int) -> list[int]:
    """The ids of the users an article is restricted to, sorted."""
    return sorted(
        session.scalars(select(ArticleEditor.user_id).where(ArticleEditor.article_id == article_id))
    )


def set_article_editors(
    session: Session, article_id: int, user_ids: Sequence[int], actor_id: int | None
) -> bool:
    """Restrict an article to these users (empty: open to all); returns whether it changed."""
    if session.get(Article, article_id) is None:
        raise RestrictionError(f"no article with id {article_id}", "article_id")
    wanted = sorted(set(user_ids))
    known = set(session.scalars(select(User.id).where(User.id.in_(wanted))))
    if len(known) != len(wanted):
        raise RestrictionError("unknown user id")
    before = article_editor_ids(session, article_id)
    if before == wanted:
        return False
    session.execute(delete(ArticleEditor).where(ArticleEditor.article_id == article_id))
    session.add_all(ArticleEditor(article_id=article_id, user_id=uid) for uid in wanted)
    names = dict(
        session.execute(select(User.id, User.username).where(User.id.in_(before + wanted))).all()
    )
    record_event(
        session,
        actor_id=actor_id,
        action="article.editors",
        entity="article",
        entity_id=article_id,
        before={"editors": [names[i] for i in before]},
        after={"editors": [names[i] for i in wanted]},
    )
    session.flush()
    return True
