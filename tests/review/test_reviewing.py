"""Adjudication: the conflict list, the majority, gold with reasons, reopening, history."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, GoldAnnotation
from annotator.services.history import passage_history
from annotator.services.records import choice_sets
from annotator.services.resolution import resolve
from annotator.services.reviewing import (
    Decision,
    ReviewError,
    gold_token,
    reopen,
    review_detail,
    review_list,
    settle,
    settled_gold,
)
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.team import Team
from tests.statements import after_commit

F, A, N = "for_open_release", "against_open_release", "neutral_or_mixed"


@pytest.fixture
def disputed(app: Flask, team: Team) -> Team:
    """p0 conflict on stance; p1 agreed; p2 conflict on bias only; p3 three editors, 2-1."""
    u, p = team.users, team.passages
    tag(db.session, p[0], u["alice"], stance=F, spans=[(0, 3, "holder")], note="作者支持")
    tag(db.session, p[0], u["bob"], stance=A, spans=[(0, 3, "holder"), (5, 9, "evidence")])
    tag(db.session, p[1], u["alice"], stance=N)
    tag(db.session, p[1], u["bob"], stance=N)
    tag(db.session, p[2], u["alice"], stance=N, bias=["data"])
    tag(db.session, p[2], u["bob"], stance=N, bias=["data", "researchers"])
    tag(db.session, p[3], u["alice"], stance=F)
    tag(db.session, p[3], u["bob"], stance=F)
    tag(db.session, p[3], u["carol"], stance=A)
    tag(db.session, p[4], u["alice"], stance=F)  # one editor: never in review
    db.session.commit()
    return team


def test_conflicts_are_listed_and_filtered(app: Flask, disputed: Team):
    p, u = disputed.passages, disputed.users
    listed = review_list(db.session)
    assert [i.passage_id for i in listed.items] == [p[0].id, p[2].id, p[3].id]
    assert listed.items[0].conflict_sets == ["stance"]
    assert listed.items[1].conflict_sets == ["bias_attribution"]
    assert [i.passage_id for i in review_list(db.session, label_set="bias_attribution").items] == [
        p[2].id
    ]
    assert [i.passage_id for i in review_list(db.session, editor_id=u["carol"].id).items] == [
        p[3].id
    ]
    assert review_list(db.session, article_id=disputed.article.id + 1).total == 0
    everything = review_list(db.session, show="all")
    assert [(i.passage_id, i.status) for i in everything.items] == [
        (p[0].id, "conflict"),
        (p[1].id, "agreed"),
        (p[2].id, "conflict"),
        (p[3].id, "conflict"),
    ]
    page = review_list(db.session, per_page=2, page=2)
    assert (page.total, page.pages, [i.passage_id for i in page.items]) == (3, 2, [p[3].id])


def test_list_status_matches_the_resolution_service(app: Flask, disputed: Team):
    sets = choice_sets(db.session)
    for item in review_list(db.session, show="all").items:
        detail = review_detail(db.session, item.passage_id)
        records = [e.as_record(sets) for e in detail.editors]
        assert resolve(sets, records).status == item.status


def test_majority_prefills_and_overriding_it_needs_a_reason(app: Flask, disputed: Team):
    p, rita = disputed.passages, disputed.users["rita"]
    detail = review_detail(db.session, p[3].id)
    stance = next(s for s in detail.sets if s.name == "stance")
    assert detail.majority.prefill(stance) == F  # two of three
    with pytest.raises(ReviewError) as refused:
        settle(
            db.session,
            p[3].id,
            rita,
            Decision(values={"stance": A}, spans=[]),
            gold_token(db.session, p[3].id),
        )
    assert refused.value.field == "reason"
    db.session.rollback()
    settle(
        db.session,
        p[3].id,
        rita,
        Decision(values={"stance": A}, spans=[], reason="作者实为反对，见下文"),
        gold_token(db.session, p[3].id),
    )
    db.session.commit()
    event = db.session.scalars(select(Event).where(Event.action == "gold.settle")).one()
    assert event.after["overrides_majority"] == ["stance"]
    assert event.after["reason"] == "作者实为反对，见下文"
    # A 1-1 split has no majority: no reason needed either way.
    settle(
        db.session,
        p[0].id,
        rita,
        Decision(values={"stance": A}, spans=[(0, 3, "holder")]),
        gold_token(db.session, p[0].id),
    )
    db.session.commit()


def test_multi_choice_majority_is_per_label(app: Flask, disputed: Team):
    p, rita = disputed.passages, disputed.users["rita"]
    detail = review_detail(db.session, p[2].id)
    bias = next(s for s in detail.sets if s.name == "bias_attribution")
    assert detail.majority.prefill(bias) == frozenset({"data"})
    # Dropping "data" (both chose it) overrides; adding "researchers" (one of two) does not.
    with pytest.raises(ReviewError):
        settle(
            db.session,
            p[2].id,
            rita,
            Decision(values={"stance": N, "bias_attribution": []}, spans=[]),
            gold_token(db.session, p[2].id),
        )
    db.session.rollback()
    settle(
        db.session,
        p[2].id,
        rita,
        Decision(values={"stance": N, "bias_attribution": ["data", "researchers"]}, spans=[]),
        gold_token(db.session, p[2].id),
    )
    db.session.commit()
    gold = settled_gold(db.session, [p[2].id])[p[2].id]
    assert gold.labels == {"stance": N, "bias_attribution": frozenset({"data", "researchers"})}


def test_bad_gold_is_refused_and_nothing_is_written(app: Flask, disputed: Team):
    p, rita = disputed.passages, disputed.users["rita"]
    length = len(p[0].text)
    for decision, field in [
        (Decision(values={"stance": "maybe"}, spans=[]), "stance"),
        (Decision(values={"stance": [F, A]}, spans=[]), "stance"),
        (Decision(values={"nope": F}, spans=[]), "label_set"),
        (Decision(values={"stance": F}, spans=[(0, length + 1, "evidence")]), "spans"),
        (Decision(values={"stance": F}, spans=[(3, 3, "evidence")]), "spans"),
        (Decision(values={"stance": F}, spans=[(0, 2, "for_open_release")]), "spans"),
        (Decision(values={"stance": F}, spans=[], reason="x" * 501), "reason"),
    ]:
        with pytest.raises(ReviewError) as refused:
            settle(db.session, p[0].id, rita, decision, gold_token(db.session, p[0].id))
        assert refused.value.field == field
        db.session.rollback()
    assert db.session.scalars(select(GoldAnnotation)).all() == []


def test_reopening_is_logged_and_puts_the_passage_back(app: Flask, disputed: Team):
    p, rita = disputed.passages, disputed.users["rita"]
    settle(
        db.session,
        p[0].id,
        rita,
        Decision(values={"stance": F}, spans=[(5, 9, "evidence")]),
        gold_token(db.session, p[0].id),
    )
    db.session.commit()
    assert p[0].id not in [i.passage_id for i in review_list(db.session).items]
    assert p[0].id in settled_gold(db.session, [p[0].id])
    with pytest.raises(ReviewError):
        reopen(db.session, p[0].id, rita, "   ", gold_token(db.session, p[0].id))
    db.session.rollback()
    reopen(db.session, p[0].id, rita, "编辑指南改了", gold_token(db.session, p[0].id))
    db.session.commit()
    items = {i.passage_id: i.status for i in review_list(db.session).items}
    assert items[p[0].id] == "reopened"
    assert settled_gold(db.session, [p[0].id]) == {}  # reopened gold is not exported as gold
    settle(
        db.session,
        p[0].id,
        rita,
        Decision(values={"stance": A}, spans=[]),
        gold_token(db.session, p[0].id),
    )
    db.session.commit()
    actions = [h.action for h in passage_history(db.session, p[0].id)]
    assert actions[-3:] == ["gold.settle", "gold.reopen", "gold.settle"]
    last = passage_history(db.session, p[0].id)[-1]
    assert last.before["state"] == "reopened" and last.before["labels"]["stance"] == [F]
    assert last.after["labels"]["stance"] == [A] and last.after["spans"] == []
    rows = db.session.scalars(select(GoldAnnotation)).all()
    assert {r.state for r in rows} == {"settled"} and {r.version for r in rows} == {3}


def test_review_page_shows_each_editor_and_saves_gold(app: Flask, disputed: Team):
    p = disputed.passages[0]
    client = app.test_client()
    sign_in(client, "rita")
    listing = client.get("/review?lang=en").get_data(as_text=True)
    assert f'data-passage-id="{p.id}"' in listing
    page = client.get(f"/review/{p.id}?lang=en").get_data(as_text=True)
    assert 'data-editor="alice"' in page and 'data-editor="bob"' in page
    assert "作者支持" in page  # alice's note
    assert p.text[5:9] in page  # bob's evidence span text
    token = re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)
    # Both marked the holder span, so it is pre-checked; bob's evidence is not.
    assert re.search(r'value="0:3:holder" checked', page)
    assert not re.search(r'value="5:9:evidence" checked', page)
    response = client.post(
        f"/review/{p.id}",
        data={
            "token": token,
            "set_stance": A,
            "spans": ["0:3:holder"],
            "new_start": "5",
            "new_end": "9",
            "new_label": "evidence",
            "then": "next",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/{disputed.passages[2].id}")
    gold = settled_gold(db.session, [p.id])[p.id]
    assert gold.labels["stance"] == A
    assert gold.spans == {(0, 3, "holder"), (5, 9, "evidence")}
    stale = client.post(f"/review/{p.id}?lang=en", data={"token": token, "set_stance": F})
    assert stale.status_code == 409
    assert "another reviewer" in stale.get_data(as_text=True)
    history = client.get(f"/passages/{p.id}/history?lang=en").get_data(as_text=True)
    assert "gold.settle" in history and "annotation.save" in history
    # Reopening needs the version of the gold the reviewer saw, like settling.
    blind = client.post(f"/review/{p.id}/reopen", data={"reason": "再看看"})
    assert blind.status_code == 400
    late = client.post(f"/review/{p.id}/reopen", data={"reason": "再看看", "token": token})
    assert late.status_code == 409
    current = gold_token(db.session, p.id)
    reopened = client.post(f"/review/{p.id}/reopen", data={"reason": "再看看", "token": current})
    assert reopened.status_code == 302
    assert settled_gold(db.session, [p.id]) == {}


def test_settling_and_reopening_answer_without_a_second_transaction(app: Flask, disputed: Team):
    """On SQLite every transaction of a write request queues for the write lock: listing the
    next conflict after the commit (even for "save and stay") made each settle wait its turn
    twice and hold the lock for a read."""
    p = disputed.passages[0]
    client = app.test_client()
    sign_in(client, "rita")
    with after_commit(db.engine) as late:
        settled = client.post(
            f"/review/{p.id}", data={"token": "", "set_stance": A, "reason": "r", "then": "stay"}
        )
    assert settled.status_code == 302 and late == []
    token = gold_token(db.session, p.id)
    with after_commit(db.engine) as late:
        reopened = client.post(f"/review/{p.id}/reopen", data={"reason": "再看", "token": token})
    assert reopened.status_code == 302 and late == []


def test_history_cli_prints_every_change(app: Flask, disputed: Team):
    p = disputed.passages[0]
    settle(
        db.session,
        p.id,
        disputed.users["rita"],
        Decision(values={"stance": F}, spans=[]),
        gold_token(db.session, p.id),
    )
    db.session.commit()
    runner = app.test_cli_runner()
    text = runner.invoke(args=["history", str(p.id)]).output
    lines = text.strip().splitlines()
    assert [line.split()[3] for line in lines] == [
        "annotation.save",
        "annotation.save",
        "note.save",
        "annotation.save",
        "annotation.save",
        "gold.settle",
    ]
    assert "rita" in lines[-1]
    missing = runner.invoke(args=["history", "999999"])
    assert missing.exit_code != 0 and "no passage" in missing.output
