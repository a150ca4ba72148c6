"""Bad input by category, at every form and JSON endpoint: a 4xx with a message, never a 500,
and nothing written. (Generated input against the OpenAPI document: test_fuzz_api.py.)"""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.models import ApiToken, ArticleEditor, Passage
from tests.builders.world import STATE_CHANGING, World, fingerprint, sign_in_with_csrf, url_for_rule

MALFORMED_BODIES = {
    "not json": b"{not json",
    "truncated": b'{"values": ["for_open_release"',
    "array": b"[1, 2, 3]",
    "string": b'"values"',
    "null": b"null",
    "number": b"1e999",
    "nested": b'{"values": ' + b"[" * 5000 + b"]" * 5000 + b', "version": null}',
    "lone surrogate": b'{"values": ["\\ud800"], "version": null, "text": "\\udfff"}',
    "nul": b'{"values": ["for\\u0000open"], "version": null, "text": "a\\u0000b"}',
    "invalid utf-8": b'{"values": ["\xff\xfe"], "version": null}',
}
WRONG_TYPES: list[dict[str, object] | str] = [
    {"values": "for_open_release", "version": None},
    {"values": [1, 2], "version": None},
    {"values": [None], "version": None},
    {"values": [{"name": "x"}], "version": None},
    {"values": [], "version": "1"},
    {"values": [], "version": True},
    {"values": [], "version": -1},
    {"values": [], "version": 1.5},
    {"values": [], "version": 2**64},
    {"values": []},
    {"version": None},
    {"values": [], "version": None, "extra": 1},
    '{"values": [], "version": null, "version": "1"}',  # duplicate keys: the last one counts
    {"spans": "0-3", "version": None},
    {"spans": [{"start": "0", "end": 3, "label": "holder"}], "version": None},
    {"spans": [{"start": 0.5, "end": 3, "label": "holder"}], "version": None},
    {"spans": [{"start": -1, "end": 3, "label": "holder"}], "version": None},
    {"spans": [{"start": 3, "end": 3, "label": "holder"}], "version": None},
    {"spans": [{"start": 0, "end": 2**40, "label": "holder"}], "version": None},
    {"spans": [{"start": 0, "end": 2, "label": None}], "version": None},
    {"text": 5, "version": None},
    {"text": ["a"], "version": None},
]
UNKNOWN = [
    ("stance", {"values": ["no_such_label"], "version": None}),
    ("stance", {"values": ["for_open_release", "against_open_release"], "version": None}),
    ("stance", {"values": ["data"], "version": None}),  # a label of another set
    ("spans", {"spans": [{"start": 0, "end": 2, "label": "for_open_release"}], "version": None}),
    ("bias_attribution", {"values": ["data", "data"], "version": None}),
    ("no_such_set", {"values": [], "version": None}),
    ("article_stance", {"values": [], "version": None}),  # an article-scope set
]


def _api_writes(app: Flask, world: World) -> list[tuple[str, str]]:
    """Every API write that takes a JSON body, as the OpenAPI document describes it."""
    paths = openapi_document()["paths"]
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        documented = paths.get(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), {})
        for method in (rule.methods or set()) & STATE_CHANGING:
            if "requestBody" in documented.get(method.lower(), {}):
                found.append((method, url_for_rule(app, rule, world)))
    return sorted(found)


def _assert_refused(response, where: str) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, f"{where} -> {response.status_code}"
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], where


@pytest.fixture
def editor(app: Flask, world: World) -> FlaskClient:
    client = app.test_client()
    sign_in_with_csrf(client, "editor")
    return client


def test_malformed_bodies_at_every_json_write(app: Flask, world: World, editor) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint()
    writes = _api_writes(app, world)
    assert len(writes) >= 3
    for method, url in writes:
        for name, body in MALFORMED_BODIES.items():
            response = editor.open(url, method=method, data=body, content_type="application/json")
            _assert_refused(response, f"{method} {url} with {name}")
    assert fingerprint() == before


def test_wrong_types_and_out_of_range_numbers(app: Flask, world: World, editor) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint()
    base = f"/api/passages/{world.passage_id}"
    for body in WRONG_TYPES:
        raw = body if isinstance(body, str) else json.dumps(body)
        for path in ("annotations/stance", "annotations/spans", "note"):
            response = editor.put(f"{base}/{path}", data=raw, content_type="application/json")
            _assert_refused(response, f"PUT {path} {raw}")
    assert fingerprint() == before


