"""Read passages in article then passage order with their labels, as two sorted streams.

One streamed query yields the passages; one more yields every label row (annotations,
their values and spans, notes, settled gold with its values and spans), joined to its
passage only to be sorted the same way. The reader walks the two side by side like a
merge join, so each query runs once however large the corpus: no query per chunk whose
plan could turn into a scan of a whole table when statistics are missing or stale, and no
bound-variable cap. Memory holds one passage's rows and the drivers' fetch buffers
(server-side cursors on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.exporting.label_rows import (
    CHUNK_SIZE,
    SortedLabelRows,
    attach_labels,
    label_query,
)
from annotator.services.exporting.passage_data import AnnotatorRows, GoldProvenance, PassageData
from annotator.services.exporting.vocabulary import ExportVocabulary

__all__ = ["AnnotatorRows", "GoldProvenance", "PassageData", "iter_passages"]


def _passage_query(include_boilerplate: bool) -> Any:
    # Sorted on the passage's own columns: the (kind, article_id) index then gives the
    # article order, and the database only sorts each article's passages.
    stmt = (
        select(
            Passage.id,
            Passage.article_id,
            Passage.uid,
            Passage.index,
            Passage.start,
            Passage.end,
            Passage.kind,
            Passage.text,
            Article.content_hash,
            Article.title,
            Article.source,
            Article.published,
            Article.published_precision,
            Article.segmenter_version,
        )
        .join(Article, Passage.article_id == Article.id)
        .order_by(Passage.article_id, Passage.index)
    )
    if not include_boilerplate:
        stmt = stmt.where(Passage.kind == "body")
    return stmt


def iter_passages(
    session: Session, vocabulary: ExportVocabulary, include_boilerplate: bool = False
) -> Iterator[PassageData]:
    """Yield every passage (boilerplate only when asked) with its labels, streaming."""
    # Plain Core rows, not ORM objects: nothing lands in the session's identity map.
    conn = session.connection()
    where = [] if include_boilerplate else [Passage.kind == "body"]
    passages = conn.execute(
        _passage_query(include_boilerplate).execution_options(yield_per=CHUNK_SIZE)
    )
    labels = SortedLabelRows(conn, label_query(where))
    article_id, article_uid = None, ""
    for rows in passages.partitions():
        for (
            id_,
            article,
            uid,
            index,
            start,
            end,
            kind,
            text,
            content_hash,
            title,
            source,
            published,
            precision,
            segmenter,
        ) in rows:
            if article != article_id:
                article_id, article_uid = article, content_hash[:16]
            data = PassageData(
                id_,
                article,
                uid,
                index,
                start,
                end,
                kind,
                text,
                article_uid,
                title,
                source,
                published,
                precision,
                segmenter,
            )
            if (article, index) >= labels.key:
                attach_labels(vocabulary, data, labels.take((article, index)))
            yield data
