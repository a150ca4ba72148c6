"""Editors' labels for whole articles (article-scope label sets such as article_stance)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Article,
    ArticleAnnotation,
    ArticleAnnotationValue,
    LabelSet,
)
from annotator.services.annotating.locking import bump_version, lock_article
from annotator.services.events import record_event
from annotator.services.progress import may_tag
from annotator.services.schema import current_codebook_version

State = dict[str, Any]


class ArticleLabelError(Exception):
    """A refused change: an HTTP-like status, the field at fault and an English message."""

    status = 400

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class ArticleVersionConflict(ArticleLabelError):
    """The stored version is not the one the client saw; `current` is what is stored."""

    status = 409

    def __init__(self, current: State | None) -> None:
        super().__init__(
            "Changed in another tab or by another editor; the current state is shown.",
            field="version",
        )
        self.current = current


def article_label_sets(session: Session) -> list[LabelSet]:
    """Active label sets applied to whole articles, in schema order."""
    query = (
        select(LabelSet)
        .where(LabelSet.scope == "article", LabelSet.retired_at.is_(None))
        .order_by(LabelSet.position)
    )
    return list(session.scalars(query))


def find_article_label_set(session: Session, name: str) -> LabelSet:
    """The active article-scope label set with this name, or a 404 error."""
    label_set = session.scalar(
        select(LabelSet).where(
            LabelSet.name == name, LabelSet.scope == "article", LabelSet.retired_at.is_(None)
        )
    )
    if label_set is None:
        raise ArticleLabelError(f"No article label set named {name!r}.", "label_set", status=404)
    return label_set


def annotation_state(annotation: ArticleAnnotation | None, label_set: LabelSet) -> State | None:
    """`{"values": [...], "version": n}` in schema order, or None when nothing is stored."""
    if annotation is None:
        return None
    chosen = {v.label_id for v in annotation.values}
    names = [label.name for label in label_set.labels if label.id in chosen]
    return {"values": names, "version": annotation.version}


def article_states(session: Session, article_id: int, user_id: int) -> dict[str, State | None]:
    """The user's state for every active article-scope label set of one article."""
    sets = article_label_sets(session)
    stored = {
        a.label_set_id: a
        for a in session.scalars(
            select(ArticleAnnotation).where(
                ArticleAnnotation.article_id == article_id, ArticleAnnotation.user_id == user_id
            )
        )
    }
    return {s.name: annotation_state(stored.get(s.id), s) for s in sets}


def _check_values(label_set: LabelSet, values: Any) -> list[int]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ArticleLabelError("values must be a list of label names.", "values")
    if len(set(values)) != len(values):
        raise ArticleLabelError("values must not repeat a label.", "values")
    if label_set.kind == "single" and len(values) > 1:
        raise ArticleLabelError(f"{label_set.name} takes at most one label.", "values")
    active = {label.name: label.id for label in label_set.active_labels}
    unknown = [v for v in values if v not in active]
    if unknown:
        raise ArticleLabelError(f"Unknown label {unknown[0]!r} for {label_set.name}.", "values")
    return [active[v] for v in values]


def save_article_labels(
    session: Session,
    article: Article,
    user_id: int,
    label_set: LabelSet,
    values: Any,
    seen_version: int | None,
) -> State:
    """Replace the user's values for one article-scope set if they saw the stored version."""
    if label_set.kind not in ("single", "multi"):
        raise ArticleLabelError("Article label sets hold choices, not spans.", "label_set")
    if not may_tag(session, article.id, user_id):
        raise ArticleLabelError("No such article.", None, status=404)
    label_ids = _check_values(label_set, values)
    # One writer at a time per article: the second of two racing tabs reads what the first
    # committed and is told, instead of both bumping the same version (see locking).
    lock_article(session, article.id)
    annotation = session.scalar(
        select(ArticleAnnotation).where(
            ArticleAnnotation.article_id == article.id,
            ArticleAnnotation.user_id == user_id,
            ArticleAnnotation.label_set_id == label_set.id,
        )
    )
    stored_version = None if annotation is None else annotation.version
    if stored_version != seen_version:
        raise ArticleVersionConflict(annotation_state(annotation, label_set))
    before = annotation_state(annotation, label_set)
    codebook = current_codebook_version(session)
    if annotation is None:
        annotation = ArticleAnnotation(
            article_id=article.id,
            user_id=user_id,
            label_set_id=label_set.id,
            version=1,
            codebook_version=codebook,
        )
        session.add(annotation)
        session.flush()
    elif not bump_version(session, annotation, annotation.version, codebook_version=codebook):
        raise ArticleVersionConflict(annotation_state(annotation, label_set))
    # Change the rows in place: re-adding a removed (annotation, label) row in the same flush
    # would insert before it deletes and collide on the primary key.
    wanted = set(label_ids)
    annotation.values = [v for v in annotation.values if v.label_id in wanted]
    kept = {v.label_id for v in annotation.values}
    annotation.values.extend(ArticleAnnotationValue(label_id=i) for i in label_ids if i not in kept)
    session.flush()
    after = annotation_state(annotation, label_set)
    assert after is not None
    record_event(
        session,
        actor_id=user_id,
        action="article_annotation.update" if before else "article_annotation.create",
        entity="article_annotation",
        entity_id=annotation.id,
        before=None
        if before is None
        else {**before, "article_id": article.id, "label_set": label_set.name},
        after={
            **after,
            "article_id": article.id,
            "label_set": label_set.name,
            "codebook_version": annotation.codebook_version,
        },
    )
    return after
