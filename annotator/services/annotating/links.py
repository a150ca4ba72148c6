"""Store a span list's holder stances and evidence links, checked by `holder_links`' rule.

A link is stored as the holder span's row id, so the spans must exist (and be flushed)
before `set_links` runs; the writer drops every link first, then deletes and adds spans,
then links again, so a holder being replaced never leaves a link pointing at nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from annotator.models import Annotation
from annotator.services.annotating.errors import InvalidAnnotation
from annotator.services.annotating.vocabulary import LabelSetInfo
from annotator.services.holder_links import HOLDER_LABEL, LinkProblem, SpanLink, check_links

if TYPE_CHECKING:
    from annotator.services.annotating.saving import SpanInput

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
