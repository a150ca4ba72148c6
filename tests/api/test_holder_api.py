"""Holder stances and evidence links through the label writer: versions, rule, history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, Span
from annotator.services.passage_state import state_drift
from tests.builders.articles import article_with_passages
from tests.builders.users import PASSWORD, make_user

TEXT = "OpenAI拒绝开源,马斯克批评OpenAI,网友嘲讽CloseAI。"
OPENAI = {"start": 0, "end": 6, "label": "holder"}
MUSK = {"start": 13, "end": 16, "label": "holder"}
EVIDENCE = {"start": 16, "end": 24, "label": "evidence"}


@pytest.fixture
def ids(app):
    session = db.session
    make_user(session, "ed")
    article = article_with_passages(session, [TEXT, "另一段。"])
    session.commit()
    return [p.id for p in article.passages]


@pytest.fixture
def api(client, ids):
    response = client.post("/login", data={"username": "ed", "password": PASSWORD})
    assert response.status_code == 302
    return client


def put_spans(api, pid, spans, version):
    return api.put(
        f"/api/passages/{pid}/annotations/spans", json={"spans": spans, "version": version}
    )


def test_holder_stances_and_a_link_are_saved_versioned_and_logged(api, ids):
    pid = ids[0]
    spans = [
        {**OPENAI, "stance": "against_open_release"},
        {**MUSK, "stance": "for_open_release"},
        {**EVIDENCE, "holder": {"start": 13, "end": 16}},
    ]
    first = put_spans(api, pid, spans, None)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["spans"] == spans and first.get_json()["version"] == 1
    # Reading the passage back gives the same list.
    assert api.get(f"/api/passages/{pid}").get_json()["mine"]["spans"]["spans"] == spans
    # A stale version is refused and nothing changes.
    stale = put_spans(api, pid, [OPENAI], None)
    assert stale.status_code == 409 and stale.get_json()["current"]["spans"] == spans
    # Changing only a stance is a change: a new version and an event with before/after.
    changed = [{**OPENAI, "stance": "neutral_or_mixed"}, *spans[1:]]
    second = put_spans(api, pid, changed, 1)
    assert second.get_json()["version"] == 2 and second.get_json()["spans"] == changed
    events = db.session.scalars(select(Event).where(Event.passage_id == pid).order_by(Event.id))
    last = list(events)[-1]
    assert last.before["spans"] == spans and last.after["spans"] == changed
    # The same list again changes nothing.
    assert put_spans(api, pid, changed, 2).get_json()["version"] == 2
    assert state_drift(db.session) == []


def test_removing_a_holder_takes_its_link_along_only_when_the_client_says_so(api, ids):
    pid = ids[0]
    linked = [MUSK, {**EVIDENCE, "holder": {"start": 13, "end": 16}}]
    assert put_spans(api, pid, linked, None).status_code == 200
    # The evidence still names the removed holder: refused.
    refused = put_spans(api, pid, [linked[1]], 1)
    assert refused.status_code == 400 and refused.get_json()["field"] == "spans[0].holder"
    ok = put_spans(api, pid, [EVIDENCE], 1)
    assert ok.status_code == 200 and ok.get_json()["spans"] == [EVIDENCE]
    assert db.session.scalars(select(Span.holder_span_id)).all() == [None]


@pytest.mark.parametrize(
    ("spans", "field"),
    [
        ([{**EVIDENCE, "stance": "for_open_release"}], "spans[0].stance"),
        ([{**OPENAI, "stance": "data"}], "spans[0].stance"),
        ([{**OPENAI, "stance": "no_such"}], "spans[0].stance"),
        ([OPENAI, {**MUSK, "holder": {"start": 0, "end": 6}}], "spans[1].holder"),
        ([{**EVIDENCE, "holder": {"start": 0, "end": 6}}], "spans[0].holder"),
        ([{**EVIDENCE, "holder": [0, 6]}], "spans[0].holder"),
        ([{**EVIDENCE, "holder": {"start": "a", "end": 6}}], "spans[0].holder.start"),
        ([{**OPENAI, "colour": "red"}], "spans[0]"),
    ],
)
def test_broken_stances_and_links_are_refused_by_field(api, ids, spans, field):
    response = put_spans(api, ids[0], spans, None)
    assert response.status_code == 400
    assert response.get_json()["field"] == field
    assert db.session.scalars(select(Span)).all() == []


def test_a_link_cannot_reach_a_holder_of_another_passage(api, ids):
    # The holder lies in the first passage; the evidence is saved on the second.
    assert put_spans(api, ids[0], [OPENAI], None).status_code == 200
    other = {"start": 0, "end": 3, "label": "evidence", "holder": {"start": 0, "end": 6}}
    response = put_spans(api, ids[1], [other], None)
    assert response.status_code == 400 and response.get_json()["field"] == "spans[0].holder"


def test_a_stance_or_link_change_is_told_in_the_history(app, api, ids):
    pid = ids[0]
    linked = [OPENAI, MUSK, {**EVIDENCE, "holder": {"start": 13, "end": 16}}]
    assert put_spans(api, pid, linked, None).status_code == 200
    changed = [{**OPENAI, "stance": "against_open_release"}, MUSK, EVIDENCE]
    assert put_spans(api, pid, changed, 1).status_code == 200
    make_user(db.session, "rita", "reviewer")
    db.session.commit()
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "rita", "password": PASSWORD})
    page = reviewer.get(f"/passages/{pid}/history?lang=en").get_data(as_text=True)
    assert "gave 「OpenAI」 Against open release" in page
    assert f"linked 「{TEXT[16:24]}」 to no holder" in page
