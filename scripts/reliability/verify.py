"""Check a database against what the clients were told: nothing lost, doubled or overwritten.

Passage saves (labels, spans, notes) and article-level labels are checked the same way: per
(user, passage or article, label set) the save events must form an unbroken chain of versions
1, 2, … whose `before` is the previous `after`, the stored row must sit at the last version,
and every acknowledged save must be in that chain exactly once with the content the client
was told. Gold is checked in `verify_gold`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.clients import Ack, ArticleAck, content_of

Key = tuple[str, int, str]  # (username, passage or article id, label set or "note")
Events = dict[Key, list[dict[str, Any]]]
Stored = dict[Key, list[Any]]


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


def _usernames(conn: Connection) -> dict[int, str]:
    return dict(conn.execute(text("SELECT id, username FROM users")).all())


def load_history(url: str) -> tuple[Events, Stored, str]:
    """Every passage save event per key (in id order), every stored row per key, and integrity."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            names = _usernames(conn)
            sets = dict(conn.execute(text("SELECT id, name FROM label_sets")).all())
            events: Events = defaultdict(list)
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
            stored: Stored = defaultdict(list)
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


def load_article_history(url: str) -> tuple[Events, Stored]:
    """Every article-label event per (user, article, set), in id order, and the stored rows."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            names = _usernames(conn)
            events: Events = defaultdict(list)
            rows = conn.execute(
                text(
                    'SELECT actor_id, "before", "after" FROM events WHERE action IN '
                    "('article_annotation.create', 'article_annotation.update') ORDER BY id"
                )
            )
            for actor, before, after in rows:
                after, before = _json(after), _json(before)
                key = (names[actor], after["article_id"], after["label_set"])
                events[key].append({"before": before, "after": after})
            stored: Stored = defaultdict(list)
            query = (
                "SELECT a.user_id, a.article_id, s.name, a.version FROM article_annotations a "
                "JOIN label_sets s ON s.id = a.label_set_id"
            )
            for user, article, set_name, version in conn.execute(text(query)):
                stored[(names[user], article, set_name)].append(version)
    finally:
        engine.dispose()
    return events, stored


def judge(
    events: Events, stored: Stored, acks: Iterable[tuple[Key, int, Any]], integrity: str
) -> Verdict:
    """Every acknowledged (key, version, content) stored once, in an unbroken chain."""
    acks = list(acks)
    verdict = Verdict(acknowledged=len(acks), integrity=integrity)
    verdict.rows = sum(len(v) for v in stored.values())
    for key, versions in stored.items():
        if len(versions) > 1:
            verdict.duplicated.append(f"{key}: {len(versions)} rows")
    acked: dict[tuple[Key, int], Any] = {}
    for key, version, content in acks:
        if (key, version) in acked:
            verdict.duplicated.append(f"{key} v{version}: the server acknowledged it twice")
        acked[(key, version)] = content
    for key, history in events.items():
        label_set = key[2]
        seen = [e["after"]["version"] for e in history]
        if seen != list(range(1, len(seen) + 1)):
            verdict.broken_chains.append(f"{key}: versions {seen}")
        previous = None
        for event in history:
            if content_of(label_set, event["before"]) != previous:
                verdict.broken_chains.append(f"{key}: a change nobody logged before v{seen}")
            previous = content_of(label_set, event["after"])
        if stored.get(key) and stored[key][0] != len(seen):
            verdict.broken_chains.append(f"{key}: row at v{stored[key][0]}, log at v{len(seen)}")
        for event in history:
            version = event["after"]["version"]
            if (key, version) not in acked:
                verdict.unacknowledged_but_stored += 1
            elif acked[(key, version)] != content_of(label_set, event["after"]):
                verdict.overwritten.append(f"{key} v{version}: told {acked[(key, version)]}")
    for (key, version), content in acked.items():
        matching = [e for e in events.get(key, []) if e["after"]["version"] == version]
        if not matching:
            verdict.lost.append(f"{key} v{version}: {content}")
        elif len(matching) > 1:
            verdict.duplicated.append(f"{key} v{version}: logged {len(matching)} times")
        else:
            verdict.found += 1
    return verdict


def verify(url: str, acks: list[Ack]) -> Verdict:
    """Every acknowledged passage save is stored exactly once, in an unbroken chain."""
    events, stored, integrity = load_history(url)
    told = (((a.user, a.passage_id, a.label_set), a.version, a.content) for a in acks)
    return judge(events, stored, told, integrity)


def verify_articles(url: str, acks: list[ArticleAck]) -> Verdict:
    """Every acknowledged article-label save is stored exactly once, in an unbroken chain."""
    events, stored = load_article_history(url)
    told = (((a.user, a.article_id, a.label_set), a.version, a.content) for a in acks)
    return judge(events, stored, told, "not checked")
