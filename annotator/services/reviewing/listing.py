"""Which double-annotated passages need a reviewer, and everything a reviewer sees on one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    GoldAnnotation,
    Label,
    LabelSet,
    Passage,
    User,
)
from annotator.services.agreement import double_annotated
from annotator.services.records import (
    TAGGED_SET,
    EditorRecord,
    annotators_of,
    choice_sets,
    load_records,
    tagged_by,
)
from annotator.services.resolution import LabelSetInfo
from annotator.services.annotating.gold import concurrency_token, gold_rows, gold_snapshot
from annotator.services.annotating.majority import Majority, majority

CONTEXT = 2  # passages shown before and after the one under review
NEEDS_REVIEW = ("conflict", "reopened")


@dataclass(frozen=True)
class ReviewItem:
    """One passage in the review list."""

    passage_id: int
    article_id: int
    article_title: str
    index: int
    text: str
    status: str  # conflict | agreed | gold | reopened
    conflict_sets: list[str]
    editors: list[str]


@dataclass(frozen=True)
class ReviewPage:
    items: list[ReviewItem]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class ReviewDetail:
    """A passage under review: context, each editor's work, majority and gold."""

    passage: Passage
    article: Article
    before: list[Passage]
    after: list[Passage]
    sets: list[LabelSetInfo]
    labels: dict[str, list[Label]]  # set name -> its active labels (span sets too)
    editors: list[EditorRecord]
    majority: Majority
    conflict_sets: list[str]
    status: str
    gold: dict[str, Any] | None
    token: str
    span_choices: list[tuple[tuple[int, int, str], list[str]]] = field(default_factory=list)


def conflict_sets(sets: list[LabelSetInfo], editors: list[EditorRecord]) -> list[str]:
    """The choice sets the editors did not all answer alike (as resolution counts conflict)."""
    return [s.name for s in sets if len({e.value(s) for e in editors}) > 1]


def _gold_states(session: Session, ids: Select[Any]) -> dict[int, str]:
    states: dict[int, set[str]] = {}
    for passage_id, state in session.execute(
        select(GoldAnnotation.passage_id, GoldAnnotation.state).where(
            GoldAnnotation.passage_id.in_(ids)
        )
    ):
        states.setdefault(passage_id, set()).add(state)
    return {pid: "reopened" if "reopened" in s else "gold" for pid, s in states.items()}


def _chosen_labels(session: Session, ids: Select[Any]) -> dict[int, dict[int, dict[str, set[str]]]]:
    """passage -> editor -> set -> chosen label names, from one flat query (no ORM objects)."""
    found: dict[int, dict[int, dict[str, set[str]]]] = {}
    rows = session.execute(
        select(Annotation.passage_id, Annotation.user_id, LabelSet.name, Label.name)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .outerjoin(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
        .outerjoin(Label, Label.id == AnnotationValue.label_id)
        .where(Annotation.passage_id.in_(ids))
    )
    for passage_id, user_id, set_name, label in rows:
        chosen = found.setdefault(passage_id, {}).setdefault(user_id, {})
        names = chosen.setdefault(set_name, set())
        if label is not None:
            names.add(label)
    return found


def _value(labels: dict[str, set[str]], label_set: LabelSetInfo) -> str | None | frozenset[str]:
    chosen = labels.get(label_set.name, set())
    if label_set.kind == "multi":
        return frozenset(chosen)
    return min(chosen, default=None)


def review_list(
    session: Session,
    *,
    show: str = "conflict",
    article_id: int | None = None,
    label_set: str | None = None,
    editor_id: int | None = None,
    page: int = 1,
    per_page: int = 25,
) -> ReviewPage:
    """Passages with two or more editors: those in conflict (or reopened), or all of them."""
    conditions: list[ColumnElement[bool]] = [Passage.id.in_(double_annotated())]
    if article_id is not None:
        conditions.append(Passage.article_id == article_id)
    if editor_id is not None:
        conditions.append(tagged_by(editor_id, Passage.id))
    order = session.execute(
        select(Passage.id).where(*conditions).order_by(Passage.article_id, Passage.index)
    ).scalars()
    # A subquery, not a list of ids: no huge IN (...) lists to compile and bind.
    ids = select(Passage.id).where(*conditions)
    # Statuses for every candidate from plain rows; names, texts and records for one page only.
    chosen = _chosen_labels(session, ids)
    gold = _gold_states(session, ids)
    sets = choice_sets(session)
    matching: list[tuple[int, str, list[str]]] = []
    for pid in order:
        editors = [e for e in chosen.get(pid, {}).values() if e.get(TAGGED_SET)]
        # Identical choices cannot disagree: the exact per-set test only for those that differ.
        disputed = (
            []
            if all(e == editors[0] for e in editors[1:])
            else [s.name for s in sets if len({_value(e, s) for e in editors}) > 1]
        )
        status = gold.get(pid) or ("conflict" if disputed else "agreed")
        if show == "conflict" and status not in NEEDS_REVIEW:
            continue
        if (
            label_set is not None
            and label_set not in disputed
            and not (show == "all" and any(label_set in e for e in editors))
        ):
            continue
        matching.append((pid, status, disputed))
    page = max(1, page)
    start = (page - 1) * per_page
    return ReviewPage(
        _items(session, matching[start : start + per_page]), len(matching), page, per_page
    )


def _items(session: Session, shown: list[tuple[int, str, list[str]]]) -> list[ReviewItem]:
    ids = [pid for pid, _, _ in shown]
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            select(Passage.id, Passage.article_id, Article.title, Passage.index, Passage.text)
            .join(Article, Article.id == Passage.article_id)
            .where(Passage.id.in_(ids))
        )
    }
    records = load_records(session, ids)
    items = []
    for pid, status, disputed in shown:
        row = rows[pid]
        editors = annotators_of(records.get(pid, {}))
        names = [e.display_name for e in editors]
        items.append(
            ReviewItem(pid, row.article_id, row.title, row.index, row.text, status, disputed, names)
        )
    return items


