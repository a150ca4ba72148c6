"""Check gold against what reviewers were told: every 302 in the log, rows and log agreeing.

Every settle and every reopen moves all of a passage's gold rows (one per label set) from
version n to n + 1 and writes one event (`gold.settle`, `gold.reopen`). So on each passage
the k-th gold event made version k: an acknowledged write that saw version n must be the
(n + 1)-th event, by that reviewer, with what the reviewer sent. The log must chain (each
event's `before` is the previous `after`), every row must sit at the number of events, and
the stored gold must be what the last event says.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.reviewers import GoldAck, gold_content
from scripts.reliability.verify import Verdict


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _snapshot(after: dict[str, Any] | None) -> dict[str, Any] | None:
    """An event's gold, without what only the event says (whether it overrode the majority)."""
    if after is None:
        return None
    spans = [(s["start"], s["end"], s["label"]) for s in after["spans"]]
    return {"state": after["state"], **gold_content(after["labels"], spans, after["reason"])}


def load_gold(url: str) -> tuple[dict[int, list[dict[str, Any]]], dict[int, dict[str, Any]]]:
    """Gold events per passage (id order) and the stored gold per passage, from the raw rows."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT id, username FROM users")).all())
            events: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for actor, passage, action, before, after in conn.execute(
                text(
                    'SELECT actor_id, passage_id, action, "before", "after" FROM events '
                    "WHERE action IN ('gold.settle', 'gold.reopen') ORDER BY id"
                )
            ):
                event = {"who": names[actor], "action": action}
                events[passage].append({**event, "before": _json(before), "after": _json(after)})
            label_names = dict(conn.execute(text("SELECT id, name FROM labels")).all())
            rows = conn.execute(
                text(
                    "SELECT g.id, g.passage_id, s.name, s.kind, g.state, g.reason, g.version "
                    "FROM gold_annotations g JOIN label_sets s ON s.id = g.label_set_id"
                )
            ).all()
            values: dict[int, list[str]] = defaultdict(list)
            query = "SELECT gold_id, label_id FROM gold_values"
            for gold_id, label_id in conn.execute(text(query)):
                values[gold_id].append(label_names[label_id])
            spans: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
            for gold_id, start, end, label_id in conn.execute(
                text('SELECT gold_id, start, "end", label_id FROM gold_spans')
            ):
                spans[gold_id].append((start, end, label_names[label_id]))
    finally:
        engine.dispose()
    stored: dict[int, dict[str, Any]] = {}
    for gold_id, passage, set_name, kind, state, reason, version in rows:
        empty = {"states": set(), "reasons": set(), "versions": set(), "labels": {}, "spans": []}
        gold = stored.setdefault(passage, empty)
        gold["states"].add(state)
        gold["reasons"].add(reason)
        gold["versions"].add(version)
        gold["spans"] += spans[gold_id]
        if kind != "span":
            gold["labels"][set_name] = values[gold_id]
    return events, stored


def verify_gold(url: str, acks: list[GoldAck]) -> Verdict:
    """Every acknowledged settle and reopen is its passage's event at its version, once."""
    events, stored = load_gold(url)
    verdict = Verdict(acknowledged=len(acks))
    verdict.rows = len(stored)
    for passage, gold in stored.items():
        history = events.get(passage, [])
        if gold["versions"] != {len(history)} or len(gold["states"]) != 1:
            verdict.broken_chains.append(
                f"passage {passage}: rows at versions {sorted(gold['versions'])} and states "
                f"{sorted(gold['states'])}, {len(history)} gold events"
            )
            continue
        (state,) = gold["states"]
        reason = next(iter(gold["reasons"])) if len(gold["reasons"]) == 1 else gold["reasons"]
        held = {"state": state, **gold_content(gold["labels"], gold["spans"], reason)}
        if _snapshot(history[-1]["after"]) != held:
            verdict.broken_chains.append(f"passage {passage}: rows {held}, last event says other")
    for passage, history in events.items():
        if passage not in stored:
            verdict.lost.append(f"passage {passage}: {len(history)} gold events, no gold rows")
        previous = None
        for number, event in enumerate(history, start=1):
            if _snapshot(event["before"]) != previous:
                verdict.broken_chains.append(f"passage {passage}: unlogged change before v{number}")
            previous = _snapshot(event["after"])
    told: dict[tuple[int, int], GoldAck] = {}
    for ack in acks:
        if (ack.passage_id, ack.version) in told:
            verdict.duplicated.append(f"passage {ack.passage_id} v{ack.version}: two 302s")
        told[(ack.passage_id, ack.version)] = ack
    for (passage, version), ack in told.items():
        history = events.get(passage, [])
        event = history[version - 1] if version <= len(history) else None
        if event is None or event["who"] != ack.reviewer or event["action"] != ack.action:
            verdict.lost.append(f"passage {passage} v{version}: {ack.action} by {ack.reviewer}")
            continue
        after = _snapshot(event["after"])
        assert after is not None
        if ack.action == "gold.reopen":
            matches = after["state"] == "reopened" and after["reason"] == ack.content["reason"]
        else:
            matches = after == {"state": "settled", **ack.content}
        if matches:
            verdict.found += 1
        else:
            verdict.overwritten.append(f"passage {passage} v{version}: told {ack.content}")
    verdict.unacknowledged_but_stored = sum(len(h) for h in events.values()) - verdict.found
    return verdict
