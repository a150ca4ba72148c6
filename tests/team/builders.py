"""Test builders for the team workflow: articles, users and annotations with events."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    Label,
    LabelSet,
    Note,
    Passage,
    Span,
    User,
    utcnow,
)
from annotator.services.events import record_event

PASSWORD = "correct-horse-battery"


def make_article(session: Session, paragraphs: Sequence[str], title: str = "测试文章") -> Article:
    """An article whose passages are the given paragraphs (all body), without the text pipeline."""
    text = "\n\n".join(paragraphs)
    article = Article(
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        text=text,
        segmenter_version="test",
    )
    session.add(article)
    session.flush()
    start = 0
    for index, para in enumerate(paragraphs):
        end = start + len(para)
        session.add(
            Passage(
                uid=f"{article.content_hash[:16]}-{start}-{end}",
                article_id=article.id,
                index=index,
                start=start,
                end=end,
                kind="body",
                text=para,
                search_text=para,
            )
        )
        start = end + 2
    session.flush()
    return article


# One cheap hash of the test password: scrypt per user would make each test a second slower.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_users(session: Session, **roles: str) -> dict[str, User]:
    """Users by name -> role, all with the test password (hashed cheaply)."""
    users = {}
    for name, role in roles.items():
        users[name] = User(username=name, display_name=name, password_hash=FAST_HASH, role=role)
        session.add(users[name])
    session.flush()
    return users


def _label_ids(session: Session, set_name: str) -> tuple[LabelSet, dict[str, int]]:
    label_set = session.scalars(select(LabelSet).where(LabelSet.name == set_name)).one()
    labels = dict(
        session.execute(
            select(Label.name, Label.id).where(Label.label_set_id == label_set.id)
        ).all()
    )
    return label_set, labels


def tag(
    session: Session,
    passage: Passage,
    user: User,
    stance: str | None = None,
    bias: Iterable[str] | None = None,
    spans: Iterable[tuple[int, int, str]] = (),
    note: str | None = None,
) -> None:
    """Save a user's labels on a passage the way the tagging screen does: rows plus events."""
    wanted: list[tuple[str, list[str]]] = []
    if stance is not None:
        wanted.append(("stance", [stance]))
    if bias is not None:
        wanted.append(("bias_attribution", list(bias)))
    for set_name, values in wanted:
        label_set, ids = _label_ids(session, set_name)
        annotation = Annotation(passage_id=passage.id, user_id=user.id, label_set_id=label_set.id)
        annotation.values = [AnnotationValue(label_id=ids[v]) for v in values]
        session.add(annotation)
        session.flush()
        record_event(
            session,
            actor_id=user.id,
            action="annotation.save",
            entity="annotation",
            entity_id=annotation.id,
            passage_id=passage.id,
            after={"label_set": set_name, "values": values},
        )
    span_list = list(spans)
    if span_list:
        label_set, ids = _label_ids(session, "spans")
        annotation = Annotation(passage_id=passage.id, user_id=user.id, label_set_id=label_set.id)
        annotation.spans = [Span(start=a, end=b, label_id=ids[lab]) for a, b, lab in span_list]
        session.add(annotation)
        session.flush()
        record_event(
            session,
            actor_id=user.id,
            action="annotation.save",
            entity="annotation",
            entity_id=annotation.id,
            passage_id=passage.id,
            after={
                "label_set": "spans",
                "spans": [{"start": a, "end": b, "label": c} for a, b, c in span_list],
            },
        )
    if note is not None:
        session.add(Note(passage_id=passage.id, user_id=user.id, text=note, updated_at=utcnow()))
        record_event(
            session,
            actor_id=user.id,
            action="note.save",
            entity="note",
            passage_id=passage.id,
            after={"text": note},
        )
    session.flush()


def body_passages(session: Session, article: Article) -> list[Passage]:
    """The article's body passages in order."""
    return list(
        session.scalars(
            select(Passage)
            .where(Passage.article_id == article.id, Passage.kind == "body")
            .order_by(Passage.index)
        )
    )
