"""Test builders: articles with passages exactly as given (kinds too), and users.

tests/services/builders.py imports through the pipeline, which decides the passages;
these builders fix them, for tests about particular passages (an astral one, page furniture).
"""

from __future__ import annotations

import hashlib
import itertools

from sqlalchemy.orm import Session

from annotator.models import Article, Passage, User
from annotator.services.users import create_user

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def article_with_passages(
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


def make_user(session: Session, name: str, role: str = "editor") -> User:
    """A user with the shared test password."""
    return create_user(session, name, PASSWORD, role=role)
