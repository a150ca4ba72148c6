"""The label rows an export reads: one query for every kind, sorted like the passages.

Each row is a LabelRow led by its passage's (article id, index); attach_labels() folds a
passage's rows into its PassageData (annotators' values, spans and notes, settled gold).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

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
from sqlalchemy.orm import aliased

from annotator.models import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Note,
    Passage,
    Span,
    User,
)
from annotator.models.base import UTCDateTime
from annotator.services.exporting.passage_data import AnnotatorRows, GoldProvenance, PassageData
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.holder_links import SpanLink

CHUNK_SIZE = 500  # rows each driver fetch brings (a server-side cursor's FETCH on PostgreSQL)
_END = (float("inf"),)  # sorts after every (article id, passage index) key


# What a label row is, in the order a passage's rows are sorted: an annotation or a
# settled gold decision comes before its values and spans.
ANNOTATION, VALUE, SPAN, NOTE, GOLD, GOLD_VALUE, GOLD_SPAN = range(7)


LABEL_COLUMNS = (
    "passage_id",
    "kind",
    "ref",
    "item",
    "codebook",
    "start",
    "end",
    "username",
    "text",
    "created_at",
    "updated_at",
    "stance",
    "holder_start",
    "holder_end",
)


class LabelRow(NamedTuple):
    """One label row as _label_query reads it, led by its passage's sort key.

    `kind` says what it is (ANNOTATION, VALUE, ...); the other columns are NULL where that
    kind has nothing: `ref` is the annotation or gold id it belongs to, `item` a label set
    (annotations, gold) or a label (values, spans).
    """

    article_id: int
    passage_index: int
    kind: int
    ref: int | None
    item: int | None
    codebook: int | None
    start: int | None
    end: int | None
    username: str | None
    text: str | None
    created_at: datetime | None
    updated_at: datetime | None
    stance: int | None  # a holder span's own stance (a label id)
    holder_start: int | None  # an evidence span's holder, by its offsets
    holder_end: int | None


_NULL_TYPES = (
    Integer,
    Integer,
    Integer,
    Integer,
    Integer,
    Integer,
    Integer,
    Text,
    Text,
    UTCDateTime,
    UTCDateTime,
    Integer,
    Integer,
    Integer,
)


def _label_branch(tag: int, **columns: Any) -> Select[Any]:
    """One kind of label row, with NULL (typed) in the columns it does not have."""
    values = {"kind": literal_column(str(tag), Integer), **columns}
    return select(
        *(
            (values[name] if name in values else cast(null(), type_)).label(name)
            for name, type_ in zip(LABEL_COLUMNS, _NULL_TYPES, strict=True)
        )
    )


def label_query(where: list[ColumnElement[bool]]) -> Select[Any]:
    """Every label row of the exported passages, led by its passage's (article id, index).

    One query for all seven kinds joins the passages (a scan of the largest table) once.
    """
    settled = GoldAnnotation.state == "settled"
    a, g = Annotation, GoldAnnotation
    holder, gold_holder = aliased(Span), aliased(GoldSpan)  # the span an evidence span links
    rows = union_all(
        _label_branch(
            ANNOTATION,
            passage_id=a.passage_id,
            ref=a.id,
            item=a.label_set_id,
            codebook=a.codebook_version,
            username=User.username,
            created_at=a.created_at,
            updated_at=a.updated_at,
        ).join_from(a, User, a.user_id == User.id),
        _label_branch(
            VALUE,
            passage_id=a.passage_id,
            ref=AnnotationValue.annotation_id,
            item=AnnotationValue.label_id,
        ).join_from(AnnotationValue, a, AnnotationValue.annotation_id == a.id),
        _label_branch(
            SPAN,
            passage_id=a.passage_id,
            ref=Span.annotation_id,
            item=Span.label_id,
            start=Span.start,
            end=Span.end,
            stance=Span.stance_label_id,
            holder_start=holder.start,
            holder_end=holder.end,
        )
        .join_from(Span, a, Span.annotation_id == a.id)
        .outerjoin(holder, holder.id == Span.holder_span_id),
        _label_branch(
            NOTE,
            passage_id=Note.passage_id,
            username=User.username,
            text=Note.text,
            created_at=Note.created_at,
            updated_at=Note.updated_at,
        ).join_from(Note, User, Note.user_id == User.id),
        _label_branch(
            GOLD,
            passage_id=g.passage_id,
            ref=g.id,
            item=g.label_set_id,
            username=User.username,
            text=g.reason,
            updated_at=g.updated_at,
        )
        .join_from(g, User, g.reviewer_id == User.id)
        .where(settled),
        _label_branch(
            GOLD_VALUE, passage_id=g.passage_id, ref=GoldValue.gold_id, item=GoldValue.label_id
        )
        .join_from(GoldValue, g, GoldValue.gold_id == g.id)
        .where(settled),
        _label_branch(
            GOLD_SPAN,
            passage_id=g.passage_id,
            ref=GoldSpan.gold_id,
            item=GoldSpan.label_id,
            start=GoldSpan.start,
            end=GoldSpan.end,
            stance=GoldSpan.stance_label_id,
            holder_start=gold_holder.start,
            holder_end=gold_holder.end,
        )
        .join_from(GoldSpan, g, GoldSpan.gold_id == g.id)
        .outerjoin(gold_holder, gold_holder.id == GoldSpan.holder_span_id)
        .where(settled),
    ).subquery()
    return (
        select(Passage.article_id, Passage.index, *(rows.c[name] for name in LABEL_COLUMNS[1:]))
        .join_from(rows, Passage, rows.c.passage_id == Passage.id)
        .where(*where)
        .order_by(Passage.article_id, Passage.index, rows.c.kind)
    )


class SortedLabelRows:
    """Label rows led by their passage's (article id, index), taken a passage at a time."""

    __slots__ = ("_rows", "head", "key")

    def __init__(self, conn: Connection, stmt: Select[Any]) -> None:
        result = conn.execute(stmt.execution_options(yield_per=CHUNK_SIZE))
        self._rows = iter(result)
        self._advance()

    def _advance(self) -> None:
        self.head = next(self._rows, None)
        self.key: tuple[float, ...] = _END if self.head is None else (self.head[0], self.head[1])

    def take(self, key: tuple[int, int]) -> list[LabelRow]:
        """The rows of the passage at `key`; rows of passages not exported are skipped."""
        taken = []
        while self.key <= key:
            if self.key == key:
                taken.append(LabelRow._make(self.head or ()))
            self._advance()
        return taken