def test_unknown_labels_sets_and_ids(app: Flask, world: World, editor) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint()
    for label_set, body in UNKNOWN:
        url = f"/api/passages/{world.passage_id}/annotations/{label_set}"
        _assert_refused(editor.put(url, json=body), f"{url} {body}")
    for bad_id in ("0", "-1", str(2**31), str(2**63), str(10**30), "1e3", "abc", "١"):
        for url in (
            f"/api/passages/{bad_id}/annotations/stance",
            f"/api/passages/{bad_id}/note",
            f"/api/articles/{bad_id}/annotations/article_stance",
        ):
            response = editor.put(url, json={"values": [], "text": "", "version": None})
            assert response.status_code in (400, 404, 405), f"{url} -> {response.status_code}"
        response = editor.get(f"/api/passages/{bad_id}")
        assert response.status_code in (400, 404), bad_id
    assert fingerprint() == before


def test_huge_strings_are_refused_without_writing(app: Flask, world: World, editor) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint()
    base = f"/api/passages/{world.passage_id}"
    cases = [
        (f"{base}/note", {"text": "长" * 6000, "version": None}),
        (f"{base}/note", {"text": "x" * 3_000_000, "version": None}),
        (f"{base}/annotations/stance", {"values": ["x" * 100_000], "version": None}),
        (f"{base}/annotations/bias_attribution", {"values": ["data"] * 10_000, "version": None}),
        (
            f"{base}/annotations/spans",
            {"spans": [{"start": 0, "end": 1, "label": "holder"}] * 5000, "version": None},
        ),
        (f"/api/passages/{world.passage_id}/annotations/{'s' * 5000}", {"values": []}),
    ]
    for url, body in cases:
        _assert_refused(editor.put(url, json=body), url[:80])
    huge_query = editor.get("/api/articles?" + "q=" + "查" * 100_000)
    assert huge_query.status_code < 500
    assert fingerprint() == before


def test_records_of_other_users_cannot_be_touched(app: Flask, world: World) -> None:
    # An article restricted to editor2: editor may neither read its passages' tags nor write.
    db.session.add(ArticleEditor(article_id=world.article_id, user_id=world.users["editor2"]))
    db.session.commit()
    editor = app.test_client()
    token = sign_in_with_csrf(editor, "editor")
    before = fingerprint()
    url = f"/api/passages/{world.passage_id}/annotations/stance"
    response = editor.put(url, json={"values": ["for_open_release"], "version": None})
    _assert_refused(response, url)
    assert response.status_code == 404  # to editor, the restricted passage does not exist
    note = editor.put(f"/api/passages/{world.passage_id}/note", json={"text": "x", "version": None})
    assert note.status_code == 404
    # Another user's API token: revoking it by id is refused and it keeps working.
    other = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == world.users["editor2"])
    ).one()
    response = editor.post(f"/tokens/{other.id}/revoke", headers={"X-CSRFToken": token})
    assert response.status_code in (403, 404)
    db.session.refresh(other)
    assert other.revoked_at is None
    assert fingerprint() == before


def test_every_form_survives_junk(app: Flask, world: World) -> None:
    """POST junk to every HTML form as an admin: never a 500; a refusal writes nothing."""
    admin = app.test_client()
    sign_in_with_csrf(admin, "admin")
    junk_forms = [
        {},
        {"name": "x" * 200_000},
        {"username": "\u202e" + "管理员" * 30, "password": "p" * 5000, "role": "superuser"},
        {"display_name": "<script>alert(1)</script>", "value": "[]", "reason": "长" * 20_000},
        {"annotators_per_passage": "-5", "blind_mode": "maybe", "stance": "no_such_label"},
        {"title_zh": "", "title_en": "x" * 10_000, "definition": "{{ 7*7 }}" * 1000},
        {"editors": ["999999", "abc", "-1"], "user_id": "2**70", "start": "abc", "end": "-3"},
    ]
    checked = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.rule.startswith("/api/") or rule.endpoint in ("auth.logout", "auth.login"):
            continue
        for method in (rule.methods or set()) & STATE_CHANGING:
            url = url_for_rule(app, rule, world)
            for form in junk_forms:
                before = fingerprint()
                response = admin.open(url, method=method, data=form)
                response.close()
                db.session.rollback()
                where = f"{method} {url} {json.dumps(form, ensure_ascii=False)[:80]}"
                assert response.status_code < 500, f"{where} -> {response.status_code}"
                if response.status_code >= 400:
                    assert fingerprint() == before, where
                checked += 1
    assert checked >= 30


def test_sign_in_form_junk(app: Flask, world: World) -> None:
    client = app.test_client()
    for form in (
        {},
        {"username": "x" * 100_000, "password": "y"},
        {"username": "admin", "password": "p" * 1_000_000},
        {"username": ["a", "b"], "password": ["c", "d"]},
    ):
        response = client.post("/login", data=form)
        assert response.status_code in (200, 400, 401, 413), response.status_code


def test_no_passage_was_changed_by_any_of_it(app: Flask, world: World) -> None:
    """Sanity: the world really has passages (the tests above would pass on an empty one)."""
    assert db.session.scalar(select(Passage.id).where(Passage.id == world.passage_id))
