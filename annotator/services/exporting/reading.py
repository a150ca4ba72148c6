"""Read passages in article then passage order, a chunk at a time, with their labels.

One streamed query yields the passages; each chunk of them costs a fixed number of
child queries (annotations, values, spans, notes, gold), so memory stays flat. A child
query selects its chunk by the range of (article id, passage index) the chunk spans,
not by a list of ids: it binds four values however large the chunk, so SQLite's cap on
bound variables never applies, and the statement is compiled once and cached.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, select, tuple_
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

CHUNK_SIZE = 500


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


def _passage_query(include_boilerplate: bool) -> Any:
    stmt = (
        select(
            # Labelled: a Row is a tuple, whose own .index method the name would shadow.
            Passage.id,
            Passage.article_id,
            Passage.uid,
            Passage.index.label("position"),
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
        .order_by(Article.id, Passage.index)
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
    # yield_per streams: a server-side cursor on PostgreSQL, batched fetches on SQLite.
    result = conn.execute(
        _passage_query(include_boilerplate).execution_options(yield_per=CHUNK_SIZE)
    )
    for rows in result.partitions():
        chunk = [_passage_data(row) for row in rows]
        _attach_labels(conn, vocabulary, chunk, include_boilerplate)
        yield from chunk


def _passage_data(row: Row[Any]) -> PassageData:
    return PassageData(
        id=row.id,
        article_id=row.article_id,
        uid=row.uid,
        index=row.position,
        start=row.start,
        end=row.end,
        kind=row.kind,
        text=row.text,
        article_uid=row.content_hash[:16],
        article_title=row.title,
        source=row.source,
        published=row.published,
        published_precision=row.published_precision,
        segmenter_version=row.segmenter_version,
    )


def _in_chunk(chunk: Sequence[PassageData], include_boilerplate: bool) -> list[ColumnElement[bool]]:
    """Conditions on Passage that pick exactly the chunk's passages."""
    first, last = chunk[0], chunk[-1]
    position = tuple_(Passage.article_id, Passage.index)
    conditions = [
        position >= tuple_(first.article_id, first.index),
        position <= tuple_(last.article_id, last.index),
    ]
    if not include_boilerplate:
        conditions.append(Passage.kind == "body")
    return conditions


def _attach_labels(
    conn: Connection,
    vocabulary: ExportVocabulary,
    chunk: Sequence[PassageData],
    include_boilerplate: bool,
) -> None:
    by_id = {p.id: p for p in chunk}
    where = _in_chunk(chunk, include_boilerplate)
    _attach_annotations(conn, vocabulary, by_id, where)
    for note in conn.execute(
        select(Note.passage_id, User.username, Note.text, Note.created_at, Note.updated_at)
        .join(User, Note.user_id == User.id)
        .join(Passage, Note.passage_id == Passage.id)
        .where(*where)
    ):
        if not note.text:
            continue  # a cleared note is no note
        rows = by_id[note.passage_id].annotators.setdefault(note.username, AnnotatorRows())
        rows.note = note.text
        rows.touch(note.created_at, note.updated_at)
    _attach_gold(conn, vocabulary, by_id, where)


def _attach_annotations(
    conn: Connection,
    vocabulary: ExportVocabulary,
    by_id: dict[int, PassageData],
    where: list[ColumnElement[bool]],
) -> None:
    names = vocabulary.label_names
    owner: dict[int, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    for a in conn.execute(
        select(
            Annotation.id,
            Annotation.passage_id,
            Annotation.label_set_id,
            Annotation.codebook_version,
            Annotation.created_at,
            Annotation.updated_at,
            User.username,
        )
        .join(User, Annotation.user_id == User.id)
        .join(Passage, Annotation.passage_id == Passage.id)
        .where(*where)
    ):
        if a.label_set_id not in vocabulary.set_names:
            continue  # a retired or article-scope set
        rows = by_id[a.passage_id].annotators.setdefault(a.username, AnnotatorRows())
        rows.touch(a.created_at, a.updated_at)
        if a.codebook_version is not None:
            rows.codebook_version = max(rows.codebook_version or 0, a.codebook_version)
        set_name = vocabulary.set_names[a.label_set_id]
        rows.values.setdefault(set_name, set())
        owner[a.id] = (rows, set_name)
    if not owner:
        return  # nobody annotated this chunk: skip the value and span queries
    for v in conn.execute(
        select(AnnotationValue.annotation_id, AnnotationValue.label_id)
        .join(Annotation, AnnotationValue.annotation_id == Annotation.id)
        .join(Passage, Annotation.passage_id == Passage.id)
        .where(*where)
    ):
        if v.annotation_id in owner:
            rows, set_name = owner[v.annotation_id]
            rows.values[set_name].add(names[v.label_id])
    for s in conn.execute(
        select(Span.annotation_id, Span.label_id, Span.start, Span.end)
        .join(Annotation, Span.annotation_id == Annotation.id)
        .join(Passage, Annotation.passage_id == Passage.id)
        .where(*where)
    ):
        if s.annotation_id in owner:
            owner[s.annotation_id][0].spans.add((s.start, s.end, names[s.label_id]))


def _attach_gold(
    conn: Connection,
    vocabulary: ExportVocabulary,
    by_id: dict[int, PassageData],
    where: list[ColumnElement[bool]],
) -> None:
    names = vocabulary.label_names
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int, tuple[PassageData, str]] = {}
    settled = [*where, GoldAnnotation.state == "settled"]
    for g in conn.execute(
        select(GoldAnnotation.id, GoldAnnotation.passage_id, GoldAnnotation.label_set_id)
        .join(Passage, GoldAnnotation.passage_id == Passage.id)
        .where(*settled)
    ):
        if g.label_set_id not in vocabulary.set_names:
            continue
        passage = by_id[g.passage_id]
        set_name = vocabulary.set_names[g.label_set_id]
        if set_name in span_sets:
            passage.gold_spans[set_name] = set()
        else:
            passage.gold_values[set_name] = set()
        owner[g.id] = (passage, set_name)
    if not owner:
        return
    for v in conn.execute(
        select(GoldValue.gold_id, GoldValue.label_id)
        .join(GoldAnnotation, GoldValue.gold_id == GoldAnnotation.id)
        .join(Passage, GoldAnnotation.passage_id == Passage.id)
        .where(*settled)
    ):
        if v.gold_id in owner:
            passage, set_name = owner[v.gold_id]
            passage.gold_values[set_name].add(names[v.label_id])
    for s in conn.execute(
        select(GoldSpan.gold_id, GoldSpan.label_id, GoldSpan.start, GoldSpan.end)
        .join(GoldAnnotation, GoldSpan.gold_id == GoldAnnotation.id)
        .join(Passage, GoldAnnotation.passage_id == Passage.id)
        .where(*settled)
    ):
        if s.gold_id in owner:
            passage, set_name = owner[s.gold_id]
            passage.gold_spans[set_name].add((s.start, s.end, names[s.label_id]))
