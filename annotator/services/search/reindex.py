"""Re-segment passages' index text after the dictionary (or the tokenizer) changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.search.terms import (
    INDEX_VERSION,
    SearchTokenizer,
    index_text,
    segmenter_version,
)


@dataclass(frozen=True)
class IndexState:
    """How many articles are indexed with the current tokenizer, out of all of them."""

    stale: int
    total: int
    version: str


def _current_suffix(tokenizer: SearchTokenizer) -> str:
    return f"+{tokenizer.version}+{INDEX_VERSION}"


def _is_stale(tokenizer: SearchTokenizer):  # type: ignore[no-untyped-def]
    return ~Article.segmenter_version.endswith(_current_suffix(tokenizer), autoescape=True)


def index_state(session: Session, tokenizer: SearchTokenizer) -> IndexState:
    """Count the articles whose index text predates the current tokenizer."""
    total = session.scalar(select(func.count(Article.id))) or 0
    stale = session.scalar(select(func.count(Article.id)).where(_is_stale(tokenizer))) or 0
    return IndexState(stale=stale, total=total, version=tokenizer.version)


def stale_article_ids(
    session: Session, tokenizer: SearchTokenizer, limit: int | None = None
) -> list[int]:
    """Articles to re-index, oldest id first."""
    stmt = select(Article.id).where(_is_stale(tokenizer)).order_by(Article.id).limit(limit)
    return list(session.scalars(stmt))


def reindex_articles(session: Session, tokenizer: SearchTokenizer, article_ids: list[int]) -> int:
    """Recompute the index text of these articles' passages; returns passages changed."""
    changed = 0
    for article in session.scalars(select(Article).where(Article.id.in_(article_ids))):
        rows = session.execute(
            select(Passage.id, Passage.text, Passage.search_text).where(
                Passage.article_id == article.id
            )
        )
        updates = []
        for pid, text, old in rows:
            new = index_text(tokenizer, text)
            if new != old:
                updates.append({"id": pid, "search_text": new})
        if updates:
            # Bulk UPDATE by primary key; the SQLite triggers keep passage_fts in step.
            session.execute(update(Passage), updates)
            changed += len(updates)
        passages_version = article.segmenter_version.split("+", 1)[0]
        article.segmenter_version = segmenter_version(passages_version, tokenizer)
    session.flush()
    return changed


def reindex_stale(
    session: Session,
    tokenizer: SearchTokenizer,
    *,
    commit: Callable[[], None],
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 20,
) -> tuple[int, int]:
    """Re-index every stale article in chunks, committing each; (articles, passages changed).

    A chunk is committed before the next starts, so stopping part-way (a cancelled job, a
    killed worker) keeps what was done and the next run picks up the articles still stale.
    `progress(done, total)` hears after each chunk; total is what was stale at the start.
    """
    total = index_state(session, tokenizer).stale
    done = changed = 0
    while True:
        ids = stale_article_ids(session, tokenizer, limit=chunk)
        if not ids:
            break
        changed += reindex_articles(session, tokenizer, ids)
        commit()
        done += len(ids)
        if progress is not None:
            progress(done, max(total, done))
    return done, changed
