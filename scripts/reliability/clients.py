"""Editors saving passage and article labels through the JSON API, and a ledger of the answers.

Reviewers settling gold through the review form are in `reviewers`; who does what during a
storm is in `traffic`.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests

from scripts.reliability.databases import PASSWORD

if TYPE_CHECKING:
    from scripts.reliability.reviewers import GoldAck  # reviewers builds on this module

STANCE = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]
BIAS = ["data", "model_or_method", "researchers", "deployment_or_society"]
SETS = ["stance", "bias_attribution", "spans", "note"]
SET_WEIGHTS = [5, 2, 2, 1]
ARTICLE_SET = "article_stance"  # the default schema's one article-scope set (single choice)
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True)
class Ack:
    """A save the server acknowledged with 200: who, where, which version, what."""

    user: str
    passage_id: int
    label_set: str
    version: int
    content: Any  # sorted values, sorted span triples, or note text


@dataclass(frozen=True)
class ArticleAck:
    """An article-level save the server acknowledged with 200."""

    user: str
    article_id: int
    label_set: str
    version: int
    content: list[str]  # sorted values


@dataclass
class Ledger:
    """Everything the clients saw, shared by all client threads."""

    acks: list[Ack] = field(default_factory=list)
    article_acks: list[ArticleAck] = field(default_factory=list)
    gold_acks: list[GoldAck] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    noops: int = 0
    conflicts: int = 0  # of passage saves; the other kinds count their own
    article_conflicts: int = 0
    gold_conflicts: int = 0
    unanswered: int = 0
    server_errors: list[str] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.unanswered

    def unexpected(self, status: int, request: str, answer: str) -> None:
        """Keep an answer that is neither a success nor a 409, as a 5xx or an odd 4xx."""
        with self.lock:
            if status >= 500:
                self.server_errors.append(f"{status} {request}: {answer[:300]}")
            else:
                self.other_errors.append(f"{status} {request}: {answer[:300]}")

    def merge(self, other: Ledger) -> None:
        """Add another ledger's answers to this one (the rounds of a crash run)."""
        self.acks.extend(other.acks)
        self.article_acks.extend(other.article_acks)
        self.gold_acks.extend(other.gold_acks)
        self.statuses.update(other.statuses)
        self.noops += other.noops
        self.conflicts += other.conflicts
        self.article_conflicts += other.article_conflicts
        self.gold_conflicts += other.gold_conflicts
        self.unanswered += other.unanswered
        self.server_errors.extend(other.server_errors)
        self.other_errors.extend(other.other_errors)


def content_of(label_set: str, state: dict[str, Any] | None) -> Any:
    """A comparable form of a saved state (or of an event's `after`)."""
    if state is None:
        return None
    if label_set == "note":
        return state.get("text", "")
    if label_set == "spans":
        return sorted((s["start"], s["end"], s["label"]) for s in state.get("spans", []))
    return sorted(state.get("values", []))


class LookFailed(RuntimeError):
    """Reading a passage did not answer 200."""


