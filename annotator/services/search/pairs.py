"""Pairs of repeated passages for review, labeled differently first, a page at a time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, exists, func, not_, select
from sqlalchemy.orm import Session

from annotator.models import Article, Passage, PassageLink, PassageState
from annotator.services.search.labels import PassageLabels, load_passage_labels
from annotator.services.search.shown import shown_labels

VERDICTS = ("different", "incomplete", "same")  # the page's order


@dataclass(frozen=True)
class Pair:
    passage_id: int
    other_id: int
    similarity: float

    @property
    def ids(self) -> tuple[int, int]:
        return (self.passage_id, self.other_id)


@dataclass(frozen=True)
class PairRow:
    similarity: float
    verdict: str
    sides: list[tuple[tuple[Passage, str], PassageLabels]]


@dataclass(frozen=True)
class PairPage:
    rows: list[PairRow]
    total: int  # every pair
    matching: int  # pairs with the verdict asked for (all pairs without one)
    has_next: bool


def verdict(a: Mapping[str, object], b: Mapping[str, object], sa: str, sb: str) -> str:
    """Whether two resolved passages carry the same labels (incomplete: one is unlabeled)."""
    if "unlabeled" in (sa, sb):
        return "incomplete"
    return "same" if a == b else "different"


def labeled(passage_id: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """Whether a passage resolves to anything but 'unlabeled' (the maintained state says)."""
    return exists().where(PassageState.passage_id == passage_id, PassageState.status != "unlabeled")


def _pairs() -> Select[int, int, float]:
    # Links are stored both ways; each pair once, with the lower id first.
    return select(PassageLink.passage_id, PassageLink.other_id, PassageLink.similarity).where(
        PassageLink.passage_id < PassageLink.other_id
    )


def _labeled_ids() -> Select[int]:
    """Every passage that resolves to anything but 'unlabeled'."""
    return select(PassageState.passage_id).where(PassageState.status != "unlabeled")


def _both_labeled(session: Session) -> dict[str, list[Pair]]:
    """Pairs whose sides are both labeled, split by verdict (only these need the labels)."""
    # Links reached from the labeled passages, the other side checked here: a filter on
    # both sides in SQL makes PostgreSQL test every link of the corpus.
    labeled_ids = set(session.scalars(_labeled_ids()))
    rows = session.execute(
        _pairs()
        .where(PassageLink.passage_id.in_(_labeled_ids()))
        .order_by(PassageLink.passage_id, PassageLink.other_id)
    )
    pairs = [Pair(*row) for row in rows if row.other_id in labeled_ids]
    labels = shown_labels(session, sorted({p for pair in pairs for p in pair.ids}), None)
    split: dict[str, list[Pair]] = {"different": [], "same": []}
    for pair in pairs:
        (sa, la), (sb, lb) = labels[pair.passage_id], labels[pair.other_id]
        split[verdict(la, lb, sa, sb)].append(pair)
    return split


def _incomplete(session: Session, offset: int, limit: int) -> list[Pair]:
    """A window of the pairs with an unlabeled side, in id order (paged in SQL)."""
    one_unlabeled = not_(and_(labeled(PassageLink.passage_id), labeled(PassageLink.other_id)))
    query = (
        _pairs()
        .where(one_unlabeled)
        .order_by(PassageLink.passage_id, PassageLink.other_id)
        .offset(offset)
        .limit(limit)
    )
    return [Pair(*row) for row in session.execute(query)]


def pair_page(session: Session, only: str, page: int, per_page: int) -> PairPage:
    """One page of pairs: labeled differently, then not both labeled, then labeled the same."""
    total = session.scalar(select(func.count()).select_from(_pairs().subquery())) or 0
    split = _both_labeled(session)
    groups = {
        "different": len(split["different"]),
        "incomplete": total - len(split["different"]) - len(split["same"]),
        "same": len(split["same"]),
    }
    shown_groups = [only] if only in VERDICTS else [] if only else list(VERDICTS)
    matching = sum(groups[g] for g in shown_groups)
    start, stop = (page - 1) * per_page, page * per_page
    chosen: list[tuple[str, Pair]] = []
    before = 0  # rows of earlier groups
    for group in shown_groups:
        low, high = max(start - before, 0), min(stop - before, groups[group])
        if low < high:
            window = (
                _incomplete(session, low, high - low)
                if group == "incomplete"
                else split[group][low:high]
            )
            chosen += [(group, pair) for pair in window]
        before += groups[group]
    return PairPage(_rows(session, chosen), total, matching, matching > stop)


def _rows(session: Session, chosen: list[tuple[str, Pair]]) -> list[PairRow]:
    ids = sorted({pid for _, p in chosen for pid in (p.passage_id, p.other_id)})
    labels = load_passage_labels(session, ids)
    passages = {
        p.id: (p, title)
        for p, title in session.execute(
            select(Passage, Article.title).join(Article).where(Passage.id.in_(ids))
        )
    }
    return [
        PairRow(
            pair.similarity,
            group,
            [
                (passages[pair.passage_id], labels[pair.passage_id]),
                (passages[pair.other_id], labels[pair.other_id]),
            ],
        )
        for group, pair in chosen
    ]
