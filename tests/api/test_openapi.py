"""The OpenAPI document: valid 3.1, complete for /api/, and true to the read endpoints."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth
from schemathesis.specs.openapi.definitions import OPENAPI_31
from sqlalchemy import select

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.models import User
from annotator.services.exporting import native_schema
from annotator.services.tokens import create_token
from tests.builders.clients import sign_in

CONTRACT_PATHS = {
    ("/api/passages/{passage_id}", "get"),
    ("/api/passages/{passage_id}/annotations/{label_set_name}", "put"),
    ("/api/passages/{passage_id}/note", "put"),
}


def document() -> dict:
    return json.loads(json.dumps(openapi_document()))


def test_the_document_is_valid_openapi_3_1():
    doc = document()
    assert doc["openapi"] == "3.1.0"
    jsonschema.Draft202012Validator(OPENAPI_31).validate(doc)


def test_every_api_route_is_documented_with_its_method(app):
    documented = {(path, method) for path, item in document()["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} is not documented"


def test_the_annotation_contract_is_described():
    doc = document()
    documented = {(p, m) for p, item in doc["paths"].items() for m in item}
    assert CONTRACT_PATHS <= documented
    put = doc["paths"]["/api/passages/{passage_id}/annotations/{label_set_name}"]["put"]
    assert {"200", "400", "404", "409"} <= set(put["responses"])
    schemas = doc["components"]["schemas"]
    registry_doc = {"components": {"schemas": schemas}}
    choice = {"$ref": "#/components/schemas/ChoicePut", **registry_doc}
    span = {"$ref": "#/components/schemas/SpanPut", **registry_doc}
    jsonschema.validate({"values": ["data"], "version": None}, choice)
    jsonschema.validate({"spans": [{"start": 0, "end": 2, "label": "holder"}], "version": 3}, span)
    for bad in ({"values": "data", "version": 1}, {"values": [], "version": 0}, {"values": []}):
        assert not jsonschema.Draft202012Validator(choice).is_valid(bad)


def test_the_native_line_component_is_the_native_schema():
    schemas = document()["components"]["schemas"]
    native = native_schema()
    assert schemas["NativeLine"]["required"] == native["required"]
    assert schemas["NativeSpan"] == native["$defs"]["span"]


@pytest.mark.usefixtures("golden")
def test_the_document_is_served_to_signed_in_callers(client):
    assert client.get("/api/openapi.json").status_code == 401
    sign_in(client, "ann")
    assert client.get("/api/openapi.json").get_json() == document()


@pytest.mark.usefixtures("golden")
def test_read_endpoints_answer_as_documented(app):
    rev = db.session.scalar(select(User).where(User.username == "rev"))
    _, token = create_token(db.session, rev)
    db.session.commit()
    schema = schemathesis.openapi.from_dict(document())
    headers = {"Authorization": f"Bearer {token}"}
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/export"):
        operation = schema[path]["GET"]

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):  # type: ignore[no-untyped-def]
            # ignored_auth sends bad credentials itself; ours are always valid here.
            case.call_and_validate(app=app, headers=headers, excluded_checks=[ignored_auth])

        check()
