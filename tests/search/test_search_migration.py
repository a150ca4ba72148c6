"""Migration 0004: the index is built for existing passages, and aliases are preloaded."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from annotator.extensions import db
from annotator.models import HolderAlias
from annotator.services.search import search_passages
from annotator.services.tokenizer import get_tokenizer
from tests.builders.articles import import_text


def test_upgrade_indexes_passages_that_already_exist_and_preloads_aliases(app):
    import_text(db.session, "old.txt", "旧文章\n\n杨立昆认为卷积神经网络应该开源。")
    db.session.commit()
    db.session.remove()
    downgrade(revision="0003")
    inspector = inspect(db.engine)
    assert "passage_signatures" not in inspector.get_table_names()
    assert "passage_fts" not in inspector.get_table_names()
    assert "search_vector" not in {c["name"] for c in inspector.get_columns("passages")}
    upgrade()
    hits = search_passages(db.session, get_tokenizer(db.session), "开源").hits
    assert [h.text for h in hits] == ["杨立昆认为卷积神经网络应该开源。"]
    aliases = dict(db.session.execute(select(HolderAlias.alias, HolderAlias.canonical)).all())
    for alias in ("LeCun", "Yann LeCun", "Yann Lecun", "杨立昆"):
        assert aliases[alias] == "Yann LeCun"
