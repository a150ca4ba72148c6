"""Read passages in article then passage order with their labels, as sorted streams merged.

One streamed query yields the passages. Each kind of label row (annotations, their values
and spans, notes, settled gold with its values and spans) comes from one more streamed
query, joined to its passage only to be sorted the same way. The reader walks them side
by side like a merge join, so each query runs once however large the corpus: no query
per chunk whose plan could turn into a scan of a whole table when statistics are missing
or stale, and no bound-variable cap. Memory holds one passage's rows and the drivers'
fetch buffers (server-side cursors on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Note,
    Passage,
    Span,
    User,
)
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.resolution import SpanKey

CHUNK_SIZE = 500  # rows each driver fetch brings (a server-side cursor's FETCH on PostgreSQL)
_END = (float("inf"),)  # sorts after every (article id, passage index) key


@dataclass(slots=True)
class AnnotatorRows:
    """Everything one annotator stored on one passage."""

    values: dict[str, set[str]] = field(default_factory=dict)  # set name -> label names
    spans: set[SpanKey] = field(default_factory=set)
    note: str | None = None
    codebook_version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def touch(self, created: datetime, updated: datetime) -> None:
        """Widen the record's time range to cover one more row."""
        self.created_at = created if self.created_at is None else min(self.created_at, created)
        self.updated_at = updated if self.updated_at is None else max(self.updated_at, updated)

    @property
    def has_labels(self) -> bool:
        """Whether the annotator chose a label or marked a span (cleared records do not)."""
        return bool(self.spans) or any(self.values.values())


@dataclass(slots=True)
class PassageData:
    """One passage with its article's metadata, its annotators' rows and its settled gold."""

    id: int
    article_id: int
    uid: str
    index: int
    start: int
    end: int
    kind: str
    text: str
    article_uid: str
    article_title: str
    source: str | None
    published: date | None
    published_precision: str | None
    segmenter_version: str
    annotators: dict[str, AnnotatorRows] = field(default_factory=dict)
    gold_values: dict[str, set[str]] = field(default_factory=dict)  # settled choice sets
    gold_spans: dict[str, set[SpanKey]] = field(default_factory=dict)  # settled span sets

    @property
    def labelled(self) -> bool:
        """Whether any annotator, note or settled gold is attached."""
        return bool(self.annotators or self.gold_values or self.gold_spans)


def _passage_query(include_boilerplate: bool) -> Select[Any]:
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
    """A child query's rows, led by their passage's (article id, index), taken in step."""

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


