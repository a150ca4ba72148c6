"""A hit's status and labels as the viewer may see them, from the maintained passage state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    Label,
    LabelSet,
    PassageResolvedLabel,
    PassageState,
    Span,
)
from annotator.services.visibility import Viewer, others_visible_among

Shown = tuple[str, dict[str, Any]]  # (status, {set: label or [labels]} with empty sets left out)


def _choice_labels(session: Session) -> dict[int, tuple[str, str, str]]:
    """label id -> (set name, set kind, label name) for active passage choice sets."""
    rows = session.execute(
        select(Label.id, LabelSet.name, LabelSet.kind, Label.name)
        .join(LabelSet, LabelSet.id == Label.label_set_id)
        .where(
            LabelSet.scope == "passage",
            LabelSet.retired_at.is_(None),
            LabelSet.kind.in_(("single", "multi")),
        )
    )
    return {lid: (set_name, kind, name) for lid, set_name, kind, name in rows}


def _as_labels(chosen: list[int], labels: dict[int, tuple[str, str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lid in chosen:
        if lid not in labels:
            continue
        set_name, kind, name = labels[lid]
        if kind == "multi":
            out.setdefault(set_name, []).append(name)
        else:
            out[set_name] = min(name, out.get(set_name, name))
    return {k: sorted(v) if isinstance(v, list) else v for k, v in sorted(out.items())}


def shown_labels(session: Session, ids: list[int], viewer: Viewer | None) -> dict[int, Shown]:
    """For each passage: the team's status and resolved labels, or only the viewer's own work
    where the visibility rule hides the team's (then 'single' or 'unlabeled')."""
    if not ids:
        return {}
    labels = _choice_labels(session)
    team = set(ids) if viewer is None else others_visible_among(session, viewer, ids)
    out: dict[int, Shown] = {}
    if team:
        status = dict(
            session.execute(
                select(PassageState.passage_id, PassageState.status).where(
                    PassageState.passage_id.in_(team)
                )
            ).all()
        )
        resolved: dict[int, list[int]] = {}
        for pid, lid in session.execute(
            select(PassageResolvedLabel.passage_id, PassageResolvedLabel.label_id).where(
                PassageResolvedLabel.passage_id.in_(team)
            )
        ):
            resolved.setdefault(pid, []).append(lid)
        for pid in team:
            out[pid] = (status.get(pid, "unlabeled"), _as_labels(resolved.get(pid, []), labels))
    own = [pid for pid in ids if pid not in team]
    if own and viewer is not None:
        mine = Annotation.passage_id.in_(own), Annotation.user_id == viewer.user_id
        chosen: dict[int, list[int]] = {}
        for pid, lid in session.execute(
            select(Annotation.passage_id, AnnotationValue.label_id)
            .join(AnnotationValue, AnnotationValue.annotation_id == Annotation.id)
            .where(*mine)
        ):
            chosen.setdefault(pid, []).append(lid)
        marked = set(
            session.scalars(
                select(Annotation.passage_id)
                .join(Span, Span.annotation_id == Annotation.id)
                .where(*mine)
            )
        )
        for pid in own:
            shown = _as_labels(chosen.get(pid, []), labels)
            out[pid] = ("single" if shown or pid in marked else "unlabeled", shown)
    return out
