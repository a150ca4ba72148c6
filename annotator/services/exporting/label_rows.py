"""The export's label rows: every annotation, value, span, note and settled gold of the
exported passages as one query, each row led by its passage's (article id, index)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
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
