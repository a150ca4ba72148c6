"""Schemathesis against every operation of /api/openapi.json, valid and invalid input alike:
never a 5xx, every refusal carries a message, and a refusal writes nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ArticleEditor, Passage
from scripts.reliability.fuzz import fuzz_api
from tests.builders.world import World


def test_generated_requests_to_every_operation(app: Flask, world: World) -> None:
    # The seed article is the other editor's: its passages are others' records.
    db.session.add(ArticleEditor(article_id=world.article_id, user_id=world.users["editor2"]))
    db.session.commit()
    ids = {
        "passage_id": list(db.session.scalars(select(Passage.id).limit(20))),
        "article_id": [world.article_id],
    }
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    report = fuzz_api(app, headers, max_examples=12, real_ids=ids)
    summary = report.as_dict()
    assert summary["operations"] >= 10, summary
    assert report.cases >= 100, summary
    assert report.server_errors == [], report.server_errors[:3]
    assert report.refusals_without_message == [], report.refusals_without_message[:3]
    assert report.writes_on_refusal == [], report.writes_on_refusal[:3]
    # Invalid input was really sent and refused.
    negative = sum(
        n
        for key, counter in report.statuses.items()
        if key.endswith("[negative]")
        for status, n in counter.items()
        if 400 <= status < 500
    )
    assert negative > 20, summary
