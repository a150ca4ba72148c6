"""Pickers for the search and review filters: people by name, an article by number or title."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from annotator.admin.current import current_viewer
from annotator.extensions import db
from annotator.models import User
from annotator.services.article_titles import ArticleTitle, PickError, picked_title


def people_choices(blank: str) -> list[SelectChoice]:
    """(username, display name) for every active user, by display name."""
    rows = db.session.execute(select(User.username, User.display_name).where(User.active)).all()
    people = sorted(((u, d or u) for u, d in rows), key=lambda row: row[1])
    return [SelectChoice("", blank), *(SelectChoice(u, d) for u, d in people)]


def picked_article(typed: str | None) -> tuple[ArticleTitle | None, str | None]:
    """The article an article picker's text names among those the user may see, or the
    reason (translated) it names none; (None, None) when nothing was typed."""
    try:
        return picked_title(db.session, current_viewer(), typed), None
    except PickError as exc:
        return None, _(exc.template, **exc.params)
