"""Blind mode: others' labels stay hidden from an editor until they save their own."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from flask import Flask
from sqlalchemy import select

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.models import ArticleEditor, Event
from annotator.services.settings import set_setting
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.team import Team


def _client(app: Flask, name: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in(client, name)
    return client


def test_editor_sees_others_only_after_saving_their_own(app: Flask, team: Team):
    p = team.passages[0]
    tag(
        db.session,
        p,
        team.users["bob"],
        stance="against_open_release",
        bias=["data"],
        spans=[(0, 3, "holder")],
        note="担心滥用",
    )
    db.session.commit()
    alice = _client(app, "alice")
    hidden = alice.get(f"/api/passages/{p.id}/others")
    assert hidden.status_code == 403
    assert hidden.get_json()["hidden"] is True
    assert "against_open_release" not in hidden.get_data(as_text=True)
    tag(db.session, p, team.users["alice"], stance="for_open_release")
    db.session.commit()
    shown = alice.get(f"/api/passages/{p.id}/others")
    assert shown.status_code == 200
    (bob,) = shown.get_json()["others"]
    assert bob["user"] == "bob"
    assert bob["labels"] == {"stance": ["against_open_release"], "bias_attribution": ["data"]}
    assert bob["spans"] == [{"start": 0, "end": 3, "label": "holder"}]
    assert bob["note"] == "担心滥用"


def test_reviewers_always_see_and_blind_mode_off_shows_everyone(app: Flask, team: Team):
    p = team.passages[1]
    tag(db.session, p, team.users["bob"], stance="neutral_or_mixed")
    db.session.commit()
    assert _client(app, "rita").get(f"/api/passages/{p.id}/others").status_code == 200
    alice = _client(app, "alice")
    assert alice.get(f"/api/passages/{p.id}/others").status_code == 403
    set_setting(db.session, "blind_mode", False, team.users["ada"].id)
    db.session.commit()
    response = alice.get(f"/api/passages/{p.id}/others")
    assert response.status_code == 200
    assert [o["user"] for o in response.get_json()["others"]] == ["bob"]


def test_unknown_passage_is_404_json(app: Flask, team: Team):
    response = _client(app, "alice").get("/api/passages/999999/others")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_queue_api_rejects_a_bad_after(app: Flask, team: Team):
    client = _client(app, "alice")
    response = client.post("/api/queue/next", json={"after": "first"})
    assert response.status_code == 400
    assert response.get_json()["field"] == "after"
    response = client.post("/api/queue/next", data="[1]", content_type="application/json")
    assert response.status_code == 400
    ok = client.post("/api/queue/next", json={"after": team.passages[0].id})
    assert ok.get_json()["passage"]["id"] == team.passages[1].id


def test_import_can_restrict_articles_to_named_editors(app: Flask, team: Team, tmp_path: Path):
    runner = app.test_cli_runner()
    path = tmp_path / "a.txt"
    path.write_text("限定编辑的文章\n\n只有指定编辑可以标注这一段。\n", encoding="utf-8")
    refused = runner.invoke(args=["import", str(path), "--editors", "alice,nobody"])
    assert refused.exit_code != 0 and "nobody" in refused.output
    result = runner.invoke(args=["import", str(path), "--editors", "alice, bob"])
    assert result.exit_code == 0, result.output
    restricted = db.session.execute(select(ArticleEditor.user_id)).scalars().all()
    assert sorted(restricted) == sorted([team.users["alice"].id, team.users["bob"].id])
    event = db.session.scalars(select(Event).where(Event.action == "article.editors")).one()
    assert event.after == {"editors": ["alice", "bob"]}


def test_labels_without_a_stance_do_not_lift_blind_mode(app: Flask, team: Team):
    p = team.passages[2]
    tag(db.session, p, team.users["bob"], stance="for_open_release")
    tag(db.session, p, team.users["alice"], bias=["data"], note="还没想好")
    db.session.commit()
    assert _client(app, "alice").get(f"/api/passages/{p.id}/others").status_code == 403


def test_team_responses_match_the_openapi_document(app: Flask, team: Team):
    doc = openapi_document()
    claim = doc["paths"]["/api/queue/next"]["post"]["responses"]["200"]
    others = doc["paths"]["/api/passages/{passage_id}/others"]["get"]["responses"]["200"]
    p = team.passages[0]
    tag(db.session, p, team.users["bob"], stance="for_open_release", spans=[(0, 2, "holder")])
    db.session.commit()
    rita = _client(app, "rita")
    jsonschema.validate(
        rita.get(f"/api/passages/{p.id}/others").get_json(),
        others["content"]["application/json"]["schema"],
    )
    alice = _client(app, "alice")
    for _ in range(2):  # a passage, then (all taken or tagged) possibly another
        jsonschema.validate(
            alice.post("/api/queue/next", json={}).get_json(),
            claim["content"]["application/json"]["schema"],
        )
