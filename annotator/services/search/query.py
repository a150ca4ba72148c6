"""Run a search: full-text match per database, filters, ranking, pagination, highlights."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    or_,
    select,
    true,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    Label,
    LabelSet,
    Passage,
    PassageResolvedLabel,
    PassageState,
    Span,
    User,
)
from annotator.services.resolution import STATUSES
from annotator.services.search.aliases import other_names
from annotator.services.search.highlight import highlight
from annotator.services.search.matching import count_matches, matches, on_rows
from annotator.services.search.shown import shown_labels
from annotator.services.search.terms import (
    QueryError,
    SearchTokenizer,
    Term,
    query_terms,
)
from annotator.services.visibility import Viewer

log = logging.getLogger(__name__)
MAX_PER_PAGE = 100
MAX_PAGE = 10_000


@dataclass(frozen=True)
class SearchFilters:
    """Optional narrowing of a search; label is "set:label" (e.g. "stance:for_open_release")."""

    label: str | None = None
    label_scope: str = "any"  # "any": some annotator (or gold) chose it; "resolved": the outcome
    status: str | None = None
    annotator: str | None = None
    article_id: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class SearchHit:
    passage_id: int
    article_id: int
    article_title: str
    index: int
    kind: str
    score: float
    text: str
    snippet: Markup
    status: str
    labels: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The hit as the API and `annotator search --json` print it (without markup)."""
        return {
            "passage_id": self.passage_id,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "index": self.index,
            "kind": self.kind,
            "score": round(self.score, 4),
            "status": self.status,
            "labels": self.labels,
            "text": self.text,
        }


@dataclass
class SearchPage:
    query: str
    terms: list[Term]
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    per_page: int = 20
    total: int = 0  # every match the filters leave, not only this page's
    has_next: bool = False


def _label_ids(session: Session, label: str) -> tuple[str, str, list[int]]:
    set_name, _, name = label.partition(":")
    ids = list(
        session.scalars(
            select(Label.id).join(LabelSet).where(LabelSet.name == set_name, Label.name == name)
        )
    )
    if not ids:
        raise QueryError(
            "Unknown label %(label)s: use label_set:label, e.g. stance:neutral_or_mixed.",
            "label",
            label=label,
        )
    return set_name, name, ids


def _own_labels(user_id: int, label_ids: list[int] | None = None) -> ColumnElement[bool]:
    """SQL: the user chose (one of) these labels, or any label or span, on the passage."""
    chosen: ColumnElement[bool] = exists().where(AnnotationValue.annotation_id == Annotation.id)
    marked: ColumnElement[bool] = exists().where(Span.annotation_id == Annotation.id)
    if label_ids is not None:
        chosen = exists().where(
            AnnotationValue.annotation_id == Annotation.id, AnnotationValue.label_id.in_(label_ids)
        )
        marked = exists().where(Span.annotation_id == Annotation.id, Span.label_id.in_(label_ids))
    return exists().where(
        Annotation.passage_id == Passage.id,
        Annotation.user_id == user_id,
        or_(chosen, marked),
    )


def _team_status(status: str) -> ColumnElement[bool]:
    """SQL: the passage's maintained status is `status` (no state row: unlabeled)."""
    stored = select(PassageState.status).where(PassageState.passage_id == Passage.id)
    if status == "unlabeled":
        return or_(~stored.exists(), stored.where(PassageState.status == status).exists())
    return stored.where(PassageState.status == status).exists()


def _own_status(viewer: Viewer, status: str) -> ColumnElement[bool]:
    """SQL: what the viewer's own work alone gives the passage (single or unlabeled)."""
    own = _own_labels(viewer.user_id)
    if status == "single":
        return own
    return ~own if status == "unlabeled" else false()


def _conditions(
    session: Session, filters: SearchFilters, viewer: Viewer | None
) -> list[ColumnElement[bool]]:
    """Every filter as SQL on Passage, on what the viewer may see (no viewer: everything).

    Where the visibility rule hides the team's work (blind mode, a passage the viewer has not
    tagged), the status, label and annotator filters look at the viewer's own work only.
    """
    # Built only for a filter that needs it: the blind-mode test costs time to build.
    team: ColumnElement[bool] = true()
    if viewer is not None and (filters.annotator or filters.status or filters.label):
        team = viewer.others_visible()
    where: list[ColumnElement[bool]] = []
    if viewer is not None:
        where.append(viewer.passage_visible())
    if filters.article_id is not None:
        where.append(Passage.article_id == filters.article_id)
    if filters.kind:
        where.append(Passage.kind == filters.kind)
    if filters.annotator:
        user_id = session.scalar(select(User.id).where(User.username == filters.annotator))
        if user_id is None:
            raise QueryError("Unknown annotator %(name)s.", "annotator", name=filters.annotator)
        worked = exists().where(Annotation.passage_id == Passage.id, Annotation.user_id == user_id)
        mine = viewer is not None and viewer.user_id == user_id
        where.append(worked if mine else and_(worked, team))
    if filters.status:
        status = _team_status(filters.status)
        if viewer is not None and viewer.blind:
            status = or_(and_(team, status), and_(~team, _own_status(viewer, filters.status)))
        where.append(status)
    if filters.label:
        _, _, ids = _label_ids(session, filters.label)
        found: ColumnElement[bool]
        if filters.label_scope == "resolved":
            found = exists().where(
                PassageResolvedLabel.passage_id == Passage.id,
                PassageResolvedLabel.label_id.in_(ids),
            )
        else:
            # Someone chose the label, or the gold holds it: also in the resolved labels.
            anyone = exists().where(
                Annotation.passage_id == Passage.id,
                or_(
                    exists().where(
                        AnnotationValue.annotation_id == Annotation.id,
                        AnnotationValue.label_id.in_(ids),
                    ),
                    exists().where(Span.annotation_id == Annotation.id, Span.label_id.in_(ids)),
                ),
            )
            found = or_(
                anyone,
                exists().where(
                    PassageResolvedLabel.passage_id == Passage.id,
                    PassageResolvedLabel.label_id.in_(ids),
                ),
            )
        if viewer is not None and viewer.blind:
            found = or_(and_(team, found), _own_labels(viewer.user_id, ids))
        where.append(found)
    # A condition that always holds (the staff's visibility) narrows nothing: leaving it out
    # lets a search without filters count its matches from the index alone.
    return [condition for condition in where if not isinstance(condition, True_)]


