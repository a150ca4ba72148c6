"""Articles found by number or title words, for the article pickers: what a viewer may see.

The review list and search filter on one article. With thousands of articles a `<select>`
would put every title in every page; a picker instead asks for a few titles as the person
types, and the filter accepts what they typed: `#12`, `12`, the picker's `#12 标题`, or words
of a title that only one visible article contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from annotator.models import Article
from annotator.services.visibility import Viewer

MAX_TITLES = 20
MAX_TEXT = 200
_NUMBER = re.compile(r"#?\s*([0-9]{1,10})(?:\s|$)")  # ASCII digits, as every number parser


@dataclass(frozen=True)
class ArticleTitle:
    id: int
    title: str

    @property
    def label(self) -> str:
        """What the picker shows and submits: the number first, so it parses back."""
        return f"#{self.id} {self.title or '—'}"


class PickError(ValueError):
    """What was typed names no article, or several; `template` is a gettext msgid."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


def _visible(viewer: Viewer | None) -> ColumnElement[bool]:
    return true() if viewer is None else viewer.article_visible()


def _title_contains(words: str) -> ColumnElement[bool]:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(Article.title).like(f"%{escaped.lower()}%", escape="\\")


def matching_titles(
    session: Session, viewer: Viewer | None, typed: str, limit: int = MAX_TITLES
) -> list[ArticleTitle]:
    """Up to `limit` visible articles whose number is `typed` or whose title contains it,
    newest first (nothing typed: the newest)."""
    typed = typed.strip()[:MAX_TEXT]
    stmt = select(Article.id, Article.title).where(_visible(viewer))
    number = _NUMBER.match(typed)
    if number:  # "#12", "12" or the picker's own "#12 标题"; digits may be title words too
        found = Article.id == int(number.group(1))
        digits_only = typed.isascii() and typed.isdigit()
        stmt = stmt.where(or_(found, _title_contains(typed)) if digits_only else found)
    elif typed:
        stmt = stmt.where(_title_contains(typed))
    rows = session.execute(stmt.order_by(Article.id.desc()).limit(limit))
    return [ArticleTitle(int(i), t or "") for i, t in rows]


def resolve_article(session: Session, viewer: Viewer | None, typed: str | None) -> int | None:
    """The article id a picker's text names (None: any article); PickError if none or several."""
    found = picked_title(session, viewer, typed)
    return None if found is None else found.id


def picked_title(session: Session, viewer: Viewer | None, typed: str | None) -> ArticleTitle | None:
    """The article (id and title) a picker's text names; PickError if none or several."""
    typed = (typed or "").strip()
    if not typed:
        return None
    if len(typed) > MAX_TEXT or "\x00" in typed:
        raise PickError("That is not an article's number or title.")
    visible = select(Article.id, Article.title).where(_visible(viewer))
    number = _NUMBER.match(typed)
    if number:
        article_id = int(number.group(1))
        row = session.execute(visible.where(Article.id == article_id)).first()
        if row is None:
            raise PickError("There is no article #%(number)s.", number=article_id)
        return ArticleTitle(int(row.id), row.title or "")
    rows = session.execute(visible.where(_title_contains(typed)).limit(2)).all()
    if not rows:
        raise PickError("No article's title contains “%(text)s”.", text=typed)
    if len(rows) > 1:
        raise PickError(
            "Several articles' titles contain “%(text)s”: pick one from the list or type its "
            "number.",
            text=typed,
        )
    return ArticleTitle(int(rows[0].id), rows[0].title or "")
