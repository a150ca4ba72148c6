"""Passages (and articles) tagged under a codebook version whose meaning has since changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    Article,
    ArticleAnnotation,
    LabelSet,
    Passage,
    User,
)
from annotator.services.codebook.versions import (
    MeaningChange,
    latest_version,
    meaning_changes,
    snapshots,
)

Pair = tuple[int, int | None]  # (label_set_id, codebook_version)


@dataclass(frozen=True)
class OutdatedAnnotation:
    """One editor's labels for one set, made under a version whose meaning changed since."""

    user: str
    label_set: str
    codebook_version: int | None
    updated_at: datetime
    changes: list[MeaningChange]

    def as_dict(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "label_set": self.label_set,
            "codebook_version": self.codebook_version,
            "updated_at": self.updated_at.isoformat(),
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass
class OutdatedItem:
    """A passage (or, with passage_id None, a whole article) with outdated annotations."""

    article_id: int
    article_title: str
    passage_id: int | None
    passage_index: int | None
    text: str
    annotations: list[OutdatedAnnotation] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "article_title": self.article_title,
            "passage_id": self.passage_id,
            "passage_index": self.passage_index,
            "text": self.text,
            "annotations": [a.as_dict() for a in self.annotations],
        }


@dataclass(frozen=True)
class OutdatedReport:
    current_version: int | None
    items: list[OutdatedItem]

    def as_dict(self) -> dict[str, Any]:
        return {
            "current_version": self.current_version,
            "passages": sum(1 for i in self.items if i.passage_id is not None),
            "articles": sum(1 for i in self.items if i.passage_id is None),
            "items": [i.as_dict() for i in self.items],
        }


UNKNOWN = "unknown version"


def _set_names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(LabelSet.id, LabelSet.name))}


def _older_pairs(session: Session, model: Any, current: int) -> list[Pair]:
    """(label set, version) pairs that annotations were made under, older than `current`."""
    older = or_(model.codebook_version.is_(None), model.codebook_version < current)
    query = select(model.label_set_id, model.codebook_version).where(older).distinct()
    return [(sid, v) for sid, v in session.execute(query)]


def _stale(
    session: Session, pairs: Sequence[Pair], current_snapshot: dict[str, Any]
) -> dict[Pair, list[MeaningChange]]:
    """The pairs whose label set means something else now, with what changed."""
    names = _set_names(session)
    old = snapshots(session, {v for _, v in pairs if v is not None})
    stale: dict[Pair, list[MeaningChange]] = {}
    for set_id, version in pairs:
        name = names[set_id]
        if version is None or version not in old:
            stale[(set_id, version)] = [MeaningChange(name, None, UNKNOWN)]
            continue
        changes = meaning_changes(old[version], current_snapshot, name)
        if changes:
            stale[(set_id, version)] = changes
    return stale


def _matches(model: Any, pairs: Sequence[Pair]) -> ColumnElement[bool]:
    return or_(
        *(
            and_(
                model.label_set_id == sid,
                model.codebook_version.is_(None) if v is None else model.codebook_version == v,
            )
            for sid, v in pairs
        )
    )


def outdated_annotations(session: Session, limit: int | None = None) -> OutdatedReport:
    """Everything tagged under an older version whose definitions or rules have changed."""
    latest = latest_version(session)
    if latest is None:
        return OutdatedReport(None, [])
    items: dict[tuple[int, int | None], OutdatedItem] = {}
    names = _set_names(session)

    stale = _stale(session, _older_pairs(session, Annotation, latest.version), latest.snapshot)
    if stale:
        rows = session.execute(
            select(
                Annotation.label_set_id,
                Annotation.codebook_version,
                Annotation.updated_at,
                User.username,
                Passage.id,
                Passage.index,
                Passage.text,
                Article.id,
                Article.title,
            )
            .join(User, User.id == Annotation.user_id)
            .join(Passage, Passage.id == Annotation.passage_id)
            .join(Article, Article.id == Passage.article_id)
            .where(_matches(Annotation, list(stale)))
            .order_by(Article.id, Passage.index, User.username, Annotation.label_set_id)
        )
        for sid, version, updated, user, pid, index, text, aid, title in rows:
            item = items.setdefault((aid, pid), OutdatedItem(aid, title, pid, index, text))
            item.annotations.append(
                OutdatedAnnotation(user, names[sid], version, updated, stale[(sid, version)])
            )

    stale = _stale(
        session, _older_pairs(session, ArticleAnnotation, latest.version), latest.snapshot
    )
    if stale:
        article_rows = session.execute(
            select(
                ArticleAnnotation.label_set_id,
                ArticleAnnotation.codebook_version,
                ArticleAnnotation.updated_at,
                User.username,
                Article.id,
                Article.title,
            )
            .join(User, User.id == ArticleAnnotation.user_id)
            .join(Article, Article.id == ArticleAnnotation.article_id)
            .where(_matches(ArticleAnnotation, list(stale)))
            .order_by(Article.id, User.username)
        )
        for sid, version, updated, user, aid, title in article_rows:
            item = items.setdefault((aid, None), OutdatedItem(aid, title, None, None, ""))
            item.annotations.append(
                OutdatedAnnotation(user, names[sid], version, updated, stale[(sid, version)])
            )

    ordered = sorted(
        items.values(),
        key=lambda i: (i.article_id, -1 if i.passage_index is None else i.passage_index),
    )
    return OutdatedReport(latest.version, ordered[:limit] if limit else ordered)
