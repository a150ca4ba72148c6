"""The next-passage queue: which body passage an editor should tag next, claimed atomically.

A passage needs annotators while the editors who tagged it plus the editors holding a
live claim on it number fewer than `annotators_per_passage`. Handing out a passage
inserts a Claim with a short expiry in the same statement that re-counts, so two
editors pressing "next" together cannot both take the last slot:

- SQLite runs one writer at a time and a write statement takes the lock before it
  reads, so the conditional INSERT ... SELECT counts and inserts atomically;
- PostgreSQL first locks the passage row (FOR NO KEY UPDATE SKIP LOCKED), so a
  second claimer of the same passage moves on to the next candidate instead of
  counting before the first has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from annotator.models import (
    Annotation,
    AnnotationValue,
    ArticleEditor,
    Claim,
    GoldAnnotation,
    LabelSet,
    Passage,
    User,
    utcnow,
)
from annotator.services.annotating import MAX_ID
from annotator.services.records import TAGGED_SET, tagged_by, tagged_pairs
from annotator.services.settings import get_team_settings

CLAIM_TTL = timedelta(minutes=10)
BATCH = 25  # candidates tried per query before asking the database again
ROUNDS = 3


@dataclass(frozen=True)
class Assignment:
    """The passage handed out and until when it is held for the editor."""

    passage: Passage
    expires_at: datetime


def annotated_by(user_id: int, passage_id: ColumnExpressionArgument[int]) -> ColumnElement[bool]:
    """Whether the user has tagged the passage (the tagging screen's rule)."""
    return tagged_by(user_id, passage_id)


def taken_slots(
    user_id: int, passage_id: ColumnExpressionArgument[int], now: datetime
) -> ColumnElement[int]:
    """Other editors who tagged the passage plus others' live claims on it (not both)."""
    # One stance annotation per editor and passage: counting rows counts editors.
    tagged = (
        select(func.count())
        .select_from(Annotation)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .where(
            LabelSet.name == TAGGED_SET,
            Annotation.passage_id == passage_id,
            Annotation.user_id != user_id,
            exists().where(AnnotationValue.annotation_id == Annotation.id),
        )
        .scalar_subquery()
    )
    claimed = (
        select(func.count())
        .select_from(Claim)
        .where(
            Claim.passage_id == passage_id,
            Claim.user_id != user_id,
            Claim.expires_at > now,
            # A claimer who has since tagged it is already counted as a tagger.
            ~tagged_by(Claim.user_id, Claim.passage_id),
        )
        .scalar_subquery()
    )
    return tagged + claimed


def allowed_for(user_id: int, article_id: ColumnExpressionArgument[int]) -> ColumnElement[bool]:
    """Articles without named editors are open to all; the others to their editors."""
    named = aliased(ArticleEditor)
    return or_(
        ~exists().where(ArticleEditor.article_id == article_id),
        exists().where(named.article_id == article_id, named.user_id == user_id),
    )


def settled(passage_id: ColumnExpressionArgument[int]) -> ColumnElement[bool]:
    """Whether a reviewer has settled gold on the passage (it needs nobody else)."""
    return exists().where(
        GoldAnnotation.passage_id == passage_id, GoldAnnotation.state == "settled"
    )


def open_passages(user_id: int, needed: int, now: datetime, *columns: Any) -> Select[Any]:
    """SELECT columns FROM the body passages the user could take now.

    Other editors' tags and live claims are counted once per passage with grouped
    subqueries (hash-joined), not a correlated count per candidate row.
    """
    pairs = tagged_pairs().where(Annotation.user_id != user_id).subquery()
    taggers = (
        select(pairs.c.passage_id, func.count().label("n")).group_by(pairs.c.passage_id).subquery()
    )
    held = (
        select(Claim.passage_id, func.count().label("n"))
        .where(
            Claim.user_id != user_id,
            Claim.expires_at > now,
            ~tagged_by(Claim.user_id, Claim.passage_id),  # then counted as a tagger
        )
        .group_by(Claim.passage_id)
        .subquery()
    )
    return (
        select(*columns)
        .select_from(Passage)
        .outerjoin(taggers, taggers.c.passage_id == Passage.id)
        .outerjoin(held, held.c.passage_id == Passage.id)
        .where(
            Passage.kind == "body",
            ~annotated_by(user_id, Passage.id),
            ~settled(Passage.id),
            allowed_for(user_id, Passage.article_id),
            func.coalesce(taggers.c.n, 0) + func.coalesce(held.c.n, 0) < needed,
        )
    )


def candidate_ids(
    session: Session,
    user_id: int,
    *,
    needed: int,
    now: datetime,
    after: Passage | None = None,
    limit: int = BATCH,
    skip: int = 0,
) -> list[int]:
    """Passage ids the user could take, best first."""
    mine = aliased(Passage)
    anyone = aliased(Passage)
    started_by_me = select(mine.article_id).join(Annotation, Annotation.passage_id == mine.id)
    started_by_me = started_by_me.where(Annotation.user_id == user_id)
    started = select(anyone.article_id).join(Annotation, Annotation.passage_id == anyone.id)
    held = exists().where(
        Claim.passage_id == Passage.id, Claim.user_id == user_id, Claim.expires_at > now
    )
    order: list[ColumnElement[int]] = []
    if after is None:
        order.append(case((held, 0), else_=1))  # asking again keeps the passage held
    else:
        # Carry on reading the same article after the passage on screen.
        same_article = and_(Passage.article_id == after.article_id, Passage.index > after.index)
        order.append(case((same_article, 0), else_=1))
    order += [
        case((Passage.article_id.in_(started_by_me), 0), else_=1),
        case((Passage.article_id.in_(started), 0), else_=1),
    ]
    if after is not None:
        # Then in reading order from here: the following articles, wrapping round to the
        # earlier ones, and last the earlier passages of this article.
        order.append(
            case(
                (Passage.article_id > after.article_id, 0),
                (Passage.article_id < after.article_id, 1),
                else_=2,
            )
        )
    query = (
        open_passages(user_id, needed, now, Passage.id)
        .order_by(*order, Passage.article_id, Passage.index)
        .offset(skip)
        .limit(limit)
    )
    if after is not None:
        query = query.where(Passage.id != after.id)  # "next" skips the passage on screen
    return list(session.scalars(query))


def _insert_claim_if_free(
    session: Session, passage_id: int, user_id: int, needed: int, now: datetime, until: datetime
) -> bool:
    """Insert the claim only if a slot is still free, in one statement."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        locked = session.scalar(
            select(Passage.id)
            .where(Passage.id == passage_id)
            # NO KEY UPDATE: saving annotations (a foreign-key share lock) is not blocked.
            .with_for_update(skip_locked=True, key_share=True)
        )
        if locked is None:
            return False  # another editor is claiming it right now; try the next one
    row = literal(passage_id).label("passage_id"), literal(user_id).label("user_id")
    expires = literal(until, type_=Claim.__table__.c.expires_at.type).label("expires_at")
    free = select(*row, expires).where(
        taken_slots(user_id, literal(passage_id), now) < needed,
        ~annotated_by(user_id, literal(passage_id)),
    )
    claims = cast(Table, Claim.__table__)
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(claims)
    statement = (
        insert.from_select(["passage_id", "user_id", "expires_at"], free)
        .on_conflict_do_nothing()
        # RETURNING, not rowcount: drivers report -1 for some INSERT ... SELECT forms.
        .returning(claims.c.passage_id)
    )
    return session.execute(statement).first() is not None


def claim_next(
    session: Session,
    user: User,
    *,
    after_passage_id: int | None = None,
    needed: int | None = None,
    now: datetime | None = None,
    ttl: timedelta = CLAIM_TTL,
) -> Assignment | None:
    """Claim the next passage the user should tag, or None when nothing needs them."""
    now = now or utcnow()
    if needed is None:
        needed = get_team_settings(session).annotators_per_passage
    after = None
    if after_passage_id is not None and 0 < after_passage_id <= MAX_ID:  # beyond: no such row
        after = session.get(Passage, after_passage_id)
    # One open claim per editor: taking a new passage gives up the old one. On SQLite
    # this first write also takes the write lock that makes the inserts below atomic.
    session.execute(delete(Claim).where(Claim.user_id == user.id))
    until = now + ttl
    for round_ in range(ROUNDS):
        ids = candidate_ids(
            session, user.id, needed=needed, now=now, after=after, skip=round_ * BATCH
        )
        for passage_id in ids:
            if _insert_claim_if_free(session, passage_id, user.id, needed, now, until):
                session.flush()
                passage = session.get(Passage, passage_id)
                assert passage is not None
                return Assignment(passage=passage, expires_at=until)
        if len(ids) < BATCH:
            break
    return None


def release_claims(session: Session, user_id: int) -> None:
    """Give up the user's open claims (e.g. when they sign out or stop)."""
    session.execute(delete(Claim).where(Claim.user_id == user_id))


def remaining_for(session: Session, user: User, needed: int | None = None) -> int:
    """How many passages the queue could still hand the user (ignoring races)."""
    now = utcnow()
    if needed is None:
        needed = get_team_settings(session).annotators_per_passage
    count = session.scalar(open_passages(user.id, needed, now, func.count()))
    return int(count or 0)
