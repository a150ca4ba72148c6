"""Test builders for the team workflow: articles, users and annotations with events."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from annotator.models import Annotation, Article, LabelSet, Note, Passage, User
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_note,
    save_spans,
)

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


def _version(session: Session, passage: Passage, user: User, set_name: str) -> int | None:
    return session.scalar(
        select(Annotation.version)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .where(
            Annotation.passage_id == passage.id,
            Annotation.user_id == user.id,
            LabelSet.name == set_name,
        )
    )


def tag(
    session: Session,
    passage: Passage,
    user: User,
    stance: str | None = None,
    bias: Iterable[str] | None = None,
    spans: Iterable[tuple[int, int, str]] = (),
    note: str | None = None,
) -> None:
    """Save a user's labels on a passage through the annotating services, as the API does."""
    vocabulary = load_vocabulary(session)
    if stance is not None:
        stance_set = find_label_set(vocabulary, "stance")
        version = _version(session, passage, user, "stance")
        save_choice(session, passage, user.id, stance_set, [stance], version)
    if bias is not None:
        bias_set = find_label_set(vocabulary, "bias_attribution")
        version = _version(session, passage, user, "bias_attribution")
        save_choice(session, passage, user.id, bias_set, list(bias), version)
    span_list = [SpanInput(a, b, label) for a, b, label in spans]
    if span_list:
        span_set = find_label_set(vocabulary, "spans")
        version = _version(session, passage, user, "spans")
        save_spans(session, passage, user.id, span_set, span_list, version)
    if note is not None:
        current = session.scalar(
            select(Note.version).where(Note.passage_id == passage.id, Note.user_id == user.id)
        )
        save_note(session, passage, user.id, note, current)
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
