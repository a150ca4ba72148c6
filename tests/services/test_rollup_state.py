"""The roll-up read from the maintained state equals one recomputed from the raw labels.

`rollup_articles` reads passage_states and its resolved labels and spans; the reference
below resolves every passage again from annotations and gold (`compute_states`, what
`annotator check` compares against), applies the visibility rule per passage and counts
by hand, for each kind of viewer, after random label writes.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from annotator.extensions import db
from annotator.models import HolderAlias, Label, LabelSet
from annotator.services.passage_state import ComputedState, compute_states
from annotator.services.resolution import STATUSES
from annotator.services.rollup import CONFLICT, UNTAGGED, holder_key, rollup_articles
from annotator.services.visibility import Viewer, others_visible_among
from tests.builders.label_writes import EDITOR_WRITE, REVIEW, apply_write, clear_labels
from tests.builders.team import Team

# Two spellings folded into one holder, so alias folding is part of every comparison.
ALIASES = {"也有": "研究"}


def _viewers(team: Team) -> dict[str, Viewer | None]:
    users = team.users
    return {
        "everything": None,
        "alice, blind": Viewer(users["alice"].id, "alice", staff=False, blind=True),
        "bob, blind": Viewer(users["bob"].id, "bob", staff=False, blind=True),
        "carol, not blind": Viewer(users["carol"].id, "carol", staff=False, blind=False),
        "rita, reviewer": Viewer(users["rita"].id, "rita", staff=True, blind=False),
    }


def _expected(team: Team, viewer: Viewer | None) -> dict[str, Any]:
    """The article's statuses, label counts and holders, recomputed from the raw rows."""
    counted = {p.id: p.text for p in team.passages if p.kind == "body" and p.duplicate_of is None}
    states: dict[int, ComputedState] = compute_states(db.session, list(counted))
    if viewer is not None:
        shown = others_visible_among(db.session, viewer, list(states))
        states = {pid: s for pid, s in states.items() if pid in shown}
    labels = {
        lid: (set_name, kind, name)
        for lid, set_name, kind, name in db.session.execute(
            select(Label.id, LabelSet.name, LabelSet.kind, Label.name).join(LabelSet)
        )
    }
    set_names = dict(db.session.execute(select(LabelSet.id, LabelSet.name)).all())
    choice_sets = db.session.scalars(
        select(LabelSet).where(
            LabelSet.scope == "passage",
            LabelSet.retired_at.is_(None),
            LabelSet.kind.in_(("single", "multi")),
        )
    ).all()

    n = len(counted)
    statuses = dict.fromkeys(STATUSES, 0) | {"unlabeled": n - len(states)}
    counts: dict[str, dict[str, int]] = {}
    for s in choice_sets:
        counts[s.name] = dict.fromkeys((lb.name for lb in s.active_labels), 0)
        if s.kind == "single":
            counts[s.name] |= {CONFLICT: 0, UNTAGGED: n}
    for state in states.values():
        statuses[state.status] += 1
        conflicted = {set_names[sid] for sid, status, _ in state.sets if status == "conflict"}
        resolved = [labels[lid] for lid in state.resolved]
        for s in choice_sets:
            chosen = [name for set_name, _, name in resolved if set_name == s.name]
            if s.kind == "multi":
                for name in chosen:
                    counts[s.name][name] += 1
            elif s.name in conflicted or chosen:
                counts[s.name][UNTAGGED] -= 1
                counts[s.name][CONFLICT if s.name in conflicted else chosen[0]] += 1
    return {
        "passage_status": statuses,
        "label_counts": counts,
        "holders": _expected_holders(states, counted, labels),
    }


def _expected_holders(
    states: dict[int, ComputedState],
    texts: dict[int, str],
    labels: dict[int, tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """Holders by folded name: the passages naming them and the stances they hold there."""
    folded = {holder_key(alias): canonical for alias, canonical in ALIASES.items()}
    found: dict[str, dict[str, Any]] = {}
    for pid, state in sorted(states.items()):
        own_stance = {(a, b, lid): stance for lid, a, b, stance, _, _ in state.links}
        passage_stance = next(
            (name for set_name, _, name in map(labels.get, state.resolved) if set_name == "stance"),
            None,
        )
        own: dict[str, set[str]] = {}
        for lid, a, b in sorted(state.spans, key=lambda span: span[1:]):
            if labels[lid][2] != "holder":
                continue
            spelling = re.sub(r"\s+", " ", texts[pid][a:b]).strip()
            name = folded.get(holder_key(spelling), spelling)
            holder = found.setdefault(
                holder_key(name),
                {"name": name, "passages": 0, "stances": Counter(), "spellings": Counter()},
            )
            holder["spellings"][spelling] += 1
            if holder_key(name) not in own:
                holder["passages"] += 1
                own[holder_key(name)] = set()
            stance = own_stance.get((a, b, lid))
            if stance is not None:
                own[holder_key(name)].add(labels[stance][2])
        for key, stances in own.items():
            sources = found[key].setdefault("sources", {"holder": Counter(), "passage": Counter()})
            if stances:
                for stance_name in stances:
                    sources["holder"][stance_name] += 1
                    found[key]["stances"][stance_name] += 1
            elif passage_stance:
                sources["passage"][passage_stance] += 1
                found[key]["stances"][passage_stance] += 1
    holders = []
    for holder in found.values():
        name = holder["name"]
        if name not in ALIASES.values():
            name = holder["spellings"].most_common(1)[0][0]
        sources = holder.get("sources", {"holder": Counter(), "passage": Counter()})
        holders.append(
            {
                "name": name,
                "passages": holder["passages"],
                "stances": dict(holder["stances"]),
                "stance_sources": {k: dict(v) for k, v in sources.items()},
            }
        )
    return sorted(holders, key=lambda h: (-h["passages"], holder_key(h["name"])))


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(EDITOR_WRITE, EDITOR_WRITE, REVIEW), min_size=1, max_size=10))
def test_the_roll_up_from_the_state_equals_a_recomputation_from_raw_rows(
    app: Flask, team: Team, steps
):
    clear_labels()
    db.session.execute(delete(HolderAlias))
    db.session.add_all(HolderAlias(alias=a, canonical=c) for a, c in ALIASES.items())
    db.session.commit()
    for step in steps:
        apply_write(team, step)
    article_id = team.article.id
    for who, viewer in _viewers(team).items():
        rollup = rollup_articles(db.session, [article_id], viewer)[article_id].as_dict()
        found = {key: rollup[key] for key in ("passage_status", "label_counts", "holders")}
        assert found == _expected(team, viewer), who
