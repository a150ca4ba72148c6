"""The migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from annotator.extensions import db
from annotator.models import Event, LabelSet
from annotator.services.setup import include_object


def _drift() -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(context, db.metadata))


def test_migrations_produce_the_models_schema(app):
    assert _drift() == []


def test_named_constraints_survive_in_the_database(app):
    inspector = inspect(db.engine)
    checks = {c["name"] for c in inspector.get_check_constraints("passages")}
    assert "ck_passages_offsets_ordered" in checks
    uniques = {c["name"] for c in inspector.get_unique_constraints("annotations")}
    assert "uq_annotations_passage_user_set" in uniques


def test_downgrade_to_base_and_back(app):
    downgrade(revision="base")
    assert "passages" not in inspect(db.engine).get_table_names()
    upgrade()
    assert _drift() == []


def test_events_are_append_only(app):
    db.session.add(Event(action="test", entity="test"))
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE events SET action = 'changed'"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("DELETE FROM events"))
    db.session.rollback()


def test_default_schema_is_installed(app):
    names = db.session.scalars(select(LabelSet.name).order_by(LabelSet.position)).all()
    assert names == ["stance", "bias_attribution", "spans", "article_stance"]
