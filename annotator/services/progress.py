"""Who may tag which article, and how far each editor and the team have got (grouped SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, ScalarSelect, Select, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    ArticleEditor,
    LabelSet,
    Passage,
    PassageState,
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


def stance_set_id() -> ScalarSelect[int]:
    """The stance set's id, as a scalar subquery (set names are unique)."""
    return select(LabelSet.id).where(LabelSet.name == STANCE_SET).scalar_subquery()


def stance_tagged() -> Select[int, int]:
    """(passage_id, user_id) for every editor who chose a stance for a passage."""
    # A filter on the set id, not a join to label_sets: a join tempts the planners into
    # reading every annotation before narrowing to the passages asked about.
    chosen = exists().where(AnnotationValue.annotation_id == Annotation.id)
    return select(Annotation.passage_id, Annotation.user_id).where(
        Annotation.label_set_id == stance_set_id(), chosen
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
    rows = session.execute(
        stance_tagged()
        .with_only_columns(Annotation.passage_id, func.count(func.distinct(Annotation.user_id)))
        .where(Annotation.passage_id.in_(passage_ids), Annotation.user_id != user_id)
        .group_by(Annotation.passage_id)
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


def untagged_body_in_article(user_id: int) -> ColumnElement[bool]:
    """True for Article rows with a body passage the user has not tagged."""
    # A scalar subquery with LIMIT 1 stays a per-article probe that stops at the first
    # untagged passage; PostgreSQL would flatten an EXISTS into a join over every body
    # passage. NOT IN lets it hash the user's tagged passages once.
    mine = stance_tagged().where(Annotation.user_id == user_id)
    untagged = Passage.id.not_in(mine.with_only_columns(Annotation.passage_id))
    first = (
        select(Passage.id)
        .where(Passage.article_id == Article.id, Passage.kind == "body", untagged)
        .limit(1)
        .correlate(Article)
        .scalar_subquery()
    )
    return first.is_not(None)


def _stance_of_passage() -> tuple[ColumnElement[bool], ...]:
    """Conditions for a chosen stance on the enclosing query's Passage row."""
    chosen = exists().where(AnnotationValue.annotation_id == Annotation.id)
    return (Annotation.passage_id == Passage.id, Annotation.label_set_id == stance_set_id(), chosen)


def page_counts(
    session: Session, article_ids: list[int], user_id: int, required: int, blind: bool = False
) -> dict[int, tuple[int, int, int]]:
    """{article: (body passages, tagged by the user, tagged by enough editors)} for a few articles.

    Only these articles' body passages are read, each probing its own annotations (correlated
    subqueries keep both databases on the indexes, with or without planner statistics), so a
    page costs the same whether the corpus holds 2 articles or 20,000. `blind`: the team's
    progress counts only passages the user tagged too (the visibility rule's blind mode).
    """
    if not article_ids:
        return {}
    stance = _stance_of_passage()
    mine = select(func.count()).where(*stance, Annotation.user_id == user_id)
    # The team's count of each passage's editors: the maintained passage state's.
    editors = select(func.coalesce(func.max(PassageState.editors), 0)).where(
        PassageState.passage_id == Passage.id
    )
    per_passage = (
        select(
            Passage.article_id.label("article_id"),
            mine.correlate(Passage).scalar_subquery().label("mine"),
            editors.correlate(Passage).scalar_subquery().label("editors"),
        )
        .where(Passage.article_id.in_(article_ids), Passage.kind == "body")
        .subquery()
    )
    rows = session.execute(
        select(
            per_passage.c.article_id,
            func.count(),
            func.count().filter(per_passage.c.mine > 0),
            func.count().filter(
                per_passage.c.editors >= required, *([per_passage.c.mine > 0] if blind else [])
            ),
        ).group_by(per_passage.c.article_id)
    )
    return {aid: (int(n), int(mine), int(team)) for aid, n, mine, team in rows}


def article_progress(
    session: Session,
    user_id: int,
    *,
    required: int,
    only_todo: bool = False,
    page: int = 1,
    blind: bool = False,
) -> ArticlePage:
    """Articles open to the user with body-passage counts, theirs and the team's progress.

    `blind`: the visibility rule hides the team's work on passages the user has not tagged.
    """
    query = select(
        Article.id, Article.title, Article.source, Article.published, Article.published_precision
    ).where(article_open_to(user_id))
    if only_todo:
        query = query.where(untagged_body_in_article(user_id))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.execute(
        query.order_by(Article.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    counts = page_counts(session, [row.id for row in rows], user_id, required, blind)
    items = [ArticleProgress(*row, *counts.get(row.id, (0, 0, 0))) for row in rows]
    return ArticlePage(items=items, page=page, pages=pages, total=total)


def first_untagged_passage(session: Session, article_id: int, user_id: int) -> int | None:
    """The id of the article's first body passage the user has not tagged."""
    return session.scalar(
        select(Passage.id)
        .where(Passage.article_id == article_id, Passage.kind == "body", ~tagged_by(user_id))
        .order_by(Passage.index)
        .limit(1)
    )
