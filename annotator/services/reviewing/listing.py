"""Which double-annotated passages need a reviewer, and everything a reviewer sees on one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    Article,
    Label,
    LabelSet,
    Passage,
    PassageSetState,
    PassageState,
    User,
)
from annotator.services.annotating.gold import concurrency_token, gold_rows, gold_snapshot
from annotator.services.annotating.majority import Majority, majority
from annotator.services.records import (
    EditorRecord,
    annotators_of,
    choice_sets,
    load_records,
    tagged_by,
)
from annotator.services.resolution import LabelSetInfo

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


def _disputed(session: Session, passage_ids: list[int]) -> dict[int, list[str]]:
    """The label sets in conflict on each passage, in schema order (maintained state)."""
    found: dict[int, list[str]] = {}
    rows = session.execute(
        select(PassageSetState.passage_id, LabelSet.name)
        .join(LabelSet, LabelSet.id == PassageSetState.label_set_id)
        .where(PassageSetState.passage_id.in_(passage_ids), PassageSetState.status == "conflict")
        .order_by(LabelSet.position, LabelSet.id)
    )
    for passage_id, name in rows:
        found.setdefault(passage_id, []).append(name)
    return found


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
    """Passages with two or more editors: those in conflict (or reopened), or all of them.

    Read from the maintained passage state: a page costs a count and one page of rows,
    whatever the number of double-annotated passages.
    """
    state = PassageState
    conditions: list[ColumnElement[bool]] = [state.editors >= 2]
    if show == "conflict":
        conditions.append(or_(state.status == "conflict", state.gold == "reopened"))
    if article_id is not None:
        conditions.append(state.article_id == article_id)
    if editor_id is not None:
        conditions.append(tagged_by(editor_id, state.passage_id))
    if label_set is not None:
        per_set = select(PassageSetState.passage_id).join(
            LabelSet, LabelSet.id == PassageSetState.label_set_id
        )
        wanted = (
            PassageSetState.status == "conflict"
            if show == "conflict"
            else PassageSetState.annotators > 0
        )
        per_set = per_set.where(LabelSet.name == label_set, wanted)
        conditions.append(state.passage_id.in_(per_set))
    total = session.scalar(select(func.count()).select_from(state).where(*conditions)) or 0
    page = max(1, page)
    rows = session.execute(
        select(state.passage_id, state.status, state.gold)
        .join(Passage, Passage.id == state.passage_id)
        .where(*conditions)
        .order_by(Passage.article_id, Passage.index)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    disputed = _disputed(session, [pid for pid, _, _ in rows])
    shown = [
        (pid, "reopened" if gold == "reopened" else status, disputed.get(pid, []))
        for pid, status, gold in rows
    ]
    return ReviewPage(_items(session, shown), total, page, per_page)


def _items(session: Session, shown: list[tuple[int, str, list[str]]]) -> list[ReviewItem]:
    ids = [pid for pid, _, _ in shown]
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            # `index` would name the Row's own Sequence.index method: label the column.
            select(
                Passage.id,
                Passage.article_id,
                Article.title,
                Passage.index.label("position"),
                Passage.text,
            )
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
            ReviewItem(
                pid, row.article_id, row.title, row.position, row.text, status, disputed, names
            )
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
