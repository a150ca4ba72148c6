"""Choices for the search filters' pickers: people by display name, articles by title."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from annotator.extensions import db
from annotator.models import Article, User
from annotator.services.assignment import allowed_for


def people_choices(blank: str) -> list[SelectChoice]:
    """(username, display name) for every active user, by display name."""
    rows = db.session.execute(
        select(User.username, User.display_name).where(User.active)
    ).all()
    people = sorted(((u, d or u) for u, d in rows), key=lambda row: row[1])
    return [SelectChoice("", blank), *(SelectChoice(u, d) for u, d in people)]


def article_choices(blank: str) -> list[SelectChoice]:
    """(id, title) of every article the signed-in user may open, newest first."""
    rows = db.session.execute(
        select(Article.id, Article.title)
        .where(allowed_for(current_user.id, Article.id))
        .order_by(Article.id.desc())
    ).all()
    choices = [SelectChoice("", blank)]
    choices += [SelectChoice(i, f"{title or '—'} (#{i})") for i, title in rows]
    return choices
