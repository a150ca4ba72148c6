"""Progress figures for the dashboard, counted with grouped SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from annotator.models import (
    AnnotationValue,
    Article,
    Event,
    GoldAnnotation,
    Label,
    LabelSet,
    Passage,
    Span,
    User,
)
from annotator.services.records import tagged_pairs

IDLE = timedelta(minutes=5)  # a longer pause between two actions is a break
FIRST_ACTION = timedelta(minutes=1)  # reading before the first action of a sitting


@dataclass(frozen=True)
class ArticleProgress:
    article_id: int
    title: str
    body: int  # body passages
    complete: int  # tagged by enough editors, or settled by a reviewer
    started: int  # tagged by someone, not yet by enough editors

    @property
    def untouched(self) -> int:
        return self.body - self.complete - self.started


@dataclass(frozen=True)
class EditorProgress:
    user_id: int
    username: str
    display_name: str
    done: int  # passages tagged
    remaining: int  # passages the queue could still give them
    seconds: float  # estimated time in the tool
    last_active: datetime | None


def article_progress(session: Session, needed: int) -> list[ArticleProgress]:
    """Per article: body passages complete, started and untouched."""
    pairs = tagged_pairs().subquery()
    taggers = (
        select(pairs.c.passage_id, func.count(func.distinct(pairs.c.user_id)).label("n"))
        .group_by(pairs.c.passage_id)
        .subquery()
    )
    settled = (
        select(GoldAnnotation.passage_id)
        .where(GoldAnnotation.state == "settled")
        .group_by(GoldAnnotation.passage_id)
        .subquery()
    )
    n = func.coalesce(taggers.c.n, 0)
    is_complete = (n >= needed) | settled.c.passage_id.is_not(None)
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            func.count(Passage.id),
            func.sum(case((is_complete, 1), else_=0)),
            func.sum(case((~is_complete & (n > 0), 1), else_=0)),
        )
        .join(Passage, Passage.article_id == Article.id)
        .outerjoin(taggers, taggers.c.passage_id == Passage.id)
        .outerjoin(settled, settled.c.passage_id == Passage.id)
        .where(Passage.kind == "body")
        .group_by(Article.id, Article.title)
        .order_by(Article.id)
    )
    return [ArticleProgress(a, t, int(b), int(c or 0), int(s or 0)) for a, t, b, c, s in rows]


def time_in_tool(moments: list[datetime]) -> float:
    """Seconds spent, estimated from one person's action times (sorted)."""
    total = timedelta()
    previous = None
    for moment in moments:
        if previous is None or moment - previous > IDLE:
            total += FIRST_ACTION  # a new sitting starts
        else:
            total += moment - previous
        previous = moment
    return total.total_seconds()


def editor_progress(session: Session, needed: int) -> list[EditorProgress]:
    """Per active user who can tag: passages done, left for them, time spent, last action."""
    from annotator.services.assignment import remaining_for

    pairs = tagged_pairs().subquery()
    done: dict[int, int] = dict(
        session.execute(
            select(pairs.c.user_id, func.count(func.distinct(pairs.c.passage_id))).group_by(
                pairs.c.user_id
            )
        ).all()
    )
    moments: dict[int, list[datetime]] = {}
    for actor, at in session.execute(
        select(Event.actor_id, Event.at)
        # Work on passages (labels, spans, notes, gold), whatever the action is called.
        .where(Event.actor_id.is_not(None), Event.passage_id.is_not(None))
        .order_by(Event.actor_id, Event.at)
    ):
        if actor is not None:
            moments.setdefault(actor, []).append(at)
    people = session.scalars(select(User).where(User.active).order_by(User.username))
    out = []
    for user in people:
        if user.id not in done and user.role != "editor":
            continue  # reviewers and admins who never tag are not on the editors' chart
        times = moments.get(user.id, [])
        out.append(
            EditorProgress(
                user.id,
                user.username,
                user.display_name or user.username,
                done.get(user.id, 0),
                remaining_for(session, user, needed),
                time_in_tool(times),
                times[-1] if times else None,
            )
        )
    return out


def label_distribution(session: Session) -> dict[str, list[tuple[str, int]]]:
    """Per label set, how often each label was chosen (spans: marked), over all editors."""
    out: dict[str, list[tuple[str, int]]] = {}
    sets = session.scalars(
        select(LabelSet).where(LabelSet.retired_at.is_(None)).order_by(LabelSet.position)
    ).all()
    chosen = dict(
        session.execute(
            select(AnnotationValue.label_id, func.count()).group_by(AnnotationValue.label_id)
        ).all()
    )
    marked = dict(
        session.execute(select(Span.label_id, func.count()).group_by(Span.label_id)).all()
    )
    for label_set in sets:
        counts = marked if label_set.kind == "span" else chosen
        out[label_set.name] = [(x.name, int(counts.get(x.id, 0))) for x in label_set.active_labels]
    return out


def label_titles(session: Session, locale: str) -> dict[str, str]:
    """ "set:label" -> the label's title in the UI language."""
    rows = session.execute(
        select(LabelSet.name, Label).join(Label, Label.label_set_id == LabelSet.id)
    )
    return {f"{s}:{label.name}": label.title(locale) for s, label in rows}


def set_titles(session: Session, locale: str) -> dict[str, str]:
    """Label set name -> its title in the UI language."""
    return {s.name: s.title(locale) for s in session.scalars(select(LabelSet))}
