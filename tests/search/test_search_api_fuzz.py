"""Fuzz the search and suggestion endpoints from their OpenAPI description: no 500, true shapes."""

from __future__ import annotations

import json

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import ignored_auth
from schemathesis.specs.openapi.checks import positive_data_acceptance

from annotator.api.openapi import openapi_document
from annotator.extensions import db
from annotator.services.tokens import create_token
from tests.builders.users import make_user


def test_search_and_suggestions_answer_as_documented(seeded):
    editor = make_user(db.session, "fuzz")
    _, token = create_token(db.session, editor)
    db.session.commit()
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(openapi_document())))
    headers = {"Authorization": f"Bearer {token}"}
    for path in (
        "/api/search",
        "/api/passages/{passage_id}/suggestions",
        "/api/passages/{passage_id}/links",
    ):
        operation = schema[path]["GET"]

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):  # type: ignore[no-untyped-def]
            # A schema cannot say "a word, not only punctuation", so valid-looking queries
            # may fairly get a 400 with a message; every other check applies.
            case.call_and_validate(
                app=seeded,
                headers=headers,
                excluded_checks=[ignored_auth, positive_data_acceptance],
            )

        check()
