"""Test builders: articles, users and annotations made through the real services."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from annotator.models import Article
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer

DEFAULT_TEXT = "开源之争\n\nLeCun 认为担心模型太强大而不开源太矫情。\n\nOpenAI 则担心模型被滥用。\n"


def make_article(session: Session, text: str = DEFAULT_TEXT, name: str = "article.txt") -> Article:
    """Import one article from text through the import pipeline."""
    report = import_file(
        session, Path(name), get_tokenizer(session), ImportOptions(), data=text.encode("utf-8")
    )
    assert report.status == "imported", report.reason
    article = session.get(Article, report.article_ids[0])
    assert article is not None
    return article
