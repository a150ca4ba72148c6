"""Hostile Unicode stored and read back on both databases: the offsets still index the text."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Flask
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer
from tests.text.test_hostile_unicode import TEXT


def test_stored_passages_index_the_stored_article(app: Flask, backend: str) -> None:
    tokenizer = get_tokenizer(db.session)
    options = ImportOptions(target=40, hard_max=60)
    seen = {"stored": 0}

    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(TEXT)
    def run(text: str) -> None:
        report = import_file(
            db.session,
            PurePosixPath("x.txt"),
            tokenizer,
            options,  # type: ignore[arg-type]
            data=text.encode("utf-8"),
        )
        try:
            if report.status != "imported":
                assert report.reason and "\n" not in report.reason
                return
            db.session.flush()
            db.session.expire_all()  # read back what the database holds, not the objects
            article = db.session.get(Article, report.article_ids[0])
            assert article is not None
            passages = db.session.scalars(
                select(Passage).where(Passage.article_id == article.id).order_by(Passage.index)
            ).all()
            assert passages
            for passage in passages:
                assert article.text[passage.start : passage.end] == passage.text
            seen["stored"] += 1
        finally:
            db.session.rollback()

    run()
    assert seen["stored"] >= 10