def search_passages(
    session: Session,
    tokenizer: SearchTokenizer,
    query: str,
    filters: SearchFilters | None = None,
    *,
    page: int = 1,
    per_page: int = 20,
    snippet: int | None = 160,
    viewer: Viewer | None = None,
) -> SearchPage:
    """Ranked passages matching every word of the query; raises QueryError for bad input.

    `viewer`: whose search it is; the visibility rule decides which articles, and whose
    labels, they may see and filter on (None: everything, for the command line).
    """
    filters = filters or SearchFilters()
    if filters.status and filters.status not in STATUSES:
        raise QueryError(
            "Unknown status %(status)s: one of %(known)s.",
            "status",
            status=filters.status,
            known=", ".join(STATUSES),
        )
    for name, value in (("label", filters.label), ("annotator", filters.annotator)):
        if value is not None and ("\x00" in value or len(value) > 200):
            raise QueryError("The %(what)s filter is not a name.", name, what=name)
    if filters.label_scope not in ("any", "resolved"):
        raise QueryError("The label scope must be 'any' or 'resolved'.", "scope")
    page, per_page = min(max(page, 1), MAX_PAGE), min(max(per_page, 1), MAX_PER_PAGE)
    terms = query_terms(tokenizer, query, other_names(session))
    found = matches(session, terms)
    rows = found.rows
    conditions = on_rows(rows, _conditions(session, filters, viewer))
    result = SearchPage(query=query, terms=terms, page=page, per_page=per_page)
    offset = (page - 1) * per_page
    # Article text first: a boilerplate passage (a byline, a copyright line) only after
    # every body passage that matches, however well it scores.
    score = found.score.label("score")
    ranked = (
        select(rows.c.id, score)
        .select_from(found.source)
        .where(found.where, *conditions)
        .order_by(rows.c.kind != "body", score.desc(), rows.c.id)
    )
    try:
        # A savepoint: a query the database refuses leaves the caller's transaction usable.
        with session.begin_nested():
            listed = session.execute(ranked.offset(offset).limit(per_page + 1)).all()
            if 0 < len(listed) <= per_page:
                result.total = offset + len(listed)  # the last page: the total is known
            else:
                # Apart from the ranked page: a count(*) OVER () window there would keep
                # every ranked match (on PostgreSQL with its tsvector, spilling to disk)
                # where ORDER BY ... LIMIT keeps only the page, and a count scores nothing.
                result.total = count_matches(session, terms, conditions)
    except DBAPIError as exc:
        log.warning("search failed for %r: %s", query, exc)
        raise QueryError("That search could not be run; try plain words.") from exc
    result.has_next = len(listed) > per_page
    page_rows = [(int(pid), float(value or 0.0)) for pid, value in listed[:per_page]]
    result.hits = _hits(session, page_rows, terms, snippet, viewer)
    return result


def _hits(
    session: Session,
    rows: list[tuple[int, float]],
    terms: list[Term],
    snippet: int | None,
    viewer: Viewer | None,
) -> list[SearchHit]:
    ids = [pid for pid, _ in rows]
    passages = {
        p.id: (p, title)
        for p, title in session.execute(
            select(Passage, Article.title).join(Article).where(Passage.id.in_(ids))
        )
    }
    labels = shown_labels(session, ids, viewer)
    hits = []
    for pid, score in rows:
        passage, title = passages[pid]
        status, shown = labels[pid]
        hits.append(
            SearchHit(
                passage_id=pid,
                article_id=passage.article_id,
                article_title=title,
                index=passage.index,
                kind=passage.kind,
                score=float(score or 0.0),
                text=passage.text,
                snippet=highlight(passage.text, terms, snippet=snippet),
                status=status,
                labels=shown,
            )
        )
    return hits