def attach_labels(vocabulary: ExportVocabulary, data: PassageData, rows: list[LabelRow]) -> None:
    names, set_names = vocabulary.label_names, vocabulary.set_names
    span_sets = {s.name for s in vocabulary.span_sets}
    owner: dict[int | None, tuple[AnnotatorRows, str]] = {}  # annotation id -> (rows, set name)
    gold: dict[int | None, str] = {}  # settled gold id -> set name
    for row in rows:
        tag, ref, item = row.kind, row.ref, row.item
        if tag == ANNOTATION:
            if item not in set_names:
                continue  # a retired or article-scope set
            record = data.annotators.setdefault(_str(row.username), AnnotatorRows())
            record.touch(_moment(row.created_at), _moment(row.updated_at))
            if row.codebook is not None:
                record.codebook_version = max(record.codebook_version or 0, row.codebook)
            record.values.setdefault(set_names[item], set())
            owner[ref] = (record, set_names[item])
        elif tag == VALUE and ref in owner:
            record, set_name = owner[ref]
            record.values[set_name].add(names[_int(item)])
        elif tag == SPAN and ref in owner:
            key = (_int(row.start), _int(row.end), names[_int(item)])
            owner[ref][0].spans.add(key)
            if row.stance is not None or row.holder_start is not None:
                owner[ref][0].links[key] = _link(names, row)
        elif tag == NOTE and row.text:  # a cleared note is no note
            record = data.annotators.setdefault(_str(row.username), AnnotatorRows())
            record.note = row.text
            record.touch(_moment(row.created_at), _moment(row.updated_at))
        elif tag == GOLD and item in set_names:
            gold[ref] = set_name = set_names[item]
            provenance = GoldProvenance(_str(row.username), _moment(row.updated_at), row.text or "")
            data.gold_by[set_name] = provenance
            if set_name in span_sets:
                data.gold_spans[set_name] = set()
            else:
                data.gold_values[set_name] = set()
        elif tag == GOLD_VALUE and ref in gold:
            data.gold_values[gold[ref]].add(names[_int(item)])
        elif tag == GOLD_SPAN and ref in gold:
            key = (_int(row.start), _int(row.end), names[_int(item)])
            data.gold_spans[gold[ref]].add(key)
            if row.stance is not None or row.holder_start is not None:
                data.gold_links[key] = _link(names, row)


def _link(names: dict[int, str], row: LabelRow) -> SpanLink:
    """A span's own stance and its holder's offsets, as a label name and (start, end)."""
    stance = None if row.stance is None else names[row.stance]
    holder = None if row.holder_start is None else (row.holder_start, _int(row.holder_end))
    return SpanLink(stance, holder)


# The columns a kind of row has are never NULL for it (the query's joins guarantee it):
# these narrow the NamedTuple's optional types without a check per row.
def _int(value: int | None) -> int:
    return value  # type: ignore[return-value]


def _str(value: str | None) -> str:
    return value  # type: ignore[return-value]


def _moment(value: datetime | None) -> datetime:
    return value  # type: ignore[return-value]
