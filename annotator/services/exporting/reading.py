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

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage
from annotator.services.exporting.label_rows import (
    ANNOTATION,
    GOLD,
    GOLD_SPAN,
    GOLD_VALUE,
    NOTE,
    SPAN,
    VALUE,
    label_query,
)
from annotator.services.exporting.passage_data import AnnotatorRows, GoldProvenance, PassageData
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.holder_links import SpanLink

CHUNK_SIZE = 500  # rows each driver fetch brings (a server-side cursor's FETCH on PostgreSQL)
_END = (float("inf"),)  # sorts after every (article id, passage index) key


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


class _SortedRows:
    """Label rows led by their passage's (article id, index), taken a passage at a time."""

    __slots__ = ("_rows", "head", "key")

    def __init__(self, conn: Connection, stmt: Select[Any]) -> None:
        result = conn.execute(stmt.execution_options(yield_per=CHUNK_SIZE))
        self._rows = iter(result)
        self._advance()

    def _advance(self) -> None:
        self.head = next(self._rows, None)
        self.key: tuple[float, ...] = _END if self.head is None else (self.head[0], self.head[1])

    def take(self, key: tuple[int, int]) -> list[Any]:
        """The rows of the passage at `key`; rows of passages not exported are skipped."""
        taken = []
        while self.key <= key:
            if self.key == key:
                taken.append(self.head)
            self._advance()
        return taken


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
    labels = _SortedRows(conn, label_query(where))
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
                _attach(vocabulary, data, labels.take((article, index)))
            yield data


def _attach(vocabulary: ExportVocabulary, data: PassageData, rows: list[Any]) -> None:
    names, set_names = vocabulary.label_names, vocabulary.set_names
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    gold: dict[int, str] = {}  # settled gold id -> set name
    for row in rows:
        _, _, tag, ref, item, codebook, start, end, username, text, created, updated = row[:12]
        stance, h_start, h_end = row[12:]
        if tag == ANNOTATION:
            if item not in set_names:
                continue  # a retired or article-scope set
            record = data.annotators.setdefault(username, AnnotatorRows())
            record.touch(created, updated)
            if codebook is not None:
                record.codebook_version = max(record.codebook_version or 0, codebook)
            record.values.setdefault(set_names[item], set())
            owner[ref] = (record, set_names[item])
        elif tag == VALUE and ref in owner:
            record, set_name = owner[ref]
            record.values[set_name].add(names[item])
        elif tag == SPAN and ref in owner:
            key = (start, end, names[item])
            owner[ref][0].spans.add(key)
            if stance is not None or h_start is not None:
                owner[ref][0].links[key] = _link(names, stance, h_start, h_end)
        elif tag == NOTE and text:  # a cleared note is no note
            record = data.annotators.setdefault(username, AnnotatorRows())
            record.note = text
            record.touch(created, updated)
        elif tag == GOLD and item in set_names:
            gold[ref] = set_name = set_names[item]
            data.gold_by[set_name] = GoldProvenance(username, updated, text or "")
            if set_name in span_sets:
                data.gold_spans[set_name] = set()
            else:
                data.gold_values[set_name] = set()
        elif tag == GOLD_VALUE and ref in gold:
            data.gold_values[gold[ref]].add(names[item])
        elif tag == GOLD_SPAN and ref in gold:
            key = (start, end, names[item])
            data.gold_spans[gold[ref]].add(key)
            if stance is not None or h_start is not None:
                data.gold_links[key] = _link(names, stance, h_start, h_end)


def _link(names: dict[int, str], stance: int | None, start: Any, end: Any) -> SpanLink:
    """A span's own stance and its holder's offsets, as label names and (start, end)."""
    return SpanLink(
        None if stance is None else names[stance], None if start is None else (start, end)
    )
