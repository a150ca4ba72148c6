"""Read passages in article then passage order, a chunk at a time, with their labels.

One streamed query yields the passages; each chunk of them costs a fixed number of
child queries (annotations, values, spans, notes, gold), so memory stays flat and no
query ever binds more than one chunk's ids (SQLite caps bound variables).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select
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


@dataclass
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


@dataclass
class PassageData:
    """One passage with its article's metadata, its annotators' rows and its settled gold."""

    id: int
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
            Passage.id, Passage.uid, Passage.index, Passage.start, Passage.end, Passage.kind,
            Passage.text, Article.content_hash, Article.title, Article.source, Article.published,
            Article.published_precision, Article.segmenter_version,
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
    # yield_per streams: a server-side cursor on PostgreSQL, batched fetches on SQLite.
    result = session.execute(
        _passage_query(include_boilerplate).execution_options(yield_per=CHUNK_SIZE)
    )
    for rows in result.partitions():
        chunk = [_passage_data(row) for row in rows]
        _attach_labels(session, vocabulary, chunk)
        yield from chunk


def _passage_data(row: Row[Any]) -> PassageData:
    return PassageData(
        id=row.id, uid=row.uid, index=row.index, start=row.start, end=row.end, kind=row.kind,
        text=row.text, article_uid=row.content_hash[:16], article_title=row.title,
        source=row.source, published=row.published, published_precision=row.published_precision,
        segmenter_version=row.segmenter_version,
    )


def _attach_labels(
    session: Session, vocabulary: ExportVocabulary, chunk: Sequence[PassageData]
) -> None:
    by_id = {p.id: p for p in chunk}
    ids = list(by_id)
    set_ids = vocabulary.set_ids
    names = vocabulary.label_names
    _attach_annotations(session, vocabulary, by_id, ids, set_ids, names)
    for note in session.execute(
        select(Note.passage_id, User.username, Note.text, Note.created_at, Note.updated_at)
        .join(User, Note.user_id == User.id)
        .where(Note.passage_id.in_(ids))
    ):
        if not note.text:
            continue  # a cleared note is no note
        rows = by_id[note.passage_id].annotators.setdefault(note.username, AnnotatorRows())
        rows.note = note.text
        rows.touch(note.created_at, note.updated_at)
    _attach_gold(session, vocabulary, by_id, ids, set_ids, names)


def _attach_annotations(
    session: Session,
    vocabulary: ExportVocabulary,
    by_id: dict[int, PassageData],
    ids: list[int],
    set_ids: list[int],
    names: dict[int, str],
) -> None:
    owner: dict[int, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    for a in session.execute(
        select(
            Annotation.id, Annotation.passage_id, Annotation.label_set_id,
            Annotation.codebook_version, Annotation.created_at, Annotation.updated_at,
            User.username,
        )
        .join(User, Annotation.user_id == User.id)
        .where(Annotation.passage_id.in_(ids), Annotation.label_set_id.in_(set_ids))
    ):
        rows = by_id[a.passage_id].annotators.setdefault(a.username, AnnotatorRows())
        rows.touch(a.created_at, a.updated_at)
        if a.codebook_version is not None:
            rows.codebook_version = max(rows.codebook_version or 0, a.codebook_version)
        set_name = vocabulary.set_names[a.label_set_id]
        rows.values.setdefault(set_name, set())
        owner[a.id] = (rows, set_name)
    if not owner:
        return  # nobody annotated this chunk: skip the value and span queries
    in_chunk = Annotation.passage_id.in_(ids)
    for v in session.execute(
        select(AnnotationValue.annotation_id, AnnotationValue.label_id)
        .join(Annotation, AnnotationValue.annotation_id == Annotation.id)
        .where(in_chunk)
    ):
        if v.annotation_id in owner:
            rows, set_name = owner[v.annotation_id]
            rows.values[set_name].add(names[v.label_id])
    for s in session.execute(
        select(Span.annotation_id, Span.label_id, Span.start, Span.end)
        .join(Annotation, Span.annotation_id == Annotation.id)
        .where(in_chunk)
    ):
        if s.annotation_id in owner:
            owner[s.annotation_id][0].spans.add((s.start, s.end, names[s.label_id]))


def _attach_gold(
    session: Session,
    vocabulary: ExportVocabulary,
    by_id: dict[int, PassageData],
    ids: list[int],
    set_ids: list[int],
    names: dict[int, str],
) -> None:
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int, tuple[PassageData, str]] = {}
    for g in session.execute(
        select(GoldAnnotation.id, GoldAnnotation.passage_id, GoldAnnotation.label_set_id).where(
            GoldAnnotation.passage_id.in_(ids),
            GoldAnnotation.label_set_id.in_(set_ids),
            GoldAnnotation.state == "settled",
        )
    ):
        passage = by_id[g.passage_id]
        set_name = vocabulary.set_names[g.label_set_id]
        if set_name in span_sets:
            passage.gold_spans[set_name] = set()
        else:
            passage.gold_values[set_name] = set()
        owner[g.id] = (passage, set_name)
    if not owner:
        return
    settled = (GoldAnnotation.passage_id.in_(ids), GoldAnnotation.state == "settled")
    for v in session.execute(
        select(GoldValue.gold_id, GoldValue.label_id)
        .join(GoldAnnotation, GoldValue.gold_id == GoldAnnotation.id)
        .where(*settled)
    ):
        if v.gold_id in owner:
            passage, set_name = owner[v.gold_id]
            passage.gold_values[set_name].add(names[v.label_id])
    for s in session.execute(
        select(GoldSpan.gold_id, GoldSpan.label_id, GoldSpan.start, GoldSpan.end)
        .join(GoldAnnotation, GoldSpan.gold_id == GoldAnnotation.id)
        .where(*settled)
    ):
        if s.gold_id in owner:
            passage, set_name = owner[s.gold_id]
            passage.gold_spans[set_name].add((s.start, s.end, names[s.label_id]))
