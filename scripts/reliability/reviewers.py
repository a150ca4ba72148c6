"""Reviewers settling and reopening gold through the real review form, racing each other.

A reviewer does what the page lets a person do: GET /review/<id> (which renders the gold's
concurrency token), then POST the gold form or the reopen form with that token. 302 is the
acknowledgement; 409 ("another reviewer changed this gold meanwhile") is the designed answer
to a stale token.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

import requests

from scripts.reliability.clients import BIAS, STANCE, Browser, Ledger, LookFailed

_TOKEN = re.compile(r'<input[^>]*name="token"[^>]*value="([^"]*)"')
SPAN_LABELS = ["evidence", "holder"]
REOPEN_SHARE = 0.5  # of decisions on settled gold that reopen it (few happen on a slow machine)


@dataclass(frozen=True)
class GoldAck:
    """A gold settle or reopen the server acknowledged with 302."""

    reviewer: str
    passage_id: int
    action: str  # "gold.settle" or "gold.reopen", as the event log names them
    version: int  # of the passage's gold rows after this write
    content: dict[str, Any]  # settle: labels, spans, reason; reopen: reason


@dataclass(frozen=True)
class ReviewPage:
    """What the reviewer's page said: the token it was built from, and whether it may reopen."""

    token: str
    reopenable: bool

    @property
    def version(self) -> int:
        """The version of the gold rows the token names (0: no gold yet)."""
        versions = [int(part.rsplit(":", 1)[1]) for part in self.token.split(",") if part]
        return max(versions, default=0)


def gold_content(labels: dict[str, list[str]], spans: list[Any], reason: str) -> dict[str, Any]:
    """A comparable form of a settle (from the form sent or from an event's `after`)."""
    return {
        "labels": {name: sorted(values) for name, values in sorted(labels.items())},
        "spans": sorted(tuple(s) for s in spans),
        "reason": reason,
    }


class Reviewer(Browser):
    """One reviewer's tab on the review pages."""

    def page(self, passage_id: int) -> ReviewPage:
        """GET the review page, as a reviewer opening it would."""
        url = f"{self.base}/review/{passage_id}"
        response = self.http.get(url, timeout=self.timeout)
        token = _TOKEN.search(response.text)
        if response.status_code != 200 or token is None:
            raise LookFailed(f"{response.status_code} GET {url} (token found: {bool(token)})")
        reopenable = f"/review/{passage_id}/reopen" in response.text
        return ReviewPage(token.group(1), reopenable)

    def length(self, passage_id: int) -> int:
        if passage_id not in self.lengths:
            response = self.http.get(f"{self.base}/api/passages/{passage_id}", timeout=self.timeout)
            if response.status_code != 200:
                raise LookFailed(f"{response.status_code} GET /api/passages/{passage_id}")
            self.lengths[passage_id] = len(response.json()["text"])
        return self.lengths[passage_id]

    def decide(
        self,
        rng: random.Random,
        passage_id: int,
        ledger: Ledger,
        page: ReviewPage | None = None,
        stance: str | None = None,
    ) -> None:
        """Open the page (unless given), then settle, or reopen settled gold now and then."""
        page = page or self.page(passage_id)
        reason = f"{self.username} 的理由 {rng.randint(0, 10**9)} 🙂"
        if page.reopenable and stance is None and rng.random() < REOPEN_SHARE:
            form: list[tuple[str, Any]] = [("reason", reason)]
            action, content = "gold.reopen", {"reason": reason}
            url = f"{self.base}/review/{passage_id}/reopen"
        else:
            chosen = stance if stance is not None else rng.choice(["", *STANCE])
            bias = rng.sample(BIAS, rng.randint(0, 2))
            spans: list[tuple[int, int, str]] = []
            form = [
                ("set_stance", chosen),
                *(("set_bias_attribution", b) for b in bias),
                ("reason", reason),
                ("then", "stay"),
            ]
            if rng.random() < 0.5:
                length = self.length(passage_id)
                start = rng.randrange(0, max(1, length - 1))
                end = rng.randint(start + 1, min(length, start + 12))
                spans.append((start, end, rng.choice(SPAN_LABELS)))
                form += [("new_start", start), ("new_end", end), ("new_label", spans[0][2])]
            labels = {"stance": [chosen] if chosen else [], "bias_attribution": bias}
            action, content = "gold.settle", gold_content(labels, spans, reason)
            url = f"{self.base}/review/{passage_id}"
        form += [("csrf_token", self.csrf), ("token", page.token)]
        try:
            response = self.http.post(url, data=form, timeout=self.timeout, allow_redirects=False)
        except requests.RequestException:
            with ledger.lock:
                ledger.unanswered += 1
            return
        status = response.status_code
        with ledger.lock:
            ledger.statuses[status] += 1
        if status == 302:
            ack = GoldAck(self.username, passage_id, action, page.version + 1, content)
            with ledger.lock:
                ledger.gold_acks.append(ack)
        elif status == 409:
            with ledger.lock:
                ledger.gold_conflicts += 1
        else:
            ledger.unexpected(status, f"POST {url} {form}", response.text)
