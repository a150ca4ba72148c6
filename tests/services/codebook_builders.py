"""Builders for codebook and roll-up tests: users, annotations and gold through the models."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Label,
    LabelSet,
    Passage,
    Span,
    User,
)
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from annotator.services.passage_state import refresh_passage_states
from annotator.services.users import create_user

PASSWORD = "correct-horse-battery"


def user(session: Session, name: str, role: str = "editor") -> User:
    """A user with the test password."""
    return create_user(session, name, PASSWORD, role=role)


def label_set(session: Session, name: str) -> LabelSet:
    found = session.scalar(select(LabelSet).where(LabelSet.name == name))
    assert found is not None
    return found


def label_id(session: Session, set_name: str, name: str) -> int:
    found = session.scalar(
        select(Label.id).join(LabelSet).where(LabelSet.name == set_name, Label.name == name)
    )
    assert found is not None, (set_name, name)
    return found


def tag(
    session: Session,
    passage: Passage,
    who: User,
    set_name: str,
    values: list[str] | None = None,
    spans: list[tuple[str, str]] | None = None,
    codebook_version: int | None = -1,
) -> Annotation:
    """Store one editor's labels (or spans, given as (text in passage, label)) for one set.

    Through the tagging services, which stamp the current codebook version; pass
    `codebook_version` to store a row with another stamp directly.
    """
    if codebook_version == -1:
        vocabulary = load_vocabulary(session)
        found = find_label_set(vocabulary, set_name)
        if spans is not None:
            inputs = []
            for text, label in spans:
                start = passage.text.index(text)
                inputs.append(SpanInput(start=start, end=start + len(text), label=label))
            save_spans(session, passage, who.id, found, inputs, None)
        else:
            save_choice(session, passage, who.id, found, list(values or []), None)
        session.flush()
        stored = session.scalar(
            select(Annotation).where(
                Annotation.passage_id == passage.id, Annotation.user_id == who.id,
                Annotation.label_set_id == found.id,
            )
        )
        assert stored is not None, "the service stored nothing (empty values on a new row?)"
        return stored
    annotation = Annotation(
        passage_id=passage.id, user_id=who.id, label_set_id=label_set(session, set_name).id,
        codebook_version=codebook_version,
    )
    annotation.values = [
        AnnotationValue(label_id=label_id(session, set_name, v)) for v in values or []
    ]
    for text, label in spans or []:
        start = passage.text.index(text)
        annotation.spans.append(
            Span(label_id=label_id(session, set_name, label), start=start, end=start + len(text))
        )
    session.add(annotation)
    session.flush()
    refresh_passage_states(session, [passage.id])  # written by hand, as the writer would
    return annotation


def clear(session: Session, passage: Passage, who: User, set_name: str) -> None:
    """Empty an editor's stored values for one set (the row stays: touched, nothing chosen)."""
    found = find_label_set(load_vocabulary(session), set_name)
    stored = session.scalar(
        select(Annotation).where(
            Annotation.passage_id == passage.id, Annotation.user_id == who.id,
            Annotation.label_set_id == found.id,
        )
    )
    assert stored is not None
    save_choice(session, passage, who.id, found, [], stored.version)
    session.flush()


def settle(
    session: Session,
    passage: Passage,
    reviewer: User,
    set_name: str,
    values: list[str] | None = None,
    spans: list[tuple[str, str]] | None = None,
) -> GoldAnnotation:
    """A reviewer's gold decision for one set of a passage."""
    gold = GoldAnnotation(
        passage_id=passage.id, label_set_id=label_set(session, set_name).id,
        reviewer_id=reviewer.id,
    )
    gold.values = [GoldValue(label_id=label_id(session, set_name, v)) for v in values or []]
    for text, label in spans or []:
        start = passage.text.index(text)
        found = label_id(session, set_name, label)
        gold.spans.append(GoldSpan(label_id=found, start=start, end=start + len(text)))
    session.add(gold)
    session.flush()
    refresh_passage_states(session, [passage.id])  # written by hand, as the writer would
    return gold
