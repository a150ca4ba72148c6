"""Check a database against what the clients were told: nothing lost, doubled or overwritten."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.clients import Ack, content_of

Key = tuple[str, int, str]  # (username, passage id, label set or "note")


@dataclass
class Verdict:
    """What the database holds compared with the acknowledged saves."""

    acknowledged: int = 0
    found: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    broken_chains: list[str] = field(default_factory=list)
    unacknowledged_but_stored: int = 0
    rows: int = 0
    integrity: str = "not checked"

    @property
    def ok(self) -> bool:
        problems = self.lost or self.duplicated or self.overwritten or self.broken_chains
        return not problems and self.integrity in ("ok", "not checked")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def load_history(url: str) -> tuple[dict[Key, list[dict[str, Any]]], dict[Key, list[Any]], str]:
    """Every save event per key (in id order), every stored row per key, and integrity."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT id, username FROM users")).all())
            sets = dict(conn.execute(text("SELECT id, name FROM label_sets")).all())
            events: dict[Key, list[dict[str, Any]]] = defaultdict(list)
            rows = conn.execute(
                text(
                    'SELECT actor_id, passage_id, action, "before", "after" FROM events '
                    "WHERE action IN ('annotation.save', 'note.save') ORDER BY id"
                )
            )
            for actor, passage, action, before, after in rows:
                after, before = _json(after), _json(before)
                name = "note" if action == "note.save" else after["label_set"]
                events[(names[actor], passage, name)].append({"before": before, "after": after})
            stored: dict[Key, list[Any]] = defaultdict(list)
            for user, passage, set_id, version in conn.execute(
                text("SELECT user_id, passage_id, label_set_id, version FROM annotations")
            ):
                stored[(names[user], passage, sets[set_id])].append(version)
            for user, passage, version in conn.execute(
                text("SELECT user_id, passage_id, version FROM notes")
            ):
                stored[(names[user], passage, "note")].append(version)
            integrity = "not checked"
            if engine.dialect.name == "sqlite":
                integrity = str(conn.execute(text("PRAGMA integrity_check")).scalar())
    finally:
        engine.dispose()
    return events, stored, integrity


def verify(url: str, acks: list[Ack]) -> Verdict:
    """Every acknowledged save is stored exactly once, in an unbroken chain of versions."""
    events, stored, integrity = load_history(url)
    verdict = Verdict(acknowledged=len(acks), integrity=integrity)
    verdict.rows = sum(len(v) for v in stored.values())
    for key, versions in stored.items():
        if len(versions) > 1:
            verdict.duplicated.append(f"{key}: {len(versions)} rows")
    acked: dict[tuple[Key, int], Ack] = {}
    for ack in acks:
        key = ((ack.user, ack.passage_id, ack.label_set), ack.version)
        if key in acked:
            verdict.duplicated.append(f"{key}: the server acknowledged version twice")
        acked[key] = ack
    for key, history in events.items():
        label_set = key[2]
        seen = [e["after"]["version"] for e in history]
        if seen != list(range(1, len(seen) + 1)):
            verdict.broken_chains.append(f"{key}: versions {seen}")
        previous = None
        for event in history:
            before = event["before"]
            if content_of(label_set, before) != previous:
                verdict.broken_chains.append(f"{key}: a change nobody logged before v{seen}")
            previous = content_of(label_set, event["after"])
        if stored.get(key) and stored[key][0] != len(seen):
            verdict.broken_chains.append(f"{key}: row at v{stored[key][0]}, log at v{len(seen)}")
        for event in history:
            version = event["after"]["version"]
            ack = acked.get((key, version))
            if ack is None:
                verdict.unacknowledged_but_stored += 1
            elif ack.content != content_of(label_set, event["after"]):
                verdict.overwritten.append(f"{key} v{version}: told {ack.content}")
    for (key, version), ack in acked.items():
        history = events.get(key, [])
        matching = [e for e in history if e["after"]["version"] == version]
        if not matching:
            verdict.lost.append(f"{key} v{version}: {ack.content}")
        elif len(matching) > 1:
            verdict.duplicated.append(f"{key} v{version}: logged {len(matching)} times")
        else:
            verdict.found += 1
    return verdict
