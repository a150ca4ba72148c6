"""Editors saving labels concurrently through the annotation API, and a ledger of the answers."""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests

from scripts.reliability.databases import PASSWORD

STANCE = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]
BIAS = ["data", "model_or_method", "researchers", "deployment_or_society"]
SETS = ["stance", "bias_attribution", "spans", "note"]
SET_WEIGHTS = [5, 2, 2, 1]
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True)
class Ack:
    """A save the server acknowledged with 200: who, where, which version, what."""

    user: str
    passage_id: int
    label_set: str
    version: int
    content: Any  # sorted values, sorted span triples, or note text


@dataclass
class Ledger:
    """Everything the clients saw, shared by all client threads."""

    acks: list[Ack] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    noops: int = 0
    conflicts: int = 0
    unanswered: int = 0
    server_errors: list[str] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.unanswered


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


class Editor:
    """One browser tab of one editor: a signed-in session with its CSRF token."""

    def __init__(self, base: str, username: str, timeout: float = 30.0) -> None:
        self.base = base
        self.username = username
        self.timeout = timeout
        self.http = requests.Session()
        self.csrf = ""
        self.known: dict[tuple[int, str], int | None] = {}
        self.lengths: dict[int, int] = {}

    def sign_in(self) -> None:
        page = self.http.get(self.base + "/login", timeout=self.timeout)
        token = _CSRF.search(page.text)
        assert token, "no CSRF token on the sign-in page"
        response = self.http.post(
            self.base + "/login",
            data={"username": self.username, "password": PASSWORD, "csrf_token": token.group(1)},
            timeout=self.timeout, allow_redirects=False,
        )  # fmt: skip
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")
        page = self.http.get(self.base + "/login", timeout=self.timeout)
        token = _CSRF.search(page.text)
        assert token
        self.csrf = token.group(1)

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
        elif status >= 500:
            with ledger.lock:
                ledger.server_errors.append(f"{status} PUT {url}: {response.text[:300]}")
        else:
            with ledger.lock:
                ledger.other_errors.append(f"{status} PUT {url} {body}: {response.text[:300]}")


@dataclass(frozen=True)
class StormPlan:
    """How big a storm is: clients, editors, passages, time and request bounds."""

    clients: int = 32
    tabs_per_editor: int = 2
    seconds: float = 20.0
    max_requests_per_client: int = 2000
    shared_passages: int = 4
    own_passages: int = 3
    seed: int = 1


def run_storm(
    base: str,
    editors: list[str],
    passage_ids: list[int],
    plan: StormPlan,
    stop: threading.Event | None = None,
) -> Ledger:
    """Every client signs in, then saves until time or its request budget runs out."""
    ledger = Ledger()
    stop = stop or threading.Event()
    shared = passage_ids[: plan.shared_passages]
    rest = passage_ids[plan.shared_passages :]
    tabs = []
    for i in range(plan.clients):
        editor_index = (i // plan.tabs_per_editor) % len(editors)
        start = editor_index * plan.own_passages
        own = rest[start : start + plan.own_passages] or shared
        rng = random.Random(plan.seed * 1000 + i)  # noqa: S311 - reproducible load
        opening = STANCE[(i % plan.tabs_per_editor) % len(STANCE)]
        tabs.append((Editor(base, editors[editor_index]), own, rng, opening))
    ready = threading.Barrier(plan.clients + 1)

    def client(tab: Editor, own: list[int], rng: random.Random, opening: str) -> None:
        try:
            tab.sign_in()
            tab.look(shared[0])
        finally:
            ready.wait()
        deadline = time.monotonic() + plan.seconds
        # The opening move: every tab of an editor saves a different stance on the first
        # shared passage from the same version it just read, so one wins and the others
        # must get a 409 whatever the timing (on a fresh database: nothing stored yet).
        try:
            tab.save(rng, shared[0], "stance", ledger, {"values": [opening]})
        except LookFailed as exc:
            with ledger.lock:
                ledger.server_errors.append(str(exc))
        for _ in range(plan.max_requests_per_client):
            if stop.is_set() or time.monotonic() > deadline:
                return
            passage = rng.choice(shared if rng.random() < 0.5 else own)
            label_set = rng.choices(SETS, SET_WEIGHTS)[0]
            try:
                tab.save(rng, passage, label_set, ledger)
            except LookFailed as exc:
                with ledger.lock:
                    ledger.server_errors.append(str(exc))
            except requests.RequestException:
                with ledger.lock:
                    ledger.unanswered += 1
                tab.known.clear()
                if stop.is_set():
                    return

    threads = [threading.Thread(target=client, args=t, daemon=True) for t in tabs]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join(timeout=plan.seconds + 120)
    return ledger
