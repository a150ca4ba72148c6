"""Labels for tests: saved through the services as the tagging screen saves them (`tag`),
or written as rows with chosen timestamps and codebook versions (`annotate`, `settle`,
`write_note`) for tests that pin exact output."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    HolderAlias,
    Label,
    LabelSet,
    Note,
    Passage,
    Span,
    User,
)
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_note,
    save_spans,
)
from annotator.services.passage_state import refresh_passage_states

T0 = datetime(2024, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)
T1 = datetime(2024, 5, 2, 9, 0, 0, tzinfo=UTC)
T2 = datetime(2024, 5, 3, 10, 15, 30, 5, tzinfo=UTC)

SpanRow = tuple[int, int, str]  # start, end, label name


def label_set(session: Session, name: str) -> LabelSet:
    """The label set called NAME."""
    found = session.scalar(select(LabelSet).where(LabelSet.name == name))
    assert found is not None, name
    return found


def label_id(session: Session, set_name: str, name: str) -> int:
    """The id of label NAME in set SET_NAME."""
    found = session.scalar(
        select(Label.id).join(LabelSet).where(LabelSet.name == set_name, Label.name == name)
    )
    assert found is not None, (set_name, name)
    return found


def text_span(passage: Passage, text: str, label: str) -> SpanRow:
    """The span of TEXT's first occurrence in the passage, labelled LABEL."""
    start = passage.text.index(text)
    return (start, start + len(text), label)


def _version(session: Session, passage: Passage, user: User, set_name: str) -> int | None:
    return session.scalar(
        select(Annotation.version)
        .join(LabelSet, LabelSet.id == Annotation.label_set_id)
        .where(
            Annotation.passage_id == passage.id,
            Annotation.user_id == user.id,
            LabelSet.name == set_name,
        )
    )


def tag(
    session: Session,
    passage: Passage,
    user: User,
    stance: str | None = None,
    bias: Iterable[str] | None = None,
    spans: Iterable[SpanRow] = (),
    note: str | None = None,
    *,
    choices: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Save a user's labels on a passage through the annotating services, as the API does.

    `stance` and `bias` fill the two default choice sets; `choices` any choice set by name
    (an empty list leaves the row touched with nothing chosen); `spans` the span set.
    """
    vocabulary = load_vocabulary(session)
    wanted: dict[str, list[str]] = {}
    if stance is not None:
        wanted["stance"] = [stance]
    if bias is not None:
        wanted["bias_attribution"] = list(bias)
    wanted |= {name: list(values) for name, values in (choices or {}).items()}
    for set_name, values in wanted.items():
        found = find_label_set(vocabulary, set_name)
        version = _version(session, passage, user, set_name)
        save_choice(session, passage, user.id, found, values, version)
    span_list = [SpanInput(a, b, label) for a, b, label in spans]
    if span_list:
        span_set = find_label_set(vocabulary, "spans")
        version = _version(session, passage, user, "spans")
        save_spans(session, passage, user.id, span_set, span_list, version)
    if note is not None:
        current = session.scalar(
            select(Note.version).where(Note.passage_id == passage.id, Note.user_id == user.id)
        )
        save_note(session, passage, user.id, note, current)
    session.flush()


def annotate(
    session: Session,
    passage: Passage,
    user: User,
    set_name: str,
    values: Iterable[str] = (),
    spans: Iterable[SpanRow] = (),
    *,
    created: datetime = T0,
    updated: datetime | None = None,
    codebook_version: int | None = 1,
    links: dict[SpanRow, tuple[str | None, tuple[int, int] | None]] | None = None,
) -> Annotation:
    """Write one annotation row with its values or spans directly, stamped as given.

    `links`: span -> (the holder's own stance, the (start, end) of an evidence's holder).
    """
    found = label_set(session, set_name)
    ids = {label.name: label.id for label in found.labels}
    annotation = Annotation(
        passage_id=passage.id,
        user_id=user.id,
        label_set_id=found.id,
        codebook_version=codebook_version,
        created_at=created,
        updated_at=updated or created,
    )
    annotation.values = [AnnotationValue(label_id=ids[v]) for v in values]
    spans_list = list(spans)
    annotation.spans = [Span(label_id=ids[label], start=s, end=e) for s, e, label in spans_list]
    session.add(annotation)
    session.flush()
    rows = zip(annotation.spans, spans_list, strict=True)
    by_key = {(r.start, r.end, label): r for r, (_, _, label) in rows}
    for key, (stance, holder) in (links or {}).items():
        row = by_key[key]
        row.stance_label_id = label_id(session, "stance", stance) if stance else None
        row.holder_span_id = by_key[(*holder, "holder")].id if holder else None
    session.flush()
    # Rows written by hand, so the maintained state is refreshed as the label writer would.
    refresh_passage_states(session, [passage.id])
    return annotation


def write_note(
    session: Session, passage: Passage, user: User, text: str, at: datetime = T1
) -> Note:
    """Write one note row directly."""
    note = Note(passage_id=passage.id, user_id=user.id, text=text, created_at=at, updated_at=at)
    session.add(note)
    session.flush()
    return note


def settle(
    session: Session,
    passage: Passage,
    reviewer: User,
    set_name: str,
    values: Iterable[str] = (),
    spans: Iterable[SpanRow] = (),
    state: str = "settled",
    reason: str = "",
    at: datetime = T2,
) -> GoldAnnotation:
    """Write a reviewer's gold decision for one set of a passage directly."""
    found = label_set(session, set_name)
    ids = {label.name: label.id for label in found.labels}
    gold = GoldAnnotation(
        passage_id=passage.id,
        label_set_id=found.id,
        reviewer_id=reviewer.id,
        state=state,
        reason=reason,
        created_at=at,
        updated_at=at,
    )
    gold.values = [GoldValue(label_id=ids[v]) for v in values]
    gold.spans = [GoldSpan(label_id=ids[label], start=s, end=e) for s, e, label in spans]
    session.add(gold)
    session.flush()
    refresh_passage_states(session, [passage.id])
    return gold


def ensure_alias(session: Session, alias: str, canonical: str) -> None:
    """The migration preloads aliases; PostgreSQL tests start from truncated tables."""
    if session.scalar(select(HolderAlias.id).where(HolderAlias.alias == alias)) is None:
        session.add(HolderAlias(alias=alias, canonical=canonical))
        session.flush()
