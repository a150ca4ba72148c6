"""The next-passage queue: capacity, preferences, restrictions and atomic claims."""

from __future__ import annotations

import threading
from datetime import timedelta

from flask import Flask
from sqlalchemy import delete, func, select

from annotator.extensions import db
from annotator.models import Claim, utcnow
from annotator.services.article_editors import set_article_editors
from annotator.services.assignment import claim_next, remaining_for
from annotator.services.queue import next_passage_for
from annotator.services.reviewing import Decision, gold_token, settle
from annotator.services.settings import set_setting
from tests.builders.articles import article_with_passages, body_passages
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.team import Team


def _next(team: Team, name: str, **kwargs):  # type: ignore[no-untyped-def]
    assignment = claim_next(db.session, team.users[name], **kwargs)
    db.session.commit()
    return assignment.passage.id if assignment else None


def test_an_editor_gets_the_article_in_order_and_moves_on_after_tagging(app: Flask, team: Team):
    ids = [p.id for p in team.passages]
    first = _next(team, "alice")
    assert first == ids[0]
    assert _next(team, "alice") == ids[0]  # asking again keeps the same passage
    tag(db.session, team.passages[0], team.users["alice"], stance="neutral_or_mixed")
    db.session.commit()
    assert _next(team, "alice", after_passage_id=ids[0]) == ids[1]
    # "next" on a passage without tagging it skips it.
    assert _next(team, "alice", after_passage_id=ids[1]) == ids[2]
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 1  # one open claim


def test_queue_never_gives_more_editors_than_the_setting(app: Flask, team: Team):
    p0 = team.passages[0]
    tag(db.session, p0, team.users["bob"], stance="for_open_release")
    tag(db.session, p0, team.users["carol"], stance="for_open_release")
    db.session.commit()
    assert _next(team, "alice") == team.passages[1].id
    set_setting(db.session, "annotators_per_passage", 3, team.users["ada"].id)
    db.session.commit()
    assert _next(team, "alice") == p0.id


def test_live_claims_take_slots_and_expired_ones_do_not(app: Flask, team: Team):
    ids = [p.id for p in team.passages]
    assert _next(team, "bob") == ids[0]
    assert _next(team, "carol") == ids[0]  # two slots: bob's claim and carol's
    assert _next(team, "alice") == ids[1]
    later = utcnow() + timedelta(minutes=11)
    assert _next(team, "rita", now=later) == ids[0]  # bob's and carol's claims expired


def test_one_slot_left_goes_to_one_editor_only(app: Flask, team: Team):
    for p in team.passages[1:]:
        tag(db.session, p, team.users["carol"], stance="not_about_release")
        tag(db.session, p, team.users["rita"], stance="not_about_release")
    tag(db.session, team.passages[0], team.users["carol"], stance="for_open_release")
    db.session.commit()
    assert _next(team, "alice") == team.passages[0].id
    assert _next(team, "bob") is None
    assert remaining_for(db.session, team.users["bob"]) == 0


def test_started_articles_come_first(app: Flask, team: Team):
    other = article_with_passages(
        db.session, ["另一篇的第一段。", "另一篇的第二段。"], title="另一篇"
    )
    second = body_passages(db.session, other)
    tag(db.session, second[0], team.users["bob"], stance="neutral_or_mixed")
    db.session.commit()
    # Nobody has started the first article; bob has started the second.
    assert _next(team, "alice") == second[0].id
    tag(db.session, team.passages[0], team.users["carol"], stance="neutral_or_mixed")
    tag(db.session, team.passages[0], team.users["alice"], stance="neutral_or_mixed")
    db.session.commit()
    # Alice's own article beats one only others have started.
    assert _next(team, "alice") == team.passages[1].id


def test_restricted_articles_go_only_to_their_editors(app: Flask, team: Team):
    set_article_editors(db.session, team.article.id, [team.users["bob"].id], team.users["ada"].id)
    db.session.commit()
    assert _next(team, "alice") is None
    assert remaining_for(db.session, team.users["alice"]) == 0
    assert _next(team, "bob") == team.passages[0].id
    assert next_passage_for(db.session, team.users["bob"]).id == team.passages[0].id


def test_settled_passages_need_nobody(app: Flask, team: Team):
    p0 = team.passages[0]
    tag(db.session, p0, team.users["bob"], stance="for_open_release")
    settle(
        db.session,
        p0.id,
        team.users["rita"],
        Decision(values={"stance": "for_open_release"}, spans=[]),
        gold_token(db.session, p0.id),
    )
    db.session.commit()
    assert _next(team, "alice") == team.passages[1].id


def test_boilerplate_is_never_handed_out(app: Flask, team: Team):
    for p in team.passages[:-1]:
        p.kind = "boilerplate"
    db.session.commit()
    assert _next(team, "alice") == team.passages[-1].id


def _press_next(client, name: str, barrier: threading.Barrier, got: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """One editor's "next" request, sent the moment the other editor's is."""
    barrier.wait()
    response = client.post("/api/queue/next", json={})
    assert response.status_code == 200, response.get_data(as_text=True)
    got[name] = (response.get_json()["passage"] or {}).get("id")


def test_two_editors_pressing_next_together_never_share_the_last_slot(app: Flask, team: Team):
    """Concurrent HTTP requests on separate connections, repeated to give the race a chance."""
    clients = {}
    for name in ("alice", "bob"):
        clients[name] = app.test_client()
        sign_in(clients[name], name)
    for p in team.passages:  # the fixture's article is full
        tag(db.session, p, team.users["carol"], stance="not_about_release")
        tag(db.session, p, team.users["rita"], stance="not_about_release")
    db.session.commit()
    for round_ in range(8):
        article = article_with_passages(
            db.session, [f"第{round_}轮：只剩一个名额的段落。"], title=f"r{round_}"
        )
        passage = body_passages(db.session, article)[0]
        tag(db.session, passage, team.users["carol"], stance="for_open_release")
        db.session.commit()
        barrier = threading.Barrier(2)
        got: dict[str, object] = {}

        threads = [
            threading.Thread(target=_press_next, args=(clients[n], n, barrier, got))
            for n in clients
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(got.values(), key=str) == sorted([passage.id, None], key=str), got
        winner = next(name for name, pid in got.items() if pid == passage.id)
        db.session.expire_all()
        tag(db.session, passage, team.users[winner], stance="for_open_release")
        db.session.commit()


def test_work_in_progress_is_not_tagged_and_takes_no_slot(app: Flask, team: Team):
    """As on the tagging screen, a passage is tagged once its stance is chosen."""
    p0 = team.passages[0]
    tag(db.session, p0, team.users["bob"], bias=["data"])  # no stance yet
    tag(db.session, p0, team.users["carol"], stance="for_open_release")
    db.session.commit()
    assert _next(team, "bob") == p0.id  # bob still has to finish it
    db.session.execute(delete(Claim))
    db.session.commit()
    assert _next(team, "alice") == p0.id  # carol's is the only slot taken
