"""Store a span list's holder stances and evidence links, checked by `holder_links`' rule.

A link is stored as the holder span's row id, so the spans must exist (and be flushed)
before `set_links` runs; the writer drops every link first, then deletes and adds spans,
then links again, so a holder being replaced never leaves a link pointing at nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from annotator.models import Annotation, GoldAnnotation, LabelSet
from annotator.services.annotating.errors import InvalidAnnotation
from annotator.services.annotating.vocabulary import LabelSetInfo
from annotator.services.holder_links import (
    HOLDER_LABEL,
    NO_LINK,
    STANCE_SET,
    LinkProblem,
    SpanLink,
    check_links,
)

if TYPE_CHECKING:
    from annotator.services.annotating.saving import SpanInput

SpanKey = tuple[int, int, str]  # (start, end, label name)
IdKey = tuple[int, int, int]  # a stored span: (label id, start, end)
IdLink = tuple[tuple[int, int] | None, int | None]  # (holder's (start, end), stance label id)


def stored_links(annotation: Annotation | None) -> dict[IdKey, IdLink]:
    """{(label id, start, end): (holder (start, end), stance label id)} of linked spans."""
    if annotation is None:
        return {}
    by_id = {s.id: s for s in annotation.spans}
    out: dict[IdKey, IdLink] = {}
    for s in annotation.spans:
        holder = by_id.get(s.holder_span_id) if s.holder_span_id is not None else None
        if s.stance_label_id is not None or holder is not None:
            at = (holder.start, holder.end) if holder is not None else None
            out[(s.label_id, s.start, s.end)] = (at, s.stance_label_id)
    return out


def checked_links(
    spans: Sequence[SpanInput],
    label_set: LabelSetInfo,
    stance_set: LabelSetInfo | None,
    stored_stances: set[int | None],
) -> dict[IdKey, IdLink]:
    """The wanted links in `stored_links`' shape, after checking them against the rule."""
    usable = {
        lb.name: lb.id
        for lb in (stance_set.labels if stance_set else [])
        if lb.retired_at is None or lb.id in stored_stances
    }
    keyed = [((s.start, s.end, s.label), SpanLink(s.stance, s.holder)) for s in spans]
    try:
        check_links(keyed, usable)
    except LinkProblem as problem:
        field = f"spans[{problem.index}].{problem.field}"
        raise InvalidAnnotation(problem.template, field=field, **problem.params) from None
    label_ids = {lb.name: lb.id for lb in label_set.labels}
    return {
        (label_ids[label], start, end): (
            link.holder,
            usable[link.stance] if link.stance is not None else None,
        )
        for (start, end, label), link in keyed
        if not link.empty
    }


def set_links(
    session: Session, annotation: Annotation, label_set: LabelSetInfo, links: dict[IdKey, IdLink]
) -> None:
    """Set each span's stance and holder link (the spans all exist and are flushed)."""
    holder_label = next((lb.id for lb in label_set.labels if lb.name == HOLDER_LABEL), None)
    holders = {(s.start, s.end): s.id for s in annotation.spans if s.label_id == holder_label}
    for row in annotation.spans:
        at, stance_id = links.get((row.label_id, row.start, row.end), (None, None))
        row.stance_label_id = stance_id
        row.holder_span_id = None if at is None else holders[at]
    session.flush()
    for row in annotation.spans:
        session.expire(row, ["stance_label"])


def checked_gold_links(
    known: Mapping[str, tuple[LabelSet, dict[str, int]]],
    spans_by_set: Mapping[str, list[SpanKey]],
    links: Mapping[SpanKey, SpanLink],
) -> dict[SpanKey, SpanLink]:
    """The links of the settled spans, checked against the rule of `holder_links`."""
    stances = known[STANCE_SET][1] if STANCE_SET in known else {}
    kept: dict[SpanKey, SpanLink] = {}
    for spans in spans_by_set.values():
        keyed = [(key, links.get(key, NO_LINK)) for key in spans]
        check_links(keyed, stances)  # LinkProblem: the gold writer answers 400
        kept |= {key: link for key, link in keyed if not link.empty}
    return kept


def set_gold_links(
    session: Session,
    rows: Mapping[str, GoldAnnotation],
    known: Mapping[str, tuple[LabelSet, dict[str, int]]],
    links: Mapping[SpanKey, SpanLink],
) -> None:
    """Give the new gold spans their holder stances and evidence links."""
    if not links:
        return
    session.flush()
    stances = known[STANCE_SET][1]
    for set_name, row in rows.items():
        if set_name not in known or known[set_name][0].kind != "span":
            continue
        names = {i: name for name, i in known[set_name][1].items()}
        by_key = {(s.start, s.end, names[s.label_id]): s for s in row.spans}
        for key, span in by_key.items():
            link = links.get(key, NO_LINK)
            span.stance_label_id = None if link.stance is None else stances[link.stance]
            holder = None if link.holder is None else by_key[(*link.holder, HOLDER_LABEL)]
            span.holder_span_id = None if holder is None else holder.id
    session.flush()
    for row in rows.values():
        for span in row.spans:
            session.expire(span, ["stance_label"])
