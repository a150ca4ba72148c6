"""Test builders: articles, passages and users written straight to the database."""

from __future__ import annotations

import functools
import hashlib
import itertools

from sqlalchemy.orm import Session

from annotator.models import Article, Passage, User
from annotator.services.users import hash_password

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def make_article(
    session: Session,
    passages: list[str],
    *,
    title: str = "测试文章",
    kinds: list[str] | None = None,
) -> Article:
    """An article whose passages are the given texts, joined by blank lines."""
    text = "\n\n".join(passages)
    digest = hashlib.sha256(f"{next(_counter)}:{title}:{text}".encode()).hexdigest()
    article = Article(
        content_hash=digest, title=title, text=text, segmenter_version="test", meta={}
    )
    session.add(article)
    session.flush()
    start = 0
    for index, body in enumerate(passages):
        end = start + len(body)
        assert text[start:end] == body
        session.add(
            Passage(
                uid=f"{digest[:16]}-{start}-{end}",
                article_id=article.id,
                index=index,
                start=start,
                end=end,
                kind=(kinds or [])[index] if kinds else "body",
                text=body,
                search_text=body,
            )
        )
        start = end + 2
    session.flush()
    return article


@functools.cache
def _password_hash() -> str:
    # scrypt is slow on purpose; hash the shared test password once per test run.
    return hash_password(PASSWORD)


def make_user(session: Session, name: str, role: str = "editor") -> User:
    """A user with the shared test password."""
    user = User(username=name, display_name=name, password_hash=_password_hash(), role=role)
    session.add(user)
    session.flush()
    return user
