"""Settle a passage's gold labels and spans, or reopen them; every change is an event.

Both take the passage's row lock first (see `locking`) and require the concurrency token
the reviewer's page was built from: two reviewers settling one passage at once are served
one after the other, and the second is told (409) instead of overwriting the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import (
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Label,
    LabelSet,
    Passage,
    User,
    utcnow,
)
from annotator.services.annotating.links import checked_gold_links, set_gold_links
from annotator.services.annotating.locking import bump_version, lock_passage
from annotator.services.annotating.majority import majority
from annotator.services.annotating.state import span_link
from annotator.services.events import record_event
from annotator.services.holder_links import LinkProblem, SpanLink
from annotator.services.passage_state import refresh_passage_states
from annotator.services.records import SpanKey, annotators_of, choice_sets, load_records
from annotator.services.resolution import LabelSetInfo, Record

MAX_REASON = 500
GoldValueIn = str | None | Sequence[str]


class ReviewError(ValueError):
    """A gold decision cannot be stored as asked; `status` is the HTTP status to answer.

    The message is an English %-template plus its parameters, so pages can show it
    translated (the templates are msgids in the team catalogue).
    """

    def __init__(
        self, template: str, field: str | None = None, status: int = 400, **params: object
    ) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params
        self.field = field
        self.status = status


@dataclass(frozen=True)
class Decision:
    """A reviewer's gold for a passage: a value per choice set, spans, and why."""

    values: Mapping[str, GoldValueIn]
    spans: Sequence[SpanKey]
    reason: str = ""
    # Holder stances and evidence links of the spans (`holder_links`); others are dropped.
    links: Mapping[SpanKey, SpanLink] = field(default_factory=dict)


def gold_rows(session: Session, passage_id: int) -> dict[str, GoldAnnotation]:
    """The passage's gold annotations by label set name."""
    rows = session.execute(
        select(LabelSet.name, GoldAnnotation)
        .join(LabelSet, LabelSet.id == GoldAnnotation.label_set_id)
        .where(GoldAnnotation.passage_id == passage_id)
    )
    return dict(rows.all())


def concurrency_token(rows: Mapping[str, GoldAnnotation]) -> str:
    """A string that changes whenever any of the passage's gold changes."""
    return ",".join(f"{name}:{rows[name].version}" for name in sorted(rows))


def gold_token(session: Session, passage_id: int) -> str:
    """The concurrency token of the passage's gold as stored now."""
    return concurrency_token(gold_rows(session, passage_id))


def gold_snapshot(session: Session, rows: Mapping[str, GoldAnnotation]) -> dict[str, Any] | None:
    """Gold as plain data for events and pages: state, labels per set, spans, reason."""
    if not rows:
        return None
    names = dict(session.execute(select(Label.id, Label.name)).all())
    kinds = dict(session.execute(select(LabelSet.name, LabelSet.kind)).all())
    labels: dict[str, list[str]] = {}
    spans: list[dict[str, Any]] = []
    first = next(iter(rows.values()))
    for set_name, row in sorted(rows.items()):
        if row.spans:
            by_id: dict[int, Any] = {s.id: s for s in row.spans}
            spans += [
                {
                    "start": s.start,
                    "end": s.end,
                    "label": names[s.label_id],
                    **span_link(s, by_id).as_json(),
                }
                for s in row.spans
            ]
        if kinds.get(set_name) != "span":
            labels[set_name] = sorted(names[v.label_id] for v in row.values)
    return {
        "state": first.state,
        "labels": labels,
        "spans": sorted(spans, key=lambda s: (s["start"], s["end"], s["label"])),
        "reason": first.reason,
    }


def _labels_by_set(session: Session) -> dict[str, tuple[LabelSet, dict[str, int]]]:
    out: dict[str, tuple[LabelSet, dict[str, int]]] = {}
    for label_set in session.scalars(select(LabelSet).where(LabelSet.retired_at.is_(None))):
        out[label_set.name] = (label_set, {x.name: x.id for x in label_set.active_labels})
    return out


