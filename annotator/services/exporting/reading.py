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
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    Text,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

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
from annotator.models.base import UTCDateTime
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.holder_links import SpanLink
from annotator.services.resolution import SpanKey

CHUNK_SIZE = 500  # rows each driver fetch brings (a server-side cursor's FETCH on PostgreSQL)
_END = (float("inf"),)  # sorts after every (article id, passage index) key


@dataclass(slots=True)
class AnnotatorRows:
    """Everything one annotator stored on one passage."""

    values: dict[str, set[str]] = field(default_factory=dict)  # set name -> label names
    spans: set[SpanKey] = field(default_factory=set)
    links: dict[SpanKey, SpanLink] = field(default_factory=dict)  # holder stances, evidence links
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


@dataclass(frozen=True, slots=True)
class GoldProvenance:
    """Who settled one label set's gold, when, and why."""

    reviewer: str
    settled_at: datetime
    reason: str


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
    gold_links: dict[SpanKey, SpanLink] = field(default_factory=dict)
    gold_by: dict[str, GoldProvenance] = field(default_factory=dict)  # settled set -> who, why

    @property
    def labelled(self) -> bool:
        """Whether any annotator, note or settled gold is attached."""
        return bool(self.annotators or self.gold_values or self.gold_spans)


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


# What a label row is, in the order a passage's rows are sorted: an annotation or a
# settled gold decision comes before its values and spans.
ANNOTATION, VALUE, SPAN, NOTE, GOLD, GOLD_VALUE, GOLD_SPAN = range(7)


LABEL_COLUMNS = ("passage_id", "kind", "ref", "item", "codebook", "start", "end", "username",
                 "text", "created_at", "updated_at", "stance", "holder_start",
                 "holder_end")  # fmt: skip
_NULL_TYPES = (Integer, Integer, Integer, Integer, Integer, Integer, Integer, Text, Text,
               UTCDateTime, UTCDateTime, Integer, Integer, Integer)  # fmt: skip


def _label_branch(tag: int, **columns: Any) -> Select[Any]:
    """One kind of label row, with NULL (typed) in the columns it does not have."""
    values = {"kind": literal_column(str(tag), Integer), **columns}
    return select(*(
        (values[name] if name in values else cast(null(), type_)).label(name)
        for name, type_ in zip(LABEL_COLUMNS, _NULL_TYPES, strict=True)
    ))  # fmt: skip


def _label_query(where: list[ColumnElement[bool]]) -> Select[Any]:
    """Every label row of the exported passages, led by its passage's (article id, index).

    One query for all seven kinds joins the passages (a scan of the largest table) once.
    """
    settled = GoldAnnotation.state == "settled"
    a, g = Annotation, GoldAnnotation
    holder, gold_holder = aliased(Span), aliased(GoldSpan)
    rows = union_all(
        _label_branch(ANNOTATION, passage_id=a.passage_id, ref=a.id, item=a.label_set_id,
                      codebook=a.codebook_version, username=User.username,
                      created_at=a.created_at, updated_at=a.updated_at)
        .join_from(a, User, a.user_id == User.id),
        _label_branch(VALUE, passage_id=a.passage_id, ref=AnnotationValue.annotation_id,
                      item=AnnotationValue.label_id)
        .join_from(AnnotationValue, a, AnnotationValue.annotation_id == a.id),
        _label_branch(SPAN, passage_id=a.passage_id, ref=Span.annotation_id, item=Span.label_id,
                      start=Span.start, end=Span.end, stance=Span.stance_label_id,
                      holder_start=holder.start, holder_end=holder.end)
        .join_from(Span, a, Span.annotation_id == a.id)
        .outerjoin(holder, holder.id == Span.holder_span_id),
        _label_branch(NOTE, passage_id=Note.passage_id, username=User.username, text=Note.text,
                      created_at=Note.created_at, updated_at=Note.updated_at)
        .join_from(Note, User, Note.user_id == User.id),
        _label_branch(GOLD, passage_id=g.passage_id, ref=g.id, item=g.label_set_id,
                      username=User.username, text=g.reason, updated_at=g.updated_at)
        .join_from(g, User, g.reviewer_id == User.id).where(settled),
        _label_branch(GOLD_VALUE, passage_id=g.passage_id, ref=GoldValue.gold_id,
                      item=GoldValue.label_id)
        .join_from(GoldValue, g, GoldValue.gold_id == g.id).where(settled),
        _label_branch(GOLD_SPAN, passage_id=g.passage_id, ref=GoldSpan.gold_id,
                      item=GoldSpan.label_id, start=GoldSpan.start, end=GoldSpan.end,
                      stance=GoldSpan.stance_label_id, holder_start=gold_holder.start,
                      holder_end=gold_holder.end)
        .join_from(GoldSpan, g, GoldSpan.gold_id == g.id)
        .outerjoin(gold_holder, gold_holder.id == GoldSpan.holder_span_id).where(settled),
    ).subquery()  # fmt: skip
    return (
        select(Passage.article_id, Passage.index, *(rows.c[name] for name in LABEL_COLUMNS[1:]))
        .join_from(rows, Passage, rows.c.passage_id == Passage.id)
        .where(*where)
        .order_by(Passage.article_id, Passage.index, rows.c.kind)
    )


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
    labels = _SortedRows(conn, _label_query(where))
    article_id, article_uid = None, ""
    for rows in passages.partitions():
        for (id_, article, uid, index, start, end, kind, text, content_hash, title, source,
             published, precision, segmenter) in rows:  # fmt: skip
            if article != article_id:
                article_id, article_uid = article, content_hash[:16]
            data = PassageData(id_, article, uid, index, start, end, kind, text, article_uid,
                               title, source, published, precision, segmenter)  # fmt: skip
            if (article, index) >= labels.key:
                _attach(vocabulary, data, labels.take((article, index)))
            yield data


def _attach(vocabulary: ExportVocabulary, data: PassageData, rows: list[Any]) -> None:
    names, set_names = vocabulary.label_names, vocabulary.set_names
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    gold: dict[int, str] = {}  # settled gold id -> set name
    for (_, _, tag, ref, item, codebook, start, end, username, text, created, updated, stance,
         h_start, h_end) in rows:  # fmt: skip
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
    return SpanLink(
        None if stance is None else names[stance], None if start is None else (start, end)
    )