class _LabelStreams:
    """The seven label streams of one export, sorted like the passages."""

    def __init__(self, conn: Connection, where: list[ColumnElement[bool]]) -> None:
        def sorted_by_passage(*columns: Any) -> Select[Any]:
            return (
                select(Passage.article_id, Passage.index, *columns)
                .where(*where)
                .order_by(Passage.article_id, Passage.index)
            )

        settled = GoldAnnotation.state == "settled"
        self.annotations = _SortedRows(conn, sorted_by_passage(
            Annotation.id, Annotation.label_set_id, Annotation.codebook_version,
            Annotation.created_at, Annotation.updated_at, User.username,
        ).join_from(Annotation, Passage, Annotation.passage_id == Passage.id)
         .join(User, Annotation.user_id == User.id))  # fmt: skip
        self.values = _SortedRows(conn, sorted_by_passage(
            AnnotationValue.annotation_id, AnnotationValue.label_id,
        ).join_from(AnnotationValue, Annotation, AnnotationValue.annotation_id == Annotation.id)
         .join(Passage, Annotation.passage_id == Passage.id))  # fmt: skip
        self.spans = _SortedRows(conn, sorted_by_passage(
            Span.annotation_id, Span.label_id, Span.start, Span.end,
        ).join_from(Span, Annotation, Span.annotation_id == Annotation.id)
         .join(Passage, Annotation.passage_id == Passage.id))  # fmt: skip
        self.notes = _SortedRows(conn, sorted_by_passage(
            User.username, Note.text, Note.created_at, Note.updated_at,
        ).join_from(Note, Passage, Note.passage_id == Passage.id)
         .join(User, Note.user_id == User.id))  # fmt: skip
        self.gold = _SortedRows(conn, sorted_by_passage(
            GoldAnnotation.id, GoldAnnotation.label_set_id,
        ).join_from(GoldAnnotation, Passage, GoldAnnotation.passage_id == Passage.id)
         .where(settled))  # fmt: skip
        self.gold_values = _SortedRows(conn, sorted_by_passage(
            GoldValue.gold_id, GoldValue.label_id,
        ).join_from(GoldValue, GoldAnnotation, GoldValue.gold_id == GoldAnnotation.id)
         .join(Passage, GoldAnnotation.passage_id == Passage.id).where(settled))  # fmt: skip
        self.gold_spans = _SortedRows(conn, sorted_by_passage(
            GoldSpan.gold_id, GoldSpan.label_id, GoldSpan.start, GoldSpan.end,
        ).join_from(GoldSpan, GoldAnnotation, GoldSpan.gold_id == GoldAnnotation.id)
         .join(Passage, GoldAnnotation.passage_id == Passage.id).where(settled))  # fmt: skip
        self._all = (self.annotations, self.values, self.spans, self.notes,
                     self.gold, self.gold_values, self.gold_spans)  # fmt: skip

    def next_key(self) -> tuple[float, ...]:
        """The key of the next passage that has any label row."""
        return min(stream.key for stream in self._all)


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
    labels = _LabelStreams(conn, where)
    next_key = labels.next_key()
    article_id, article_uid = None, ""
    for rows in passages.partitions():
        for (id_, article, uid, index, start, end, kind, text, content_hash, title, source,
             published, precision, segmenter) in rows:  # fmt: skip
            if article != article_id:
                article_id, article_uid = article, content_hash[:16]
            data = PassageData(id_, article, uid, index, start, end, kind, text, article_uid,
                               title, source, published, precision, segmenter)  # fmt: skip
            if (article, index) >= next_key:
                _attach(labels, vocabulary, data, (article, index))
                next_key = labels.next_key()
            yield data


def _attach(
    labels: _LabelStreams, vocabulary: ExportVocabulary, data: PassageData, key: tuple[int, int]
) -> None:
    names = vocabulary.label_names
    owner: dict[int, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    for row in labels.annotations.take(key):
        _, _, annotation_id, set_id, codebook, created, updated, username = row
        if set_id not in vocabulary.set_names:
            continue  # a retired or article-scope set
        rows = data.annotators.setdefault(username, AnnotatorRows())
        rows.touch(created, updated)
        if codebook is not None:
            rows.codebook_version = max(rows.codebook_version or 0, codebook)
        set_name = vocabulary.set_names[set_id]
        rows.values.setdefault(set_name, set())
        owner[annotation_id] = (rows, set_name)
    for _, _, annotation_id, label_id in labels.values.take(key):
        if annotation_id in owner:
            rows, set_name = owner[annotation_id]
            rows.values[set_name].add(names[label_id])
    for _, _, annotation_id, label_id, start, end in labels.spans.take(key):
        if annotation_id in owner:
            owner[annotation_id][0].spans.add((start, end, names[label_id]))
    for _, _, username, text, created, updated in labels.notes.take(key):
        if not text:
            continue  # a cleared note is no note
        rows = data.annotators.setdefault(username, AnnotatorRows())
        rows.note = text
        rows.touch(created, updated)
    _attach_gold(labels, vocabulary, data, key)


def _attach_gold(
    labels: _LabelStreams, vocabulary: ExportVocabulary, data: PassageData, key: tuple[int, int]
) -> None:
    names = vocabulary.label_names
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int, str] = {}  # gold id -> set name
    for _, _, gold_id, set_id in labels.gold.take(key):
        if set_id not in vocabulary.set_names:
            continue
        set_name = vocabulary.set_names[set_id]
        if set_name in span_sets:
            data.gold_spans[set_name] = set()
        else:
            data.gold_values[set_name] = set()
        owner[gold_id] = set_name
    for _, _, gold_id, label_id in labels.gold_values.take(key):
        if gold_id in owner:
            data.gold_values[owner[gold_id]].add(names[label_id])
    for _, _, gold_id, label_id, start, end in labels.gold_spans.take(key):
        if gold_id in owner:
            data.gold_spans[owner[gold_id]].add((start, end, names[label_id]))
