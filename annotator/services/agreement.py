"""Agreement figures over the passages at least two editors tagged, per label set.

Each passage is a unit and each editor a coder. For a single-choice set an editor
who chose nothing is missing data on that passage; for a multi-choice set an editor
who tagged the passage but chose nothing gave the empty set, which is a value
("no blame assigned"), exactly as the resolution of a passage's status reads it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from annotator.metrics.agreement import (
    SetDistance,
    krippendorff_alpha_nominal,
    krippendorff_alpha_sets,
    observed_agreement,
    report_multi,
    report_single,
    report_to_dict,
)
from annotator.models import Label, LabelSet
from annotator.services.holder_agreement import HOLDER_STANCE, holder_ratings
from annotator.services.holder_links import STANCE_SET
from annotator.services.records import (
    EditorRecord,
    annotators_of,
    choice_sets,
    load_records,
    tagged_pairs,
)
from annotator.services.resolution import LabelSetInfo

SET_DISTANCE: SetDistance = "masi"  # MASI credits partial overlap of chosen sets (Passonneau 2006)


@dataclass(frozen=True)
class Unit:
    """One double-annotated passage: its editors' records and when it last changed."""

    passage_id: int
    editors: list[EditorRecord]
    changed_at: datetime | None


def double_annotated(min_editors: int = 2) -> Select[Any]:
    """The ids of passages tagged by at least `min_editors` editors."""
    tagged = tagged_pairs().subquery()
    return (
        select(tagged.c.passage_id)
        .group_by(tagged.c.passage_id)
        .having(func.count(func.distinct(tagged.c.user_id)) >= min_editors)
    )


def load_units(session: Session) -> list[Unit]:
    """Every passage with two or more editors, with their records."""
    units = []
    for passage_id, records in sorted(load_records(session, double_annotated()).items()):
        editors = annotators_of(records)
        if len(editors) < 2:
            continue
        times = [e.updated_at for e in editors if e.updated_at is not None]
        units.append(Unit(passage_id, editors, max(times) if times else None))
    return units


def ratings_for(units: list[Unit], label_set: LabelSetInfo) -> dict[int, dict[str, Any]]:
    """Reliability data for one set: passage id -> {editor: value}; no choice is missing."""
    data: dict[int, dict[str, Any]] = {}
    for unit in units:
        coded = {}
        for editor in unit.editors:
            value = editor.value(label_set)
            if value is not None:
                coded[editor.username] = value
        data[unit.passage_id] = coded
    return data


def label_names(session: Session, set_name: str) -> list[str]:
    """Every label of a set in schema order, retired ones last (old data may use them)."""
    rows = session.execute(
        select(Label.name)
        .join(LabelSet, LabelSet.id == Label.label_set_id)
        .where(LabelSet.name == set_name)
        .order_by(Label.retired_at.is_not(None), Label.position, Label.id)
    )
    return list(rows.scalars())


def summarise(
    label_set: LabelSetInfo, ratings: Mapping[int, Mapping[str, Any]], labels: list[str]
) -> dict[str, Any]:
    """The JSON-ready report for one set."""
    if label_set.kind == "multi":
        return report_to_dict(report_multi(label_set.name, ratings, labels, SET_DISTANCE))
    return report_to_dict(report_single(label_set.name, ratings, labels))


def agreement_summary(session: Session) -> list[dict[str, Any]]:
    """One report per passage-scope choice set, over passages with at least two editors.

    Then one on holder stances over matched holder spans (`holder_agreement`), while the
    stance set is active.
    """
    units = load_units(session)
    sets = choice_sets(session)
    reports = [summarise(s, ratings_for(units, s), label_names(session, s.name)) for s in sets]
    if any(s.name == STANCE_SET for s in sets):
        ratings = holder_ratings(session, [(u.passage_id, u.editors) for u in units])
        holder_set = LabelSetInfo(HOLDER_STANCE, "single")
        reports.append(summarise(holder_set, ratings, label_names(session, STANCE_SET)))
    return reports


def _period(moment: datetime, weekly: bool) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday()) if weekly else day


def agreement_over_time(session: Session) -> dict[str, Any]:
    """Per day (or ISO week, for spans over three weeks): units, observed agreement, alpha.

    A passage falls in the period of its latest change, so the series shows how
    well the team agreed on the work done in each period.
    """
    units = [u for u in load_units(session) if u.changed_at is not None]
    if not units:
        return {"period": "day", "sets": {}}
    times = [u.changed_at for u in units if u.changed_at is not None]
    weekly = (max(times) - min(times)) > timedelta(days=21)
    buckets: dict[date, list[Unit]] = defaultdict(list)
    for unit in units:
        assert unit.changed_at is not None
        buckets[_period(unit.changed_at, weekly)].append(unit)
    series: dict[str, list[dict[str, Any]]] = {}
    for s in choice_sets(session):
        points = []
        for period in sorted(buckets):
            ratings = ratings_for(buckets[period], s)
            alpha = (
                krippendorff_alpha_sets(ratings, SET_DISTANCE)
                if s.kind == "multi"
                else krippendorff_alpha_nominal(ratings)
            )
            observed = observed_agreement(ratings)
            points.append(
                {
                    "period": period.isoformat(),
                    "units": sum(len(coded) >= 2 for coded in ratings.values()),
                    "observed": None if observed is None else round(observed, 4),
                    "alpha": None if alpha is None else round(alpha, 4),
                }
            )
        series[s.name] = points
    return {"period": "week" if weekly else "day", "sets": series}