def _check_values(
    sets: Sequence[LabelSetInfo],
    known: Mapping[str, tuple[LabelSet, dict[str, int]]],
    values: Mapping[str, GoldValueIn],
) -> dict[str, frozenset[str]]:
    unknown = set(values) - {s.name for s in sets}
    if unknown:
        raise ReviewError("unknown label set %(name)s", "label_set", name=sorted(unknown)[0])
    chosen: dict[str, frozenset[str]] = {}
    for s in sets:
        raw = values.get(s.name)
        items = [] if raw is None else [raw] if isinstance(raw, str) else list(raw)
        if not all(isinstance(x, str) for x in items):
            raise ReviewError("%(set)s: labels must be names", s.name, set=s.name)
        if s.kind == "single" and len(items) > 1:
            raise ReviewError("%(set)s: choose at most one label", s.name, set=s.name)
        bad = [x for x in items if x not in known[s.name][1]]
        if bad:
            raise ReviewError("%(set)s: unknown label %(label)s", s.name, set=s.name, label=bad[0])
        chosen[s.name] = frozenset(items)
    return chosen


def _check_spans(
    passage: Passage,
    known: Mapping[str, tuple[LabelSet, dict[str, int]]],
    spans: Sequence[SpanKey],
) -> dict[str, list[SpanKey]]:
    by_set: dict[str, list[SpanKey]] = {
        name: [] for name, (ls, _) in known.items() if ls.kind == "span" and ls.scope == "passage"
    }
    owner = {label: name for name in by_set for label in known[name][1]}
    for start, end, label in sorted(set(spans)):
        if label not in owner:
            raise ReviewError("unknown span label %(label)s", "spans", label=label)
        if not 0 <= start < end <= len(passage.text):
            raise ReviewError(
                "span %(start)s-%(end)s is empty or outside the passage (0-%(length)s)",
                "spans",
                start=start,
                end=end,
                length=len(passage.text),
            )
        by_set[owner[label]].append((start, end, label))
    return by_set


def settle(
    session: Session,
    passage_id: int,
    reviewer: User,
    decision: Decision,
    expected_token: str | None,
) -> dict[str, Any]:
    """Store the reviewer's gold for every choice set and the spans; returns the snapshot.

    A reason is required when a choice goes against a strict majority of the editors.
    `expected_token` (from `concurrency_token` of the gold the reviewer saw) is required and
    refuses to overwrite another reviewer's decision.
    """
    rows = _locked_gold(session, passage_id, expected_token)
    passage = session.get(Passage, passage_id)
    assert passage is not None  # _locked_gold found it
    sets = choice_sets(session)
    known = _labels_by_set(session)
    chosen = _check_values(sets, known, decision.values)
    spans_by_set = _check_spans(passage, known, decision.spans)
    try:
        links = checked_gold_links(known, spans_by_set, decision.links)
    except LinkProblem as problem:
        error = ReviewError(str(problem), "spans")
        error.template, error.params = problem.template, problem.params  # shown translated
        raise error from None
    reason = decision.reason.strip()
    if len(reason) > MAX_REASON:
        raise ReviewError("keep the reason under %(n)s characters", "reason", n=MAX_REASON)
    editors = annotators_of(load_records(session, [passage_id]).get(passage_id, {}))
    label_lists = {name: list(ids) for name, (_, ids) in known.items()}
    most = majority(sets, editors, label_lists)
    overridden = [
        s.name
        for s in sets
        if most.overridden(
            s, chosen[s.name] if s.kind == "multi" else next(iter(chosen[s.name]), None)
        )
    ]
    if overridden and not reason:
        raise ReviewError(
            "give a short reason: the gold differs from the editors' majority on %(sets)s",
            "reason",
            sets=", ".join(overridden),
        )
    before = gold_snapshot(session, rows)
    now = utcnow()
    for set_name in [*(s.name for s in sets), *spans_by_set]:
        label_set, ids = known[set_name]
        row = rows.get(set_name)
        if row is None:
            row = GoldAnnotation(
                passage_id=passage_id,
                label_set_id=label_set.id,
                reviewer_id=reviewer.id,
                version=1,
            )
            session.add(row)
            rows[set_name] = row
        elif not bump_version(session, row, row.version):
            raise _changed_meanwhile()
        if row.values or row.spans:
            # Delete the old rows first: the flush would insert the new ones before
            # deleting, and an unchanged span would hit its own unique constraint.
            row.values.clear()
            row.spans.clear()
            session.flush()
        row.values = [GoldValue(label_id=ids[x]) for x in sorted(chosen.get(set_name, ()))]
        row.spans = [
            GoldSpan(start=a, end=b, label_id=ids[c]) for a, b, c in spans_by_set.get(set_name, [])
        ]
        row.reviewer_id = reviewer.id
        row.state = "settled"
        row.reason = reason
        row.updated_at = now
    set_gold_links(session, rows, known, links)
    after = _written(session, reviewer, "gold.settle", passage_id, rows, before, overridden)
    return after or {}


