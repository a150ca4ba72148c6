"""Articles for tests: imported through the pipeline, or laid out passage by passage.

Imported articles get the passages the segmenter decides; the laid-out ones get exactly
the passages given (kinds too), for tests about particular passages.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.importing import collect_paths, import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer
from tests.conftest import SEEDS

DEFAULT_TEXT = "开源之争\n\nLeCun 认为担心模型太强大而不开源太矫情。\n\nOpenAI 则担心模型被滥用。\n"
_counter = itertools.count(1)


def import_text(session: Session, name: str, text: str) -> list[int]:
    """Import one in-memory file; returns the new article ids."""
    report = import_file(
        session, Path(name), get_tokenizer(session), ImportOptions(), data=text.encode("utf-8")
    )
    assert report.status in ("imported", "unchanged"), report.reason
    return report.article_ids


def import_article(
    session: Session, text: str = DEFAULT_TEXT, name: str = "article.txt"
) -> Article:
    """Import one new article from text through the import pipeline."""
    report = import_file(
        session, Path(name), get_tokenizer(session), ImportOptions(), data=text.encode("utf-8")
    )
    assert report.status == "imported", report.reason
    article = session.get(Article, report.article_ids[0])
    assert article is not None
    return article


def import_seeds(session: Session) -> None:
    """Import the five seed articles (in file order)."""
    tokenizer = get_tokenizer(session)
    for path in collect_paths([SEEDS]):
        import_file(session, path, tokenizer, ImportOptions())


def article_with_passages(
    session: Session,
    passages: list[str],
    *,
    title: str = "测试文章",
    kinds: list[str] | None = None,
) -> Article:
    """An article whose passages are the given texts, joined by blank lines (all body)."""
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


def add_article(
    session: Session,
    text: str,
    passages: list[tuple[str, str]],
    *,
    title: str,
    source: str | None = None,
    published: tuple[int, int, int] | None = None,
    precision: str | None = None,
    segmenter: str = "test-seg-1",
) -> list[Passage]:
    """Insert an article whose passages are the given (text, kind) pieces, found in order."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(
        content_hash=digest,
        title=title,
        source=source,
        published=date(*published) if published else None,
        published_precision=precision,
        text=text,
        segmenter_version=segmenter,
    )
    session.add(article)
    session.flush()
    rows, cursor = [], 0
    for index, (piece, kind) in enumerate(passages):
        start = text.index(piece, cursor)
        cursor = start + len(piece)
        rows.append(
            Passage(
                uid=f"{digest[:16]}-{start}-{cursor}",
                article_id=article.id,
                index=index,
                start=start,
                end=cursor,
                kind=kind,
                text=piece,
            )
        )
    session.add_all(rows)
    session.flush()
    return rows


BULK_FILLER = "开源模型的讨论：研究者认为公开权重有助于复现，也有人担心被滥用。" * 3


def bulk_article(
    session: Session,
    n: int,
    passages: int,
    *,
    stride: int,
    length: int,
    published: date | None = None,
    precision: str | None = None,
) -> list[int]:
    """One article of `passages` body passages inserted in bulk (no pipeline, no labels).

    For tests that need tens of thousands of passages: offsets step by `stride`, each passage
    `length` long (the text is filler: these tests are about volume, not offsets).
    """
    digest = hashlib.sha256(f"article {n}".encode()).hexdigest()
    article = {
        "content_hash": digest,
        "title": f"文章 {n}",
        "text": "x",
        "meta": {},
        "segmenter_version": "bulk",
        "created_at": datetime.now(UTC),
    }
    if published is not None:
        article |= {"published": published, "published_precision": precision}
    article_id = session.execute(insert(Article).returning(Article.id), [article]).scalar_one()
    rows = [
        {
            "uid": f"{digest[:16]}-{i}",
            "article_id": article_id,
            "index": i,
            "start": i * stride,
            "end": i * stride + length,
            "kind": "body",
            "text": f"第{n}篇第{i}段：{BULK_FILLER}",
            "search_text": "",
        }
        for i in range(passages)
    ]
    return list(session.execute(insert(Passage).returning(Passage.id), rows).scalars())


def body_passages(session: Session, article: Article | None = None) -> list[Passage]:
    """Body passages in export order: the article's, or every article's."""
    query = select(Passage).where(Passage.kind == "body")
    if article is not None:
        query = query.where(Passage.article_id == article.id)
    return list(session.scalars(query.order_by(Passage.article_id, Passage.index)))


def passage_with(session: Session, fragment: str) -> Passage:
    """The first passage whose text contains the fragment."""
    found = [p for p in session.scalars(select(Passage)) if fragment in p.text]
    assert len(found) >= 1, fragment
    return found[0]
