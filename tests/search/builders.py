"""Test builders for search, dictionary, suggestion and near-duplicate tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    HolderAlias,
    Label,
    LabelSet,
    Passage,
    Span,
    User,
)
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.passage_state import refresh_passage_states
from annotator.services.tokenizer import get_tokenizer
from annotator.services.users import create_user


def import_text(session: Session, name: str, text: str) -> list[int]:
    """Import one in-memory file; returns the new article ids."""
    report = import_file(
        session, Path(name), get_tokenizer(session), ImportOptions(), data=text.encode("utf-8")
    )
    assert report.status in ("imported", "unchanged"), report.reason
    return report.article_ids


def passage_with(session: Session, fragment: str) -> Passage:
    """The one passage whose text contains the fragment."""
    found = [p for p in session.scalars(select(Passage)) if fragment in p.text]
    assert len(found) >= 1, fragment
    return found[0]


def make_user(session: Session, name: str, role: str = "editor") -> User:
    return create_user(session, name, "correct-horse-battery", role=role)


def annotate(
    session: Session,
    passage: Passage,
    user: User,
    set_name: str,
    labels: list[str] = (),  # type: ignore[assignment]
    spans: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
) -> Annotation:
    """Store one person's labels directly (the annotating service belongs to another issue)."""
    label_set = session.scalar(select(LabelSet).where(LabelSet.name == set_name))
    ids = {label.name: label.id for label in label_set.labels}
    annotation = Annotation(passage_id=passage.id, user_id=user.id, label_set_id=label_set.id)
    annotation.values = [AnnotationValue(label_id=ids[name]) for name in labels]
    annotation.spans = [Span(label_id=ids[n], start=s, end=e) for s, e, n in spans]
    session.add(annotation)
    session.flush()
    # Written by hand: refresh the maintained state as the label writer would.
    refresh_passage_states(session, [passage.id])
    return annotation


def label_id(session: Session, set_name: str, name: str) -> int:
    return session.scalar(
        select(Label.id).join(LabelSet).where(LabelSet.name == set_name, Label.name == name)
    )


def ensure_alias(session: Session, alias: str, canonical: str) -> None:
    """The migration preloads aliases; PostgreSQL tests start from truncated tables."""
    if session.scalar(select(HolderAlias.id).where(HolderAlias.alias == alias)) is None:
        session.add(HolderAlias(alias=alias, canonical=canonical))
        session.flush()