class Browser:
    """One browser tab of one user: a signed-in session with its CSRF token."""

    def __init__(self, base: str, username: str, timeout: float = 30.0) -> None:
        self.base = base
        self.username = username
        self.timeout = timeout
        self.http = requests.Session()
        self.csrf = ""
        self.lengths: dict[int, int] = {}

    def sign_in(self) -> None:
        page = self.http.get(self.base + "/login", timeout=self.timeout)
        token = _CSRF.search(page.text)
        assert token, "no CSRF token on the sign-in page"
        response = self.http.post(
            self.base + "/login",
            data={"username": self.username, "password": PASSWORD, "csrf_token": token.group(1)},
            timeout=self.timeout,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")
        page = self.http.get(self.base + "/login", timeout=self.timeout)
        token = _CSRF.search(page.text)
        assert token
        self.csrf = token.group(1)

    def forget(self) -> None:
        """After an unanswered request: everything this tab knew may be stale."""
        self.lengths.clear()


class Editor(Browser):
    """An editor's tab: saves passage labels, spans, notes and article labels by version."""

    def __init__(self, base: str, username: str, timeout: float = 30.0) -> None:
        super().__init__(base, username, timeout)
        self.known: dict[tuple[int, str], int | None] = {}
        self.known_articles: dict[int, int | None] = {}

    def forget(self) -> None:
        super().forget()
        self.known.clear()
        self.known_articles.clear()

    def look(self, passage_id: int) -> None:
        """Learn the stored versions of every set on a passage (as opening it would)."""
        response = self.http.get(f"{self.base}/api/passages/{passage_id}", timeout=self.timeout)
        if response.status_code != 200:
            raise LookFailed(f"{response.status_code} GET /api/passages/{passage_id}")
        data = response.json()
        self.lengths[passage_id] = len(data["text"])
        for name in SETS[:3]:
            mine = data["mine"].get(name)
            self.known[(passage_id, name)] = mine["version"] if mine else None
        note = data.get("note")
        self.known[(passage_id, "note")] = note["version"] if note else None

    def payload(self, rng: random.Random, passage_id: int, label_set: str) -> dict[str, Any]:
        if label_set == "stance":
            return {"values": rng.sample(STANCE, rng.randint(0, 1))}
        if label_set == "bias_attribution":
            return {"values": rng.sample(BIAS, rng.randint(0, 3))}
        if label_set == "spans":
            length = self.lengths[passage_id]
            spans = []
            for _ in range(rng.randint(0, 2)):
                start = rng.randrange(0, max(1, length - 1))
                end = rng.randint(start + 1, min(length, start + 12))
                spans.append(
                    {"start": start, "end": end, "label": rng.choice(["evidence", "holder"])}
                )
            unique = {(s["start"], s["end"], s["label"]): s for s in spans}
            return {"spans": list(unique.values())}
        return {"text": f"{self.username} 的备注 {rng.randint(0, 10**6)} 🙂"}

    def save(
        self,
        rng: random.Random,
        passage_id: int,
        label_set: str,
        ledger: Ledger,
        content: dict[str, Any] | None = None,
    ) -> None:
        """One PUT with the version this tab last saw; record what the server said."""
        if (passage_id, label_set) not in self.known:
            self.look(passage_id)
        version = self.known[(passage_id, label_set)]
        body = {**(content or self.payload(rng, passage_id, label_set)), "version": version}
        path = "note" if label_set == "note" else f"annotations/{label_set}"
        url = f"{self.base}/api/passages/{passage_id}/{path}"
        try:
            response = self.http.put(
                url, json=body, headers={"X-CSRFToken": self.csrf}, timeout=self.timeout
            )
        except requests.RequestException:
            with ledger.lock:
                ledger.unanswered += 1
            self.known.pop((passage_id, label_set), None)  # unknown outcome: look again
            return
        status = response.status_code
        with ledger.lock:
            ledger.statuses[status] += 1
        if status == 200:
            data = response.json()
            new = data["version"]
            if new == version:
                with ledger.lock:
                    ledger.noops += 1  # the same content as stored: nothing written
            else:
                ack = Ack(self.username, passage_id, label_set, new, content_of(label_set, data))
                with ledger.lock:
                    ledger.acks.append(ack)
            self.known[(passage_id, label_set)] = new
        elif status == 409:
            current = response.json().get("current")
            self.known[(passage_id, label_set)] = current["version"] if current else None
            with ledger.lock:
                ledger.conflicts += 1
        else:
            ledger.unexpected(status, f"PUT {url} {body}", response.text)

    def look_article(self, article_id: int) -> None:
        """Learn the stored version of this editor's article label (as the roll-up page does)."""
        url = f"{self.base}/api/articles/{article_id}/annotations"
        response = self.http.get(url, timeout=self.timeout)
        if response.status_code != 200:
            raise LookFailed(f"{response.status_code} GET {url}")
        mine = response.json()["mine"].get(ARTICLE_SET)
        self.known_articles[article_id] = mine["version"] if mine else None

    def save_article(
        self, rng: random.Random, article_id: int, ledger: Ledger, values: list[str] | None = None
    ) -> None:
        """One PUT of the article's stance with the version this tab last saw."""
        if article_id not in self.known_articles:
            self.look_article(article_id)
        version = self.known_articles[article_id]
        chosen = rng.sample(STANCE, rng.randint(0, 1)) if values is None else values
        body = {"values": chosen, "version": version}
        url = f"{self.base}/api/articles/{article_id}/annotations/{ARTICLE_SET}"
        try:
            response = self.http.put(
                url, json=body, headers={"X-CSRFToken": self.csrf}, timeout=self.timeout
            )
        except requests.RequestException:
            with ledger.lock:
                ledger.unanswered += 1
            self.known_articles.pop(article_id, None)
            return
        status = response.status_code
        with ledger.lock:
            ledger.statuses[status] += 1
        if status == 200:
            data = response.json()
            values = sorted(data["values"])
            ack = ArticleAck(self.username, article_id, ARTICLE_SET, data["version"], values)
            with ledger.lock:
                ledger.article_acks.append(ack)
            self.known_articles[article_id] = data["version"]
        elif status == 409:
            current = response.json().get("current")
            self.known_articles[article_id] = current["version"] if current else None
            with ledger.lock:
                ledger.article_conflicts += 1
        else:
            ledger.unexpected(status, f"PUT {url} {body}", response.text)
