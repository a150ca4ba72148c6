"""The annotation endpoints answer as the OpenAPI document says, even to generated input."""

from __future__ import annotations

import json

import jsonschema
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.services.tokens import create_token
from tests.builders.articles import article_with_passages
from tests.builders.users import PASSWORD, make_user


def check(body: object, component: str) -> None:
    """Validate a response body against one of the document's components."""
    schemas = json.loads(json.dumps(openapi_document()))["components"]["schemas"]
    schema = {"$ref": f"#/components/schemas/{component}", "components": {"schemas": schemas}}
    jsonschema.Draft202012Validator(schema).validate(body)


def test_responses_have_the_documented_shapes(app, client):
    make_user(db.session, "ed")
    passage = article_with_passages(db.session, ["𠮷野家说要开源。"]).passages[0]
    db.session.commit()
    assert client.post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 302
    base = f"/api/passages/{passage.id}"
    check(client.get(base).get_json(), "PassageView")
    choice = {"values": ["neutral_or_mixed"], "version": None}
    saved = client.put(f"{base}/annotations/stance", json=choice)
    check(saved.get_json(), "ChoiceSaved")
    spans = {"spans": [{"start": 0, "end": 1, "label": "holder"}], "version": None}
    check(client.put(f"{base}/annotations/spans", json=spans).get_json(), "SpanSaved")
    check(client.put(f"{base}/note", json={"text": "好", "version": None}).get_json(), "NoteSaved")
    stale = client.put(f"{base}/annotations/stance", json={"values": [], "version": None})
    assert stale.status_code == 409
    check(stale.get_json(), "VersionConflict")
    check(client.put(f"{base}/annotations/stance", json={"values": 1}).get_json(), "Error")
    view = client.get(base).get_json()
    check(view, "PassageView")
    assert view["mine"]["spans"]["spans"] == spans["spans"]


def test_generated_requests_never_break_the_annotation_endpoints(app):
    editor = make_user(db.session, "ed")
    article_with_passages(db.session, ["开源模型有风险。", "😀表情也算一个字"])
    _, token = create_token(db.session, editor)
    db.session.commit()
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(openapi_document())))
    headers = {"Authorization": f"Bearer {token}"}
    operations = [
        ("/api/passages/{passage_id}", "GET"),
        ("/api/passages/{passage_id}/annotations/{label_set_name}", "PUT"),
        ("/api/passages/{passage_id}/note", "PUT"),
    ]
    for path, method in operations:
        operation = schema[path][method]

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):  # type: ignore[no-untyped-def]
            # Small ids hit the two real passages often enough to reach the save rules.
            if case.path_parameters and "passage_id" in case.path_parameters:
                case.path_parameters["passage_id"] = 1 + case.path_parameters["passage_id"] % 3
            case.call_and_validate(
                app=app, headers=headers, excluded_checks=[ignored_auth, positive_data_acceptance]
            )  # noqa: E501
            # positive_data_acceptance: JSON Schema cannot say "no unpaired surrogates", which
            # the bad-input guard refuses by design (PostgreSQL cannot store them).

        run()
