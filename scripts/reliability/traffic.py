"""Who does what during a storm: editors' tabs saving labels, reviewers settling gold.

Every kind of label write races on purpose. Each editor has two tabs that save passage
labels, spans and notes and the article's stance from the version they last saw, half the
time on a few passages everyone shares; reviewers settle and reopen gold on those shared
passages through the review form. Every client opens with a move that must collide (see
`run_storm`), so each kind proves its 409 path in every run, whatever the timing.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import requests
from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.clients import (
    SET_WEIGHTS,
    SETS,
    STANCE,
    Browser,
    Editor,
    Ledger,
    LookFailed,
)
from scripts.reliability.databases import Staff
from scripts.reliability.reviewers import Reviewer

ARTICLE_SHARE = 0.1  # of an editor's requests that save the article's stance


@dataclass(frozen=True)
class StormPlan:
    """How big a storm is: clients, editors, reviewers, passages, time and request bounds."""

    clients: int = 32  # editors' tabs
    tabs_per_editor: int = 2
    reviewers: int = 4
    seconds: float = 20.0
    max_requests_per_client: int = 2000
    shared_passages: int = 4
    own_passages: int = 3
    seed: int = 1

    @property
    def editors(self) -> int:
        return max(1, self.clients // self.tabs_per_editor)


@dataclass(frozen=True)
class Newsroom:
    """The people of a storm and what they work on."""

    editors: list[str]
    reviewers: list[str]
    passages: list[int]  # body passages in reading order
    article: int  # the article whose stance every editor labels


def newsroom(url: str, staff: Staff) -> Newsroom:
    """Read the body passages and the first article of a prepared database."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            query = "SELECT id FROM passages WHERE kind = 'body' ORDER BY article_id, \"index\""
            passages = [row[0] for row in conn.execute(text(query))]
            article = conn.execute(text("SELECT min(id) FROM articles")).scalar_one()
    finally:
        engine.dispose()
    return Newsroom(staff.editors, staff.reviewers, passages, article)


def _guarded(ledger: Ledger, tab: Browser, action: Callable[[], None]) -> None:
    """Run one request; a failed look is a server error, a dropped connection unanswered."""
    try:
        action()
    except LookFailed as exc:
        with ledger.lock:
            ledger.server_errors.append(str(exc))
    except requests.RequestException:
        with ledger.lock:
            ledger.unanswered += 1
        tab.forget()


def _get_ready(ledger: Ledger, ready: threading.Barrier, steps: Callable[[], None]) -> bool:
    """Sign in and read the opening state, then wait for everyone; False if that failed."""
    try:
        steps()
        return True
    except LookFailed as exc:
        with ledger.lock:
            ledger.server_errors.append(str(exc))
    except (requests.RequestException, RuntimeError):  # the server went away (a kill)
        with ledger.lock:
            ledger.unanswered += 1
    finally:
        ready.wait()
    return False


def run_storm(
    base: str,
    room: Newsroom,
    plan: StormPlan,
    stop: threading.Event | None = None,
    started: threading.Event | None = None,
) -> Ledger:
    """Every client signs in, then writes until time or its request budget runs out.

    `started` is set once every client has signed in and the writing begins.
    """
    ledger = Ledger()
    halt = stop or threading.Event()
    shared = room.passages[: plan.shared_passages]
    rest = room.passages[plan.shared_passages :]
    ready = threading.Barrier(plan.clients + len(room.reviewers) + 1)

    def editor(i: int) -> None:
        editor_index = (i // plan.tabs_per_editor) % len(room.editors)
        start = editor_index * plan.own_passages
        own = rest[start : start + plan.own_passages] or shared
        rng = random.Random(plan.seed * 1000 + i)  # noqa: S311 - reproducible load
        tab = Editor(base, room.editors[editor_index])
        opening = STANCE[(i % plan.tabs_per_editor) % len(STANCE)]

        def steps() -> None:
            tab.sign_in()
            tab.look(shared[0])
            tab.look_article(room.article)

        if not _get_ready(ledger, ready, steps):
            return
        deadline = time.monotonic() + plan.seconds
        # The opening moves: every tab of an editor saves a different stance on the first
        # shared passage, and on the article, from the version it just read, so one wins and
        # the others must get a 409 whatever the timing.
        _guarded(
            ledger, tab, partial(tab.save, rng, shared[0], "stance", ledger, {"values": [opening]})
        )
        _guarded(ledger, tab, partial(tab.save_article, rng, room.article, ledger, [opening]))
        for _ in range(plan.max_requests_per_client):
            if halt.is_set() or time.monotonic() > deadline:
                return
            if rng.random() < ARTICLE_SHARE:
                _guarded(ledger, tab, partial(tab.save_article, rng, room.article, ledger))
                continue
            passage = rng.choice(shared if rng.random() < 0.5 else own)
            label_set = rng.choices(SETS, SET_WEIGHTS)[0]
            _guarded(ledger, tab, partial(tab.save, rng, passage, label_set, ledger))

    def reviewer(i: int) -> None:
        rng = random.Random(plan.seed * 1000 + 500 + i)  # noqa: S311 - reproducible load
        tab = Reviewer(base, room.reviewers[i])
        pages = []

        def steps() -> None:
            tab.sign_in()
            pages.append(tab.page(shared[0]))

        if not _get_ready(ledger, ready, steps):
            return
        deadline = time.monotonic() + plan.seconds
        # The opening move: every reviewer settles the first shared passage from the page
        # they all just read, each with another stance: one is stored, the others get 409.
        opening = STANCE[i % len(STANCE)]
        _guarded(ledger, tab, partial(tab.decide, rng, shared[0], ledger, pages[0], opening))
        for _ in range(plan.max_requests_per_client):
            if halt.is_set() or time.monotonic() > deadline:
                return
            _guarded(ledger, tab, partial(tab.decide, rng, rng.choice(shared), ledger))

    threads = [threading.Thread(target=editor, args=(i,), daemon=True) for i in range(plan.clients)]
    threads += [
        threading.Thread(target=reviewer, args=(i,), daemon=True)
        for i in range(len(room.reviewers))
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    if started is not None:
        started.set()
    for thread in threads:
        thread.join(timeout=plan.seconds + 120)
    return ledger