def reopen(
    session: Session, passage_id: int, reviewer: User, reason: str, expected_token: str | None
) -> None:
    """Reopen a passage's settled gold so it is reviewed again; the old gold stays visible."""
    rows = _locked_gold(session, passage_id, expected_token)
    if not rows:
        raise ReviewError("this passage has no gold to reopen", "passage_id", 404)
    reason = reason.strip()
    if not reason:
        raise ReviewError("say why the gold is reopened", "reason")
    if len(reason) > MAX_REASON:
        raise ReviewError("keep the reason under %(n)s characters", "reason", n=MAX_REASON)
    if all(row.state == "reopened" for row in rows.values()):
        raise ReviewError("the gold is already reopened", "state", 409)
    before = gold_snapshot(session, rows)
    for row in rows.values():
        changes = {"state": "reopened", "reason": reason, "reviewer_id": reviewer.id}
        if not bump_version(session, row, row.version, **changes):
            raise _changed_meanwhile()
    _written(session, reviewer, "gold.reopen", passage_id, rows, before)


def _written(
    session: Session,
    reviewer: User,
    action: str,
    passage_id: int,
    rows: Mapping[str, GoldAnnotation],
    before: dict[str, Any] | None,
    overridden: list[str] | None = None,
) -> dict[str, Any] | None:
    """After a gold change: the maintained state, then the event; returns the new snapshot."""
    session.flush()
    refresh_passage_states(session, [passage_id])
    after = gold_snapshot(session, rows)
    logged = after if overridden is None else {**(after or {}), "overrides_majority": overridden}
    record_event(
        session,
        actor_id=reviewer.id,
        action=action,
        entity="gold",
        entity_id=passage_id,
        passage_id=passage_id,
        before=before,
        after=logged,
    )
    return after


def _changed_meanwhile() -> ReviewError:
    return ReviewError(
        "another reviewer changed this gold meanwhile; reload to see it", "version", 409
    )


def _locked_gold(
    session: Session, passage_id: int, expected_token: str | None
) -> dict[str, GoldAnnotation]:
    """Lock the passage, then its gold rows, if the reviewer saw the gold now stored."""
    if not lock_passage(session, passage_id):
        raise ReviewError("no such passage", "passage_id", 404)
    if expected_token is None:
        raise ReviewError(
            "the form lacks the gold's version (token); reload the page", "token", 400
        )
    rows = gold_rows(session, passage_id)
    if expected_token != concurrency_token(rows):
        raise _changed_meanwhile()
    return rows


def settled_gold(session: Session, passage_ids: Sequence[int]) -> dict[int, Record]:
    """Settled gold as resolution records (for the export's `status: gold`), by passage."""
    out: dict[int, Record] = {}
    sets = {s.name: s for s in choice_sets(session)}
    names = dict(session.execute(select(Label.id, Label.name)).all())
    for i in range(0, len(passage_ids), 500):
        chunk = passage_ids[i : i + 500]
        grouped: dict[int, list[tuple[str, GoldAnnotation]]] = {}
        for set_name, row in session.execute(
            select(LabelSet.name, GoldAnnotation)
            .join(LabelSet, LabelSet.id == GoldAnnotation.label_set_id)
            .where(GoldAnnotation.passage_id.in_(chunk))
        ):
            grouped.setdefault(row.passage_id, []).append((set_name, row))
        for passage_id, items in grouped.items():
            if any(row.state != "settled" for _, row in items):
                continue  # reopened gold is not gold until settled again
            labels: dict[str, str | None | frozenset[str]] = {}
            spans: set[SpanKey] = set()
            links: dict[SpanKey, SpanLink] = {}
            for set_name, row in items:
                chosen = frozenset(names[v.label_id] for v in row.values)
                if set_name in sets:
                    single = next(iter(sorted(chosen)), None)
                    labels[set_name] = chosen if sets[set_name].kind == "multi" else single
                spans |= {(s.start, s.end, names[s.label_id]) for s in row.spans}
                by_id: dict[int, Any] = {s.id: s for s in row.spans}
                for s in row.spans:
                    link = span_link(s, by_id)
                    if not link.empty:
                        links[(s.start, s.end, names[s.label_id])] = link
            out[passage_id] = Record("gold", labels, frozenset(spans), links)
    return out