def review_detail(session: Session, passage_id: int) -> ReviewDetail | None:
    """Everything the review page shows for one passage, or None if there is no such passage."""
    passage = session.get(Passage, passage_id)
    if passage is None:
        return None
    neighbours = list(
        session.scalars(
            select(Passage)
            .where(
                Passage.article_id == passage.article_id,
                Passage.index.between(passage.index - CONTEXT, passage.index + CONTEXT),
                Passage.id != passage.id,
            )
            .order_by(Passage.index)
        )
    )
    sets = choice_sets(session)
    active_sets = session.scalars(
        select(LabelSet)
        .where(LabelSet.retired_at.is_(None), LabelSet.scope == "passage")
        .order_by(LabelSet.position)
    ).all()
    labels = {s.name: s.active_labels for s in active_sets}
    editors = annotators_of(load_records(session, [passage_id]).get(passage_id, {}))
    most = majority(sets, editors, {k: [x.name for x in v] for k, v in labels.items()})
    rows = gold_rows(session, passage_id)
    gold = gold_snapshot(session, rows)
    disputed = conflict_sets(sets, editors)
    if gold is not None:
        status = "reopened" if gold["state"] == "reopened" else "gold"
    elif len(editors) < 2:
        status = "single" if editors else "unlabeled"
    else:
        status = "conflict" if disputed else "agreed"
    # Every span any editor (or the gold) marked, with who marked it.
    marked: dict[tuple[int, int, str], list[str]] = {}
    for e in editors:
        for span in e.spans:
            marked.setdefault(span, []).append(e.display_name)
    for s in (gold or {}).get("spans", []):
        marked.setdefault((s["start"], s["end"], s["label"]), [])
    return ReviewDetail(
        passage=passage,
        article=passage.article,
        before=[p for p in neighbours if p.index < passage.index],
        after=[p for p in neighbours if p.index > passage.index],
        sets=sets,
        labels=labels,
        editors=editors,
        majority=most,
        conflict_sets=disputed,
        status=status,
        gold=gold,
        token=concurrency_token(rows),
        span_choices=sorted(marked.items()),
    )


def editors_with_work(session: Session) -> list[User]:
    """Users who have tagged anything, for the review list's editor filter."""
    return list(
        session.scalars(
            select(User)
            .where(exists().where(Annotation.user_id == User.id))
            .order_by(User.username)
        )
    )
