"""SQLite's passage_search_order (what ranking reads per match) stays equal to a rebuild."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, func, inspect, select, text, update

from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services import wordlists
from annotator.services.search import deferred, reindex_articles, search_passages
from annotator.services.search.reindex import stale_article_ids
from annotator.services.tokenizer import get_tokenizer
from tests.builders.articles import import_text
from tests.builders.search_index import search_order_drift

ARTICLE = "开源报道\n\n" + "\n\n".join(f"第{i}段:开源派认为应该公开权重。" for i in range(30))


@pytest.fixture
def sqlite_app(app):  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL ranks from the passages table itself: nothing to keep in step")
    return app


def _in_step() -> int:
    assert search_order_drift(db.session) == (set(), set())
    return db.session.scalar(text("SELECT count(*) FROM passage_search_order")) or 0


def test_imports_one_by_one_and_in_bulk_keep_it_in_step(sqlite_app, monkeypatch):
    import_text(db.session, "small.txt", "小文章\n\n一段讲开源的文字。")
    db.session.commit()
    small = _in_step()
    assert small == db.session.scalar(select(func.count()).select_from(Passage)) > 0
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 2)  # the bulk path: triggers dropped
    import_text(db.session, "big.txt", ARTICLE)
    db.session.commit()
    assert _in_step() == small + 31
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'passage_%'"
    assert "passage_search_order_insert" in set(db.session.scalars(text(triggers)))
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 10_000)
    import_text(db.session, "later.txt", "后来的文章\n\n开源之后再谈开放权重。")
    db.session.commit()
    assert _in_step() == small + 31 + 2


def test_a_failed_bulk_insert_leaves_it_as_it_was(sqlite_app, monkeypatch):
    import_text(db.session, "small.txt", "小文章\n\n一段讲开源的文字。")
    db.session.commit()
    monkeypatch.setattr(deferred, "DEFER_MIN_ROWS", 2)
    with pytest.raises(RuntimeError), deferred.deferred_passage_index(db.session.connection(), 5):
        db.session.execute(text("UPDATE passages SET kind = 'boilerplate'"))
        raise RuntimeError("refused")
    db.session.rollback()
    assert _in_step() == 2


def test_reindex_kind_changes_and_deletes_keep_it_in_step(sqlite_app):
    import_text(db.session, "one.txt", ARTICLE)
    import_text(db.session, "two.txt", "第二篇\n\n开源派和保密派争论不休。")
    db.session.commit()
    wordlists.add_dictionary_word(db.session, "开源派", 20000, "n")
    db.session.commit()
    tokenizer = get_tokenizer(db.session)
    assert reindex_articles(db.session, tokenizer, stale_article_ids(db.session, tokenizer)) > 0
    db.session.commit()
    assert _in_step() == 33
    first = db.session.scalar(select(Passage.id).order_by(Passage.id.desc()))
    db.session.execute(update(Passage).where(Passage.id == first).values(kind="boilerplate"))
    db.session.commit()
    assert _in_step() == 33
    # Searching reads the new kind: the changed passage now comes after every body match.
    hits = search_passages(db.session, tokenizer, "开源", per_page=100).hits
    assert hits[-1].passage_id == first and hits[-1].kind == "boilerplate"
    two = db.session.scalar(select(Article.id).where(Article.title == "第二篇"))
    db.session.execute(delete(Article).where(Article.id == two))  # its passages cascade
    db.session.commit()
    assert _in_step() == 31


def test_the_migration_fills_it_for_passages_that_already_exist(sqlite_app):
    import_text(db.session, "old.txt", ARTICLE)
    db.session.commit()
    db.session.remove()
    downgrade(revision="0010")
    assert "passage_search_order" not in inspect(db.engine).get_table_names()
    upgrade()
    assert _in_step() == 31
