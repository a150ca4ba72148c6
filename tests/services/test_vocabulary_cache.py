"""The label schema is cached per process and codebook version, and never served stale."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from annotator.extensions import db
from annotator.services.annotating import (
    InvalidAnnotation,
    find_label_set,
    load_vocabulary,
    save_choice,
)
from annotator.services.schema import apply_schema, current_codebook_version, default_schema
from tests.builders.articles import article_with_passages
from tests.builders.users import make_user


def test_the_schema_is_read_once_per_codebook_version(app):
    first = load_vocabulary(db.session)
    assert load_vocabulary(db.session) is first
    assert first.codebook_version == current_codebook_version(db.session)
    assert find_label_set(first, "stance").codebook_version == first.codebook_version


def test_a_change_made_by_another_process_is_seen_at_the_next_save(app):
    editor = make_user(db.session, "ed")
    passage = article_with_passages(db.session, ["公开模型有风险。"]).passages[0]
    db.session.commit()
    assert load_vocabulary(db.session).sets["stance"].labels[0].retired_at is None
    version = current_codebook_version(db.session)
    # Another worker retires a label: plain SQL on its own connection, no ORM events here.
    with db.engine.begin() as other:
        other.execute(
            text("UPDATE labels SET retired_at = :now WHERE name = 'for_open_release'"),
            {"now": "2026-01-01 00:00:00"},
        )
        other.execute(
            text(
                "INSERT INTO codebook_versions (version, note, snapshot, created_at)"
                " VALUES (:v, 'elsewhere', '{}', :now)"
            ),
            {"v": version + 1, "now": "2026-01-01 00:00:00"},
        )
    db.session.rollback()  # end this session's transaction, as a new request would
    vocabulary = load_vocabulary(db.session)
    assert vocabulary.codebook_version == version + 1
    stance = find_label_set(vocabulary, "stance")
    with pytest.raises(InvalidAnnotation):
        save_choice(db.session, passage, editor.id, stance, ["for_open_release"], None)


def test_a_schema_applied_in_this_process_replaces_the_cached_one(app):
    before = load_vocabulary(db.session)
    specs = [s for s in default_schema() if s.name != "bias_attribution"]
    apply_schema(db.session, specs, note="drop a set")
    db.session.commit()
    after = load_vocabulary(db.session)
    assert after is not before
    assert after.sets["bias_attribution"].retired_at is not None
    assert after.codebook_version == before.codebook_version + 1
