"""Pickers for the search and review filters: people by name, an article by number or title."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from annotator.admin.current import current_viewer
from annotator.extensions import db
from annotator.models import Article, User
from annotator.services.article_titles import ArticleTitle, PickError, resolve_article


def people_choices(blank: str) -> list[SelectChoice]:
    """(username, display name) for every active user, by display name."""
    rows = db.session.execute(select(User.username, User.display_name).where(User.active)).all()
    people = sorted(((u, d or u) for u, d in rows), key=lambda row: row[1])
    return [SelectChoice("", blank), *(SelectChoice(u, d) for u, d in people)]


def picked_article(typed: str | None) -> tuple[ArticleTitle | None, str | None]:
    """The article an article picker's text names among those the user may see, or the
    reason (translated) it names none; (None, None) when nothing was typed."""
    try:
        article_id = resolve_article(db.session, current_viewer(), typed)
    except PickError as exc:
        return None, _(exc.template, **exc.params)
    if article_id is None:
        return None, None
    title = db.session.scalar(select(Article.title).where(Article.id == article_id))
    return ArticleTitle(article_id, title or ""), None
