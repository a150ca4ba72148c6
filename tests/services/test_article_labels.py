"""Article-level labels: version checks, validation, restrictions and events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ArticleAnnotation, ArticleEditor, Event
from annotator.services.annotating.article_labels import (
    ArticleLabelError,
    ArticleVersionConflict,
    article_states,
    find_article_label_set,
    save_article_labels,
)
from annotator.services.schema import current_codebook_version
from tests.builders.articles import import_article
from tests.builders.users import make_user


@pytest.fixture
def setup(app):
    article = import_article(db.session)
    editor = make_user(db.session, "editor")
    return article, editor, find_article_label_set(db.session, "article_stance")


def test_saving_creates_then_updates_with_versions_and_events(setup):
    article, editor, label_set = setup
    assert article_states(db.session, article.id, editor.id) == {"article_stance": None}
    first = save_article_labels(
        db.session, article, editor.id, label_set, ["for_open_release"], None
    )
    assert first == {"values": ["for_open_release"], "version": 1}
    second = save_article_labels(db.session, article, editor.id, label_set, ["neutral_or_mixed"], 1)
    third = save_article_labels(db.session, article, editor.id, label_set, ["for_open_release"], 2)
    assert (second["version"], third) == (2, {"values": ["for_open_release"], "version": 3})
    db.session.commit()
    stored = db.session.scalar(select(ArticleAnnotation))
    assert stored.codebook_version == current_codebook_version(db.session) == 1
    assert article_states(db.session, article.id, editor.id)["article_stance"] == third
    events = db.session.scalars(select(Event).where(Event.entity == "article_annotation")).all()
    assert [e.action for e in events] == ["article_annotation.create"] + [
        "article_annotation.update"
    ] * 2
    assert events[1].before["values"] == ["for_open_release"]
    assert events[1].after["values"] == ["neutral_or_mixed"]
    assert events[1].after["article_id"] == article.id and events[1].actor_id == editor.id


def test_clearing_keeps_the_row_with_no_values(setup):
    article, editor, label_set = setup
    save_article_labels(db.session, article, editor.id, label_set, ["for_open_release"], None)
    assert save_article_labels(db.session, article, editor.id, label_set, [], 1) == {
        "values": [],
        "version": 2,
    }


@pytest.mark.parametrize("seen", [None, 2])
def test_a_stale_version_is_a_conflict_with_the_current_state(setup, seen):
    article, editor, label_set = setup
    save_article_labels(db.session, article, editor.id, label_set, ["for_open_release"], None)
    with pytest.raises(ArticleVersionConflict) as info:
        save_article_labels(db.session, article, editor.id, label_set, ["neutral_or_mixed"], seen)
    assert info.value.status == 409 and info.value.field == "version"
    assert info.value.current == {"values": ["for_open_release"], "version": 1}


def test_a_first_save_that_claims_a_version_is_a_conflict(setup):
    article, editor, label_set = setup
    with pytest.raises(ArticleVersionConflict) as info:
        save_article_labels(db.session, article, editor.id, label_set, [], 1)
    assert info.value.current is None


@pytest.mark.parametrize(
    "values, message",
    [
        (["for_open_release", "neutral_or_mixed"], "at most one"),
        (["nope"], "Unknown label"),
        ("for_open_release", "list of label names"),
        ([1], "list of label names"),
        (["for_open_release", "for_open_release"], "repeat"),
    ],
)
def test_bad_values_are_refused(setup, values, message):
    article, editor, label_set = setup
    with pytest.raises(ArticleLabelError, match=message) as info:
        save_article_labels(db.session, article, editor.id, label_set, values, None)
    assert info.value.status == 400 and info.value.field == "values"


def test_passage_sets_and_unknown_sets_are_not_article_sets(setup):
    for name in ("stance", "spans", "nope"):
        with pytest.raises(ArticleLabelError) as info:
            find_article_label_set(db.session, name)
        assert info.value.status == 404


def test_an_article_restricted_to_others_does_not_exist_for_the_editor(setup):
    article, editor, label_set = setup
    other = make_user(db.session, "other")
    db.session.add(ArticleEditor(article_id=article.id, user_id=other.id))
    db.session.flush()
    with pytest.raises(ArticleLabelError) as info:
        save_article_labels(db.session, article, editor.id, label_set, [], None)
    assert info.value.status == 404
    assert save_article_labels(db.session, article, other.id, label_set, [], None)["version"] == 1
