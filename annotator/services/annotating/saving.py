"""Save one editor's labels, spans or note on a passage: validated, versioned, logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, lazyload

from annotator.models import Annotation, AnnotationValue, LabelSet, Note, Passage, Span
from annotator.services.annotating.errors import (
    InvalidAnnotation,
    NotAllowed,
    NotFound,
    VersionConflict,
)
from annotator.services.annotating.links import checked_links, set_links, stored_links
from annotator.services.annotating.locking import bump_version, lock_passage
from annotator.services.annotating.state import State, annotation_state, note_state
from annotator.services.annotating.vocabulary import LabelInfo, LabelSetInfo, Vocabulary
from annotator.services.events import record_event
from annotator.services.passage_state import refresh_passage_states
from annotator.services.progress import article_open_to, may_tag

NOTE_MAX_LENGTH = 5000
# Ids are 32-bit integers in both databases; larger numbers cannot name a row.
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class SpanInput:
    """A span as a client sends it: code points relative to the passage text.

    `stance` (a holder's own stance) and `holder` (an evidence span's holder, by its
    offsets) follow the rule of `holder_links`.
    """

    start: int
    end: int
    label: str
    stance: str | None = None
    holder: tuple[int, int] | None = None


def find_passage(session: Session, passage_id: int) -> Passage:
    """The passage with this id, or NotFound."""
    passage = session.get(Passage, passage_id) if 0 < passage_id <= MAX_ID else None
    if passage is None:
        raise NotFound("No passage with id %(id)s.", field="passage_id", id=passage_id)
    return passage


def find_passage_to_tag(session: Session, passage_id: int, user_id: int) -> tuple[Passage, bool]:
    """The passage (or NotFound) and whether the user may tag it, in one query."""
    row = None
    if 0 < passage_id <= MAX_ID:
        open_to = article_open_to(user_id, Passage.article_id)
        row = session.execute(select(Passage, open_to).where(Passage.id == passage_id)).first()
    if row is None:
        raise NotFound("No passage with id %(id)s.", field="passage_id", id=passage_id)
    return row[0], bool(row[1])


def find_label_set(vocabulary: Vocabulary, name: str) -> LabelSetInfo:
    """The active, per-passage label set with this name."""
    label_set = vocabulary.sets.get(name)
    if label_set is None:
        raise NotFound("No label set named %(name)s.", field="label_set", name=name)
    if label_set.retired_at is not None:
        raise InvalidAnnotation("The label set %(name)s is retired.", field="label_set", name=name)
    if label_set.scope != "passage":
        raise InvalidAnnotation(
            "The label set %(name)s applies to whole articles.", field="label_set", name=name
        )
    return label_set


def ensure_may_tag(
    session: Session, passage: Passage, user_id: int, allowed: bool | None = None
) -> None:
    """Refuse changes to articles restricted to other editors (`allowed`: already looked up)."""
    if allowed is None:
        allowed = may_tag(session, passage.article_id, user_id)
    if not allowed:
        # Restricted to other editors: for this user the passage does not exist.
        raise NotAllowed("No passage with id %(id)s.", field="passage_id", id=passage.id)


def save_choice(
    session: Session,
    passage: Passage,
    user_id: int,
    label_set: LabelSetInfo,
    values: list[str],
    version: int | None,
) -> State:
    """Replace the chosen labels of a single- or multiple-choice set."""
    lock_passage(session, passage.id)
    annotation = _annotation(session, passage.id, user_id, label_set.id, Annotation.values)
    stored = {v.label_id for v in annotation.values} if annotation else set()
    labels = [_label(label_set, name, "values", stored) for name in values]
    wanted = {label.id for label in labels}
    if len(wanted) != len(labels):
        raise InvalidAnnotation("A label is given twice.", field="values")
    if label_set.kind == "single" and len(labels) > 1:
        raise InvalidAnnotation(
            "%(name)s takes at most one label.", field="values", name=label_set.name
        )
    before = _checked(annotation, label_set, version)
    if wanted == stored:
        return before or {"values": [], "version": None}
    annotation = _claim(session, annotation, passage.id, user_id, label_set, version)
    for value in [v for v in annotation.values if v.label_id not in wanted]:
        annotation.values.remove(value)
    annotation.values.extend(AnnotationValue(label_id=i) for i in sorted(wanted - stored))
    return _saved(session, annotation, label_set, user_id, before)


def save_spans(
    session: Session,
    passage: Passage,
    user_id: int,
    label_set: LabelSetInfo,
    spans: list[SpanInput],
    version: int | None,
    stance_set: LabelSetInfo | None = None,
) -> State:
    """Replace the spans of a span set, with holder stances and evidence links.

    Each span must lie inside the passage; stances and links follow `holder_links`
    (`stance_set`: the set whose labels a holder's stance takes).
    """
    lock_passage(session, passage.id)
    annotation = _annotation(session, passage.id, user_id, label_set.id, Annotation.spans)
    current = {(s.label_id, s.start, s.end): s for s in annotation.spans} if annotation else {}
    stored_labels = {key[0] for key in current}
    stored = stored_links(annotation)
    length = len(passage.text)
    wanted: set[tuple[int, int, int]] = set()
    for i, span in enumerate(spans):
        field = f"spans[{i}]"
        label = _label(label_set, span.label, f"{field}.label", stored_labels)
        if span.start < 0 or span.end <= span.start:
            raise InvalidAnnotation(
                "A span must start at 0 or later and end after it starts.", field=f"{field}.end"
            )
        if span.end > length:
            raise InvalidAnnotation(
                "A span ends at %(end)s, after the passage's %(length)s characters.",
                field=f"{field}.end",
                end=span.end,
                length=length,
            )
        key = (label.id, span.start, span.end)
        if key in wanted:
            raise InvalidAnnotation("The same span is given twice.", field=field)
        wanted.add(key)
    links = checked_links(spans, label_set, stance_set, {v for _, v in stored.values()})
    before = _checked(annotation, label_set, version)
    if wanted == set(current) and links == stored:
        return before or {"spans": [], "version": None}
    annotation = _claim(session, annotation, passage.id, user_id, label_set, version)
    for key, span_row in current.items():
        if key not in wanted:
            annotation.spans.remove(span_row)
        elif span_row.holder_span_id is not None:
            span_row.holder_span_id = None  # linked again below, once every holder exists
    annotation.spans.extend(
        Span(label_id=lid, start=s, end=e) for lid, s, e in sorted(wanted - set(current))
    )
    session.flush()
    set_links(session, annotation, label_set, links)
    return _saved(session, annotation, label_set, user_id, before)


def save_note(
    session: Session, passage: Passage, user_id: int, text: str, version: int | None
) -> State:
    """Replace the user's note on a passage."""
    if len(text) > NOTE_MAX_LENGTH:
        raise InvalidAnnotation(
            "A note may have at most %(max)s characters.", field="text", max=NOTE_MAX_LENGTH
        )
    lock_passage(session, passage.id)
    note = session.scalar(
        select(Note).where(Note.passage_id == passage.id, Note.user_id == user_id)
    )
    before = note_state(note)
    if version != (note.version if note else None):
        raise VersionConflict(before)
    if (note.text if note else "") == text:
        return before or {"text": "", "version": None}
    if note is None:
        note = Note(passage_id=passage.id, user_id=user_id, text=text, version=1)
        session.add(note)
        session.flush()  # a concurrent first save fails here on the unique constraint
    elif not bump_version(session, note, note.version, text=text):
        raise VersionConflict(note_state(note))
    after = note_state(note)
    record_event(
        session,
        actor_id=user_id,
        action="note.save",
        entity="note",
        entity_id=note.id,
        passage_id=passage.id,
        before=before,
        after=after,
    )
    return after  # type: ignore[return-value]


def _annotation(
    session: Session, passage_id: int, user_id: int, set_id: int, contents: Any
) -> Annotation | None:
    """The stored annotation with the collection the save changes (values or spans) joined."""
    other = Annotation.spans if contents is Annotation.values else Annotation.values
    query = (
        select(Annotation)
        .where(
            Annotation.passage_id == passage_id,
            Annotation.user_id == user_id,
            Annotation.label_set_id == set_id,
        )
        .options(joinedload(contents), lazyload(other))
    )
    return session.scalars(query).unique().first()


def _label(label_set: LabelSetInfo, name: str, field: str, stored: set[int]) -> LabelInfo:
    """The named label; a retired one only if the annotation already holds it."""
    label = next((lb for lb in label_set.labels if lb.name == name), None)
    if label is None:
        raise InvalidAnnotation(
            "%(label)s is not a label of %(name)s.", field=field, label=name, name=label_set.name
        )
    if label.retired_at is not None and label.id not in stored:
        raise InvalidAnnotation("The label %(label)s is retired.", field=field, label=name)
    return label


def _checked(
    annotation: Annotation | None, label_set: LabelSetInfo, version: int | None
) -> State | None:
    """The stored state, after checking the client saw the stored version."""
    before = annotation_state(annotation, label_set)
    if version != (annotation.version if annotation else None):
        raise VersionConflict(before)
    return before


def _claim(
    session: Session,
    annotation: Annotation | None,
    passage_id: int,
    user_id: int,
    label_set: LabelSetInfo,
    version: int | None,
) -> Annotation:
    """Create the annotation, or move it to the next version if nobody else just did."""
    # load_vocabulary checked in this transaction that the set's version is the newest.
    codebook = label_set.codebook_version
    if annotation is None:
        annotation = Annotation(
            passage_id=passage_id,
            user_id=user_id,
            label_set_id=label_set.id,
            version=1,
            codebook_version=codebook,
        )
        session.add(annotation)
        session.flush()  # a concurrent first save fails here on the unique constraint
        return annotation
    assert version is not None  # _checked matched it against a stored version
    if not bump_version(session, annotation, version, codebook_version=codebook):
        raise VersionConflict(annotation_state(annotation, _set_of(session, annotation)))
    return annotation


def _set_of(session: Session, annotation: Annotation) -> LabelSet:
    label_set = session.get(LabelSet, annotation.label_set_id)
    assert label_set is not None
    return label_set


def _saved(
    session: Session,
    annotation: Annotation,
    label_set: LabelSetInfo,
    user_id: int,
    before: State | None,
) -> State:
    session.flush()
    refresh_passage_states(session, [annotation.passage_id])
    after = annotation_state(annotation, label_set)
    assert after is not None
    tag = {"label_set": label_set.name}
    record_event(
        session,
        actor_id=user_id,
        action="annotation.save",
        entity="annotation",
        entity_id=annotation.id,
        passage_id=annotation.passage_id,
        before={**tag, **before} if before else None,
        after={**tag, **after},
    )
    return after
