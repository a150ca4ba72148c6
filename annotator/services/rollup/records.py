"""Grouped queries behind roll-ups: passages' maintained outcomes, editors' article labels."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from annotator.models import (
    ArticleAnnotation,
    ArticleAnnotationValue,
    Label,
    LabelSet,
    Passage,
    PassageResolvedLabel,
    PassageResolvedSpan,
    PassageSetState,
    PassageState,
)
from annotator.services.records import id_chunks
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
class PassageOutcome:
    """How one passage resolved, as the maintained passage state holds it."""

    article_id: int
    status: str
    set_status: dict[str, str] = field(default_factory=dict)  # choice set -> its status
    labels: dict[str, list[str]] = field(default_factory=dict)  # choice set -> resolved labels
    # Resolved holder spans: (start, end, the holder's own stance or None).
    holders: list[tuple[int, int, str | None]] = field(default_factory=list)


def in_articles(
    column: InstrumentedAttribute[int], article_ids: Sequence[int] | None
) -> ColumnElement[bool]:
    """Limit a query to some articles (None: all of them)."""
    return true() if article_ids is None else column.in_(list(article_ids))


def counted_passages() -> ColumnElement[bool]:
    """Body passages that are not repeats of an earlier passage (a repeated headline)."""
    return and_(Passage.kind == "body", Passage.duplicate_of.is_(None))


def passage_outcomes(
    session: Session,
    article_ids: Sequence[int] | None,
    viewer: Viewer | None = None,
    holder_label: str = "holder",
) -> dict[int, PassageOutcome]:
    """Every labelled counted passage's resolution, read from the maintained state.

    With a viewer, only passages whose team labels the visibility rule lets them see.
    """
    counted = and_(in_articles(Passage.article_id, article_ids), counted_passages())
    hiding = viewer is not None and viewer.blind
    found = {
        pid: PassageOutcome(aid, status)
        for pid, aid, status in session.execute(
            select(PassageState.passage_id, PassageState.article_id, PassageState.status)
            .join(Passage, Passage.id == PassageState.passage_id)
            .where(counted, true() if viewer is None else viewer.others_visible(Passage.id))
        )
    }
    # With labels to hide, the rule runs once, in the statement above, and the others read
    # the passages it let through by id (the rule's EXISTS in each of them made PostgreSQL
    # evaluate it and SQLAlchemy build it four times). With none, a subquery keeps the number
    # of statements fixed however many passages an export batch holds.
    shown: Sequence[int] | Select[Any] = (
        sorted(found)
        if hiding
        else select(PassageState.passage_id)
        .join(Passage, Passage.id == PassageState.passage_id)
        .where(counted)
    )
    stance = aliased(Label)
    for chunk in id_chunks(shown):
        for pid, name, status in session.execute(
            select(PassageSetState.passage_id, LabelSet.name, PassageSetState.status)
            .join(LabelSet, LabelSet.id == PassageSetState.label_set_id)
            .where(PassageSetState.passage_id.in_(chunk))
        ):
            found[pid].set_status[name] = status
        for pid, set_name, label in session.execute(
            select(PassageResolvedLabel.passage_id, LabelSet.name, Label.name)
            .join(Label, Label.id == PassageResolvedLabel.label_id)
            .join(LabelSet, LabelSet.id == Label.label_set_id)
            .where(PassageResolvedLabel.passage_id.in_(chunk), LabelSet.kind != "span")
        ):
            found[pid].labels.setdefault(set_name, []).append(label)
        for pid, start, end, own in session.execute(
            select(
                PassageResolvedSpan.passage_id,
                PassageResolvedSpan.start,
                PassageResolvedSpan.end,
                stance.name,
            )
            .join(Label, Label.id == PassageResolvedSpan.label_id)
            .outerjoin(stance, stance.id == PassageResolvedSpan.stance_label_id)
            .where(PassageResolvedSpan.passage_id.in_(chunk), Label.name == holder_label)
            .order_by(PassageResolvedSpan.passage_id, PassageResolvedSpan.start)
        ):
            found[pid].holders.append((start, end, own))
    return found


def article_records(
    session: Session, article_ids: Sequence[int] | None, viewer: Viewer | None = None
) -> dict[int, dict[int, _Draft]]:
    """{article: {editor: labels}} for article-scope label sets, in one grouped query.

    A blind-mode viewer sees others' article labels only once they saved their own there.
    """
    visible: ColumnElement[bool] = true()
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
