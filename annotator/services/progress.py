"""Who may tag which article, and how far each editor and the team have got (grouped SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    ArticleEditor,
    LabelSet,
    Passage,
    Setting,
)

# A passage counts as tagged by an editor once they have chosen its stance.
STANCE_SET = "stance"
PAGE_SIZE = 25


def article_open_to(
    user_id: int, article_id: ColumnElement[int] | InstrumentedAttribute[int] | None = None
) -> ColumnElement[bool]:
    """Articles without ArticleEditor rows are open to all; others only to their editors.

    `article_id` is the column naming the article (Article.id unless given, e.g. a passage's).
    """
    article = Article.id if article_id is None else article_id
    restricted = exists().where(ArticleEditor.article_id == article)
    named = exists().where(ArticleEditor.article_id == article, ArticleEditor.user_id == user_id)
    return or_(~restricted, named)


def may_tag(session: Session, article_id: int, user_id: int) -> bool:
    """Whether the user may tag passages of the article."""
    query = select(Article.id).where(Article.id == article_id, article_open_to(user_id))
    return session.scalar(query) is not None


def stance_tagged() -> Select[int, int]:
    """(passage_id, user_id) for every editor who chose a stance for a passage."""
    chosen = exists().where(AnnotationValue.annotation_id == Annotation.id)
    return (
        select(Annotation.passage_id, Annotation.user_id)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .where(LabelSet.name == STANCE_SET, chosen)
    )


def tagged_by(user_id: int) -> ColumnElement[bool]:
    """True for Passage rows the user has tagged (a correlated EXISTS)."""
    tagged = stance_tagged().where(
        Annotation.user_id == user_id, Annotation.passage_id == Passage.id
    )
    return tagged.exists()


def required_annotators(session: Session, default: int) -> int:
    """How many editors should tag each passage: the team setting, else the default."""
    value = session.scalar(select(Setting.value).where(Setting.key == "annotators_per_passage"))
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return default


def others_counts(session: Session, passage_ids: list[int], user_id: int) -> dict[int, int]:
    """For each passage, how many other editors have tagged it."""
    if not passage_ids:
        return {}
    tagged = stance_tagged().subquery()
    rows = session.execute(
        select(tagged.c.passage_id, func.count(func.distinct(tagged.c.user_id)))
        .where(tagged.c.passage_id.in_(passage_ids), tagged.c.user_id != user_id)
        .group_by(tagged.c.passage_id)
    )
    return {pid: n for pid, n in rows}


@dataclass(frozen=True)
class ArticleProgress:
    """One row of the articles list."""

    id: int
    title: str
    source: str | None
    published: date | None
    published_precision: str | None
    passages: int
    mine: int
    team: int

    @property
    def todo(self) -> int:
        return self.passages - self.mine


@dataclass(frozen=True)
class ArticlePage:
    items: list[ArticleProgress]
    page: int
    pages: int
    total: int


def article_progress(
    session: Session, user_id: int, *, required: int, only_todo: bool = False, page: int = 1
) -> ArticlePage:
    """Articles open to the user with body-passage counts, theirs and the team's progress."""
    body = (
        select(Passage.article_id, func.count().label("n"))
        .where(Passage.kind == "body")
        .group_by(Passage.article_id)
        .subquery()
    )
    tagged = stance_tagged().subquery()
    mine = (
        select(Passage.article_id, func.count().label("n"))
        .join(tagged, tagged.c.passage_id == Passage.id)
        .where(tagged.c.user_id == user_id, Passage.kind == "body")
        .group_by(Passage.article_id)
        .subquery()
    )
    enough = (
        select(tagged.c.passage_id)
        .group_by(tagged.c.passage_id)
        .having(func.count(func.distinct(tagged.c.user_id)) >= required)
        .subquery()
    )
    team = (
        select(Passage.article_id, func.count().label("n"))
        .join(enough, enough.c.passage_id == Passage.id)
        .where(Passage.kind == "body")
        .group_by(Passage.article_id)
        .subquery()
    )
    n_body = func.coalesce(body.c.n, 0)
    n_mine = func.coalesce(mine.c.n, 0)
    query = (
        select(
            Article.id, Article.title, Article.source, Article.published,
            Article.published_precision, n_body, n_mine, func.coalesce(team.c.n, 0),
        )
        .outerjoin(body, body.c.article_id == Article.id)
        .outerjoin(mine, mine.c.article_id == Article.id)
        .outerjoin(team, team.c.article_id == Article.id)
        .where(article_open_to(user_id))
    )
    if only_todo:
        query = query.where(n_body > n_mine)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.execute(
        query.order_by(Article.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    items = [ArticleProgress(*row) for row in rows]
    return ArticlePage(items=items, page=page, pages=pages, total=total)


def first_untagged_passage(session: Session, article_id: int, user_id: int) -> int | None:
    """The id of the article's first body passage the user has not tagged."""
    return session.scalar(
        select(Passage.id)
        .where(Passage.article_id == article_id, Passage.kind == "body", ~tagged_by(user_id))
        .order_by(Passage.index)
        .limit(1)
    )
