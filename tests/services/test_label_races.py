"""Two writers of the same labels at once: one wins, the other is told (409), nothing breaks.

Each race is made deterministic: the first writer saves and keeps its transaction open; the
second, in its own session, saves from the same version; only then does the first commit.
On PostgreSQL the second must wait for the first and then refuse, never store on top of it
(the bug: both got 200 with the same version, or a 500 on the gold's unique constraint).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.extensions import db
from annotator.models import (
    ArticleAnnotation,
    ArticleAnnotationValue,
    GoldAnnotation,
    GoldValue,
    LabelSet,
    User,
)
from annotator.services.annotating.article_labels import (
    ArticleVersionConflict,
    find_article_label_set,
    save_article_labels,
)
from annotator.services.passage_state import state_drift
from annotator.services.reviewing import Decision, ReviewError, gold_token, settle
from tests.builders.labels import tag
from tests.builders.team import Team

WAIT = 1.0  # seconds the second writer is given to (wrongly) get through


@pytest.fixture
def two_sessions(app: Flask, backend: str) -> Iterator[tuple[Session, Session]]:
    if backend != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers at BEGIN IMMEDIATE")
    first, second = Session(db.engine), Session(db.engine)
    yield first, second
    first.close()
    second.close()


def race(first: Callable[[], object], second: Callable[[], object], commit: Callable[[], None]):
    """Run `first`, start `second` in a thread, give it time, commit the first, join."""
    outcome: dict[str, object] = {}
    first()

    def run() -> None:
        try:
            outcome["result"] = second()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test asserts
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(WAIT)
    outcome["waited"] = thread.is_alive()
    commit()
    thread.join(30)
    assert not thread.is_alive()
    return outcome


def test_racing_article_label_saves_one_wins_one_is_told(team: Team, two_sessions):
    a, b = two_sessions
    alice, article = team.users["alice"], team.article
    # Both tabs opened after the first save: both saw version 1.
    stance = find_article_label_set(db.session, "article_stance")
    save_article_labels(db.session, article, alice.id, stance, ["for_open_release"], None)
    db.session.commit()

    def tab(session: Session, value: str) -> Callable[[], object]:
        def save() -> object:
            label_set = find_article_label_set(session, "article_stance")
            found = session.get(type(article), article.id)
            result = save_article_labels(session, found, alice.id, label_set, [value], 1)
            session.commit()
            return result

        return save

    def first() -> object:
        label_set = find_article_label_set(a, "article_stance")
        found = a.get(type(article), article.id)
        return save_article_labels(a, found, alice.id, label_set, ["against_open_release"], 1)

    outcome = race(first, tab(b, "neutral_or_mixed"), a.commit)
    assert outcome["waited"], f"the second tab did not wait for the first: {outcome}"
    assert isinstance(outcome.get("error"), ArticleVersionConflict)
    assert outcome["error"].current == {"values": ["against_open_release"], "version": 2}
    b.rollback()
    db.session.expire_all()
    row = db.session.scalars(
        select(ArticleAnnotation).where(ArticleAnnotation.user_id == alice.id)
    ).one()
    values = db.session.scalars(
        select(ArticleAnnotationValue).where(ArticleAnnotationValue.article_annotation_id == row.id)
    ).all()
    assert row.version == 2 and len(values) == 1  # a single-choice set with one value


def test_racing_first_article_label_saves_one_wins(team: Team, two_sessions):
    a, b = two_sessions
    alice, article = team.users["alice"], team.article

    def save(session: Session, value: str) -> Callable[[], object]:
        def run() -> object:
            label_set = find_article_label_set(session, "article_stance")
            found = session.get(type(article), article.id)
            return save_article_labels(session, found, alice.id, label_set, [value], None)

        return run

    outcome = race(save(a, "for_open_release"), save(b, "not_about_release"), a.commit)
    assert isinstance(outcome.get("error"), ArticleVersionConflict)
    assert outcome["error"].current["version"] == 1


def test_racing_gold_settlements_one_wins_one_is_told(team: Team, two_sessions):
    a, b = two_sessions
    p = team.passages[0]
    tag(db.session, p, team.users["alice"], "for_open_release")
    tag(db.session, p, team.users["bob"], "against_open_release")
    db.session.commit()
    # Plain ids: the threads have no app context to reload the test session's objects.
    passage_id = p.id
    reviewers = {name: team.users[name].id for name in ("rita", "ada")}
    token = gold_token(db.session, passage_id)  # both reviewers opened the page first

    def settle_as(session: Session, name: str, stance: str) -> Callable[[], object]:
        def run() -> object:
            reviewer = session.get(User, reviewers[name])
            decision = Decision(values={"stance": stance}, spans=[], reason="看全文")
            return settle(session, passage_id, reviewer, decision, token)

        return run

    outcome = race(
        settle_as(a, "rita", "for_open_release"),
        settle_as(b, "ada", "against_open_release"),
        a.commit,
    )
    assert outcome["waited"], f"the second reviewer did not wait for the first: {outcome}"
    error = outcome.get("error")
    assert isinstance(error, ReviewError) and error.status == 409
    b.rollback()
    db.session.expire_all()
    stance = db.session.scalars(select(LabelSet.id).where(LabelSet.name == "stance")).one()
    gold = db.session.scalars(
        select(GoldAnnotation).where(
            GoldAnnotation.passage_id == passage_id, GoldAnnotation.label_set_id == stance
        )
    ).one()
    values = db.session.scalars(select(GoldValue).where(GoldValue.gold_id == gold.id)).all()
    assert gold.reviewer_id == reviewers["rita"] and len(values) == 1
    assert state_drift(db.session) == []


def test_a_gold_save_without_the_token_is_refused(team: Team):
    p = team.passages[0]
    tag(db.session, p, team.users["alice"], "for_open_release")
    with pytest.raises(ReviewError) as refused:
        settle(db.session, p.id, team.users["rita"], Decision({"stance": None}, []), None)
    assert refused.value.status == 400 and refused.value.field == "token"
