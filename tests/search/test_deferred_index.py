"""A bulk import indexes its passages for search in one statement, with the same result."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from annotator.extensions import db
from annotator.models import Passage
from annotator.services.duplicates import band_keys, band_keys_many, shingles
from annotator.services.search import deferred
from tests.builders.articles import import_text

PARAGRAPH = "第{}段:OpenAI决定不开源GPT-2模型,理由是担心滥用。"
ARTICLE = "开源报道\n\n" + "\n\n".join(PARAGRAPH.format(i) for i in range(30))
TRIGGERS = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :name"
CHECK = "INSERT INTO passage_fts(passage_fts, rank) VALUES ('integrity-check', 1)"
SAMPLES = st.text(alphabet="开源模型偏见数据集GPTabc2 ,。", min_size=3, max_size=400)


def _trigger_count() -> int:
    return db.session.scalar(text(TRIGGERS), {"name": "passage_fts_insert"})


def _hits(word: str) -> int:
    return db.session.scalar(
        text("SELECT count(*) FROM passage_fts WHERE passage_fts MATCH :w"), {"w": word}
    )


def test_a_deferred_bulk_insert_is_searchable_and_keeps_the_trigger(app, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's generated tsvector needs no deferral")
    import_text(db.session, "small.txt", "小文章\n\n一段讲开源的文字,在触发器里建索引。")
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 2)
    import_text(db.session, "big.txt", ARTICLE)
    db.session.commit()
    assert _trigger_count() == 1
    bodies = db.session.scalar(select(func.count()).select_from(Passage))
    assert db.session.scalar(text("SELECT count(*) FROM passage_fts_docsize")) == bodies
    assert _hits("开源") == 32  # the small article, the title and 30 paragraphs
    assert _hits("滥用") == 30
    db.session.execute(text(CHECK))
    # The restored trigger still indexes a later, small import.
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 10_000)
    import_text(db.session, "later.txt", "后来的文章\n\n滥用之后再谈开放权重。")
    db.session.commit()
    assert _hits("开放") == 1


def test_a_failed_bulk_insert_rolls_back_with_the_trigger_in_place(app, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's generated tsvector needs no deferral")
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 2)
    with pytest.raises(RuntimeError), deferred.deferred_passage_index(db.session.connection(), 5):
        raise RuntimeError("refused")
    db.session.rollback()
    assert _trigger_count() == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(SAMPLES, max_size=12))
def test_band_keys_in_bulk_are_band_keys_one_by_one(texts):
    grams = [g for g in map(shingles, texts) if len(g)]
    keys = band_keys_many(grams)
    assert keys.dtype == np.int64 and keys.shape == (len(grams), 16)
    assert keys.tolist() == [band_keys(g) for g in grams]
