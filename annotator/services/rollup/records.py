"""Grouped queries that gather every editor's and reviewer's labels for many articles at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, exists, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from annotator.models import (
    Annotation,
    AnnotationValue,
    ArticleAnnotation,
    ArticleAnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Label,
    LabelSet,
    Passage,
    Span,
)
from annotator.services.resolution import LabelSetInfo, Record, SpanKey, Value
from annotator.services.visibility import Viewer


@dataclass
class _Draft:
    """Labels and spans of one annotator (or the gold decision) while rows stream in."""

    labels: dict[str, set[str]] = field(default_factory=dict)
    spans: set[SpanKey] = field(default_factory=set)

    def record(self, who: str, sets: Sequence[LabelSetInfo]) -> Record:
        labels: dict[str, Value] = {}
        for s in sets:
            chosen = self.labels.get(s.name, set())
            if s.kind == "multi":
                labels[s.name] = frozenset(chosen)
            else:
                # A single-choice set holds one value; sorted() keeps a broken row deterministic.
                labels[s.name] = sorted(chosen)[0] if chosen else None
        return Record(who=who, labels=labels, spans=frozenset(self.spans))


@dataclass
class PassageRecords:
    article_id: int
    editors: dict[int, _Draft] = field(default_factory=dict)
    gold: _Draft | None = None


def in_articles(
    column: InstrumentedAttribute[int], article_ids: Sequence[int] | None
) -> ColumnElement[bool]:
    """Limit a query to some articles (None: all of them)."""
    return true() if article_ids is None else column.in_(list(article_ids))


def counted_passages() -> ColumnElement[bool]:
    """Body passages that are not repeats of an earlier passage (a repeated headline)."""
    return and_(Passage.kind == "body", Passage.duplicate_of.is_(None))


def passage_records(
    session: Session, article_ids: Sequence[int] | None, viewer: Viewer | None = None
) -> dict[int, PassageRecords]:
    """Every annotated passage's editor and gold labels and spans, in four grouped queries.

    With a viewer, only passages whose team labels the visibility rule lets them see.
    """
    passages: dict[int, PassageRecords] = {}
    where = and_(
        in_articles(Passage.article_id, article_ids),
        counted_passages(),
        LabelSet.scope == "passage",
        true() if viewer is None else viewer.others_visible(Passage.id),
    )

    def draft(article_id: int, passage_id: int, user_id: int | None) -> _Draft:
        entry = passages.setdefault(passage_id, PassageRecords(article_id))
        if user_id is None:
            entry.gold = entry.gold or _Draft()
            return entry.gold
        return entry.editors.setdefault(user_id, _Draft())

    # Outer joins keep editors whose annotation is empty: they still count as annotators.
    choices = (
        select(Passage.article_id, Annotation.passage_id, Annotation.user_id,
               LabelSet.name, Label.name)
        .join(Passage, Passage.id == Annotation.passage_id)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .outerjoin(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
        .outerjoin(Label, Label.id == AnnotationValue.label_id)
        .where(where, LabelSet.kind != "span")
    )
    for article_id, passage_id, user_id, set_name, label in session.execute(choices):
        chosen = draft(article_id, passage_id, user_id).labels.setdefault(set_name, set())
        if label is not None:
            chosen.add(label)

    span_rows = (
        select(Passage.article_id, Annotation.passage_id, Annotation.user_id,
               Span.start, Span.end, Label.name)
        .join(Passage, Passage.id == Annotation.passage_id)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .outerjoin(Span, Span.annotation_id == Annotation.id)
        .outerjoin(Label, Label.id == Span.label_id)
        .where(where, LabelSet.kind == "span")
    )
    for article_id, passage_id, user_id, start, end, label in session.execute(span_rows):
        entry = draft(article_id, passage_id, user_id)
        if label is not None:
            entry.spans.add((start, end, label))

    settled = GoldAnnotation.state == "settled"
    gold_choices = (
        select(Passage.article_id, GoldAnnotation.passage_id, LabelSet.name, Label.name)
        .join(Passage, Passage.id == GoldAnnotation.passage_id)
        .join(LabelSet, LabelSet.id == GoldAnnotation.label_set_id)
        .outerjoin(GoldValue, GoldValue.gold_id == GoldAnnotation.id)
        .outerjoin(Label, Label.id == GoldValue.label_id)
        .where(where, settled, LabelSet.kind != "span")
    )
    for article_id, passage_id, set_name, label in session.execute(gold_choices):
        chosen = draft(article_id, passage_id, None).labels.setdefault(set_name, set())
        if label is not None:
            chosen.add(label)

    gold_spans = (
        select(Passage.article_id, GoldAnnotation.passage_id, GoldSpan.start, GoldSpan.end,
               Label.name)
        .join(Passage, Passage.id == GoldAnnotation.passage_id)
        .join(LabelSet, LabelSet.id == GoldAnnotation.label_set_id)
        .outerjoin(GoldSpan, GoldSpan.gold_id == GoldAnnotation.id)
        .outerjoin(Label, Label.id == GoldSpan.label_id)
        .where(where, settled, LabelSet.kind == "span")
    )
    for article_id, passage_id, start, end, label in session.execute(gold_spans):
        entry = draft(article_id, passage_id, None)
        if label is not None:
            entry.spans.add((start, end, label))
    return passages


def article_records(
    session: Session, article_ids: Sequence[int] | None, viewer: Viewer | None = None
) -> dict[int, dict[int, _Draft]]:
    """{article: {editor: labels}} for article-scope label sets, in one grouped query.

    A blind-mode viewer sees others' article labels only once they saved their own there.
    """
    visible = true()
    if viewer is not None and viewer.blind:
        mine = aliased(ArticleAnnotation)
        saved_own = exists().where(
            mine.article_id == ArticleAnnotation.article_id,
            mine.user_id == viewer.user_id,
            exists().where(ArticleAnnotationValue.article_annotation_id == mine.id),
        )
        visible = or_(ArticleAnnotation.user_id == viewer.user_id, saved_own)
    rows = session.execute(
        select(ArticleAnnotation.article_id, ArticleAnnotation.user_id, LabelSet.name, Label.name)
        .join(LabelSet, LabelSet.id == ArticleAnnotation.label_set_id)
        .outerjoin(
            ArticleAnnotationValue,
            ArticleAnnotationValue.article_annotation_id == ArticleAnnotation.id,
        )
        .outerjoin(Label, Label.id == ArticleAnnotationValue.label_id)
        .where(
            in_articles(ArticleAnnotation.article_id, article_ids),
            LabelSet.scope == "article",
            visible,
        )
    )
    found: dict[int, dict[int, _Draft]] = defaultdict(dict)
    for article_id, user_id, set_name, label in rows:
        chosen = found[article_id].setdefault(user_id, _Draft()).labels.setdefault(set_name, set())
        if label is not None:
            chosen.add(label)
    return found
