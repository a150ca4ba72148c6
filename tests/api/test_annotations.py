"""The annotation API through the Flask test client, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Annotation, ArticleEditor, Event, User
from annotator.services import annotating
from annotator.services.schema import apply_schema, default_schema
from tests.builders.articles import article_with_passages
from tests.builders.clients import sign_in
from tests.builders.users import make_user

ASTRAL = "𠮷野家😀好吃"


@pytest.fixture
def ids(app):
    session = db.session
    make_user(session, "ed")
    make_user(session, "other")
    article = article_with_passages(session, ["公开模型有风险。", ASTRAL])
    session.commit()
    plain, astral = (p.id for p in article.passages)
    return {"plain": plain, "astral": astral, "article": article.id}


@pytest.fixture
def api(client, ids):
    return sign_in(client, "ed")


def put_labels(api, pid, set_name, body):
    return api.put(f"/api/passages/{pid}/annotations/{set_name}", json=body)


def test_reading_a_passage(api, ids, app):
    other = sign_in(app.test_client(), "other")
    put_labels(other, ids["astral"], "stance", {"values": ["for_open_release"], "version": None})
    response = api.get(f"/api/passages/{ids['astral']}")
    assert response.status_code == 200
    body = response.get_json()
    # Blind mode (the default): the team's count shows once the editor tagged it too.
    assert body["text"] == ASTRAL and body["kind"] == "body" and body["others"] is None
    assert body["mine"] == {"stance": None, "bias_attribution": None, "spans": None}
    assert body["note"] is None
    # Tokens tile the passage in code points.
    tokens = body["tokens"]
    assert tokens[0][0] == 0 and tokens[-1][1] == len(ASTRAL)
    assert all(a[1] == b[0] for a, b in zip(tokens, tokens[1:], strict=False))
    assert "".join(ASTRAL[s:e] for s, e in tokens) == ASTRAL
    put_labels(api, ids["astral"], "stance", {"values": ["neutral_or_mixed"], "version": None})
    assert api.get(f"/api/passages/{ids['astral']}").get_json()["others"] == 1


def test_saving_labels_then_a_stale_version_conflicts(api, ids):
    pid = ids["plain"]
    first = put_labels(api, pid, "stance", {"values": ["for_open_release"], "version": None})
    assert first.status_code == 200
    assert first.get_json() == {"label_set": "stance", "values": ["for_open_release"], "version": 1}
    stale = put_labels(api, pid, "stance", {"values": ["neutral_or_mixed"], "version": None})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["field"] == "version" and body["error"]
    assert body["current"] == {"values": ["for_open_release"], "version": 1}
    second = put_labels(api, pid, "stance", {"values": ["neutral_or_mixed"], "version": 1})
    assert second.get_json()["version"] == 2
    events = db.session.scalars(select(Event).where(Event.passage_id == pid)).all()
    assert [(e.before or {}).get("values") for e in events] == [None, ["for_open_release"]]
    assert [e.after["values"] for e in events] == [["for_open_release"], ["neutral_or_mixed"]]


def test_spans_in_code_points_round_trip(api, ids):
    pid = ids["astral"]
    spans = [{"start": 0, "end": 1, "label": "evidence"}, {"start": 3, "end": 4, "label": "holder"}]
    response = put_labels(api, pid, "spans", {"spans": spans, "version": None})
    assert response.status_code == 200
    mine = api.get(f"/api/passages/{pid}").get_json()["mine"]["spans"]
    assert mine == {"spans": spans, "version": 1}
    assert [ASTRAL[s["start"] : s["end"]] for s in mine["spans"]] == ["𠮷", "😀"]


def test_notes(api, ids):
    pid = ids["plain"]
    response = api.put(f"/api/passages/{pid}/note", json={"text": "需要再看", "version": None})
    assert response.get_json() == {"text": "需要再看", "version": 1}
    conflict = api.put(f"/api/passages/{pid}/note", json={"text": "旧", "version": None})
    assert conflict.status_code == 409
    assert conflict.get_json()["current"] == {"text": "需要再看", "version": 1}
    assert api.get(f"/api/passages/{pid}").get_json()["note"] == {"text": "需要再看", "version": 1}


STANCE = "stance"
BAD_LABEL_BODIES = [
    (STANCE, {"values": ["nope"], "version": None}, "values"),
    (STANCE, {"values": ["for_open_release", "neutral_or_mixed"], "version": None}, "values"),
    (STANCE, {"values": "for_open_release", "version": None}, "values"),
    (STANCE, {"values": [1], "version": None}, "values[0]"),
    (STANCE, {"values": ["x" * 10_000], "version": None}, "values[0]"),
    (STANCE, {"values": []}, "version"),
    (STANCE, {"values": [], "version": "1"}, "version"),
    (STANCE, {"values": [], "version": True}, "version"),
    (STANCE, {"values": [], "version": 0}, "version"),
    (STANCE, {"values": [], "version": 1.5}, "version"),
    (STANCE, {"version": None}, "values"),
    (STANCE, {"spans": [], "version": None}, "spans"),
    (STANCE, {"values": [], "version": None, "extra": 1}, "extra"),
    (
        "spans",
        {"spans": [{"start": 0, "end": 99, "label": "evidence"}], "version": None},
        "spans[0].end",
    ),
    (
        "spans",
        {"spans": [{"start": 3, "end": 3, "label": "evidence"}], "version": None},
        "spans[0].end",
    ),
    (
        "spans",
        {"spans": [{"start": 4, "end": 1, "label": "evidence"}], "version": None},
        "spans[0].end",
    ),
    (
        "spans",
        {"spans": [{"start": 0, "end": 1, "label": "data"}], "version": None},
        "spans[0].label",
    ),
    (
        "spans",
        {"spans": [{"start": 0, "end": 1.5, "label": "evidence"}], "version": None},
        "spans[0].end",
    ),
    (
        "spans",
        {"spans": [{"start": "0", "end": 1, "label": "evidence"}], "version": None},
        "spans[0].start",
    ),
    ("spans", {"spans": [{"start": 0, "end": 1}], "version": None}, "spans[0]"),
    ("spans", {"spans": [[0, 1, "evidence"]], "version": None}, "spans[0]"),
    ("spans", {"spans": {"start": 0}, "version": None}, "spans"),
    ("spans", {"values": ["evidence"], "version": None}, "values"),
]


def test_bad_label_bodies_are_400_naming_the_field(api, ids):
    # One test walks every case: each needs only a request, not a fresh database.
    for set_name, body, field in BAD_LABEL_BODIES:
        response = put_labels(api, ids["plain"], set_name, body)
        case = f"{set_name} {body!r:.80}"
        assert response.status_code == 400, case
        assert response.get_json()["field"] == field, case
        assert response.get_json()["error"], case
    assert db.session.scalar(select(Annotation.id)) is None  # nothing half-written


MALFORMED = [
    ("{", "application/json"),
    ("[1, 2]", "application/json"),
    ('"text"', "application/json"),
    ("null", "application/json"),
    ("", "application/json"),
    ("values=1", "application/x-www-form-urlencoded"),
    (b"\xff\xfe", "application/json"),
]


def test_malformed_bodies_are_400(api, ids):
    for data, content_type in MALFORMED:
        response = api.put(
            f"/api/passages/{ids['plain']}/annotations/stance", data=data, content_type=content_type
        )
        assert response.status_code == 400, data
        assert response.get_json()["error"], data


BAD_NOTES = [
    ({"text": "长" * (annotating.NOTE_MAX_LENGTH + 1), "version": None}, "text"),
    ({"text": "a\x00b", "version": None}, "text"),
    ({"text": 5, "version": None}, "text"),
    ({"version": None}, "text"),
    ({"text": "x"}, "version"),
]


def test_bad_notes_are_400(api, ids):
    for body, field in BAD_NOTES:
        response = api.put(f"/api/passages/{ids['plain']}/note", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["field"] == field, body


def test_a_lone_surrogate_is_400_not_a_database_error(api, ids):
    response = api.put(
        f"/api/passages/{ids['plain']}/note",
        data='{"text": "\\ud800", "version": null}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["field"] == "text"


def test_a_huge_body_is_refused_before_it_is_read(api, ids):
    body = '{"text": "' + "x" * 400_000 + '", "version": null}'
    response = api.put(
        f"/api/passages/{ids['plain']}/note", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.get_json()["error"]


UNKNOWN = [
    "/api/passages/999999/annotations/stance",
    "/api/passages/99999999999999999999/annotations/stance",
    "/api/passages/-1/annotations/stance",
    "/api/passages/abc/annotations/stance",
    "/api/passages/{plain}/annotations/no_such_set",
    "/api/passages/{plain}/annotations/%00",
    "/api/passages/999999/note",
]


def test_unknown_ids_are_404(api, ids):
    for url in UNKNOWN:
        response = api.put(url.format(**ids), json={"values": [], "version": None})
        assert response.status_code == 404, url
        assert response.get_json()["error"], url


def test_unknown_passage_reads_are_404(api):
    response = api.get("/api/passages/999999")
    assert response.status_code == 404 and response.get_json()["field"] == "passage_id"
    # Past 32 bits an id cannot exist in either database: routing answers 404 itself.
    assert api.get(f"/api/passages/{2**40}").status_code == 404


def test_retired_label_sets_are_400(api, ids):
    apply_schema(db.session, [s for s in default_schema() if s.name != "bias_attribution"])
    db.session.commit()
    response = put_labels(api, ids["plain"], "bias_attribution", {"values": [], "version": None})
    assert response.status_code == 400 and response.get_json()["field"] == "label_set"
    assert "bias_attribution" not in api.get(f"/api/passages/{ids['plain']}").get_json()["mine"]


def test_restricted_articles_do_not_exist_for_other_editors(api, ids):
    other = db.session.scalar(select(User).where(User.username == "other"))
    db.session.add(ArticleEditor(article_id=ids["article"], user_id=other.id))
    db.session.commit()
    response = put_labels(api, ids["plain"], "stance", {"values": [], "version": None})
    assert response.status_code == 404
    response = api.put(f"/api/passages/{ids['plain']}/note", json={"text": "x", "version": None})
    assert response.status_code == 404
    assert api.get(f"/api/passages/{ids['plain']}").status_code == 404


def test_signed_out_callers_get_401_json(client, ids):
    response = client.put(
        f"/api/passages/{ids['plain']}/annotations/stance", json={"values": [], "version": None}
    )
    assert response.status_code == 401 and response.get_json()["error"]
    assert client.get(f"/api/passages/{ids['plain']}").status_code == 401


def test_a_concurrent_first_save_becomes_a_conflict(api, ids, monkeypatch):
    put_labels(api, ids["plain"], "stance", {"values": ["for_open_release"], "version": None})
    # Pretend the row was not there when we looked: the insert hits the unique constraint.
    monkeypatch.setattr(annotating.saving, "_annotation", lambda *args: None)
    body = {"values": ["neutral_or_mixed"], "version": None}
    response = put_labels(api, ids["plain"], "stance", body)
    assert response.status_code == 409
    assert response.get_json()["current"] == {"values": ["for_open_release"], "version": 1}


def test_error_messages_follow_the_ui_language(api, ids):
    body = {"values": ["nope"], "version": None}
    zh = put_labels(api, ids["plain"], "stance", body).get_json()["error"]
    en = api.put(f"/api/passages/{ids['plain']}/annotations/stance?lang=en", json=body).get_json()[
        "error"
    ]
    assert zh == "nope 不是 stance 中的标签。"
    assert en == "nope is not a label of stance."
