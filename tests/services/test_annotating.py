"""Annotating rules: schema validation, spans inside passages, versions, events."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select, update

from annotator.extensions import db
from annotator.models import Annotation, ArticleEditor, Event, Note
from annotator.services import annotating
from annotator.services.annotating import (
    InvalidAnnotation,
    NotAllowed,
    NotFound,
    SpanInput,
    VersionConflict,
    ensure_may_tag,
    find_label_set,
    find_passage,
    load_vocabulary,
    save_choice,
    save_note,
    save_spans,
)
from annotator.services.schema import apply_schema, current_codebook_version, default_schema
from tests.builders.articles import article_with_passages
from tests.builders.users import make_user


@pytest.fixture
def world(app):
    session = db.session
    editor = make_user(session, "ed")
    article = article_with_passages(session, ["公开模型有风险。", "𠮷野家😀好吃", "第三段"])
    session.commit()
    return editor, article


def _set(name):
    return find_label_set(load_vocabulary(db.session), name)


def _events(action):
    return db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)).all()


def test_first_save_creates_version_1_stamped_with_the_codebook_and_logged(world):
    editor, article = world
    passage = article.passages[0]
    state = save_choice(db.session, passage, editor.id, _set("stance"), ["for_open_release"], None)
    db.session.commit()
    assert state == {"values": ["for_open_release"], "version": 1}
    annotation = db.session.scalar(select(Annotation))
    assert annotation.codebook_version == current_codebook_version(db.session) == 1
    [event] = _events("annotation.save")
    assert event.actor_id == editor.id and event.passage_id == passage.id
    assert event.before is None
    assert event.after == {"label_set": "stance", "values": ["for_open_release"], "version": 1}


def test_update_needs_the_stored_version_and_logs_before_and_after(world):
    editor, article = world
    passage, stance = article.passages[0], _set("stance")
    save_choice(db.session, passage, editor.id, stance, ["for_open_release"], None)
    state = save_choice(db.session, passage, editor.id, stance, ["neutral_or_mixed"], 1)
    db.session.commit()
    assert state == {"values": ["neutral_or_mixed"], "version": 2}
    last = _events("annotation.save")[-1]
    assert last.before["values"] == ["for_open_release"] and last.before["version"] == 1
    assert last.after["values"] == ["neutral_or_mixed"] and last.after["version"] == 2


@pytest.mark.parametrize("seen", [None, 2])
def test_a_stale_version_is_refused_with_the_current_state(world, seen):
    editor, article = world
    passage, stance = article.passages[0], _set("stance")
    save_choice(db.session, passage, editor.id, stance, ["for_open_release"], None)
    db.session.commit()
    with pytest.raises(VersionConflict) as caught:
        save_choice(db.session, passage, editor.id, stance, ["neutral_or_mixed"], seen)
    assert caught.value.current == {"values": ["for_open_release"], "version": 1}
    assert caught.value.status == 409 and caught.value.field == "version"


def test_a_version_for_an_annotation_that_does_not_exist_conflicts(world):
    editor, article = world
    with pytest.raises(VersionConflict) as caught:
        save_choice(
            db.session, article.passages[0], editor.id, _set("bias_attribution"), ["data"], 3
        )
    assert caught.value.current is None


def test_saving_the_same_labels_again_changes_nothing(world):
    editor, article = world
    passage, stance = article.passages[0], _set("stance")
    save_choice(db.session, passage, editor.id, stance, ["for_open_release"], None)
    state = save_choice(db.session, passage, editor.id, stance, ["for_open_release"], 1)
    assert state["version"] == 1
    assert len(_events("annotation.save")) == 1
    assert save_choice(db.session, passage, editor.id, _set("bias_attribution"), [], None) == {
        "values": [],
        "version": None,
    }


@pytest.mark.parametrize(
    ("set_name", "values", "field"),
    [
        ("stance", ["no_such_label"], "values"),
        ("stance", ["data"], "values"),  # a label of another set
        ("stance", ["for_open_release", "against_open_release"], "values"),
        ("bias_attribution", ["data", "data"], "values"),
    ],
)
def test_labels_are_checked_against_the_schema(world, set_name, values, field):
    editor, article = world
    with pytest.raises(InvalidAnnotation) as caught:
        save_choice(db.session, article.passages[0], editor.id, _set(set_name), values, None)
    assert caught.value.field == field and caught.value.status == 400


def test_multiple_choice_keeps_schema_order(world):
    editor, article = world
    state = save_choice(
        db.session,
        article.passages[0],
        editor.id,
        _set("bias_attribution"),
        ["researchers", "data"],
        None,
    )
    assert state["values"] == ["data", "researchers"]


def _retire(label_name):
    specs = []
    for spec in default_schema():
        labels = [lb for lb in spec.labels if lb.name != label_name]
        specs.append(dataclasses.replace(spec, labels=labels))
    apply_schema(db.session, specs, note="retire " + label_name)
    db.session.commit()


def test_a_retired_label_is_refused_but_kept_where_already_chosen(world):
    editor, article = world
    first, second = article.passages[0], article.passages[1]
    save_choice(db.session, first, editor.id, _set("bias_attribution"), ["researchers"], None)
    db.session.commit()
    _retire("researchers")
    bias = _set("bias_attribution")
    with pytest.raises(InvalidAnnotation) as caught:
        save_choice(db.session, second, editor.id, bias, ["researchers"], None)
    assert "retired" in str(caught.value)
    state = save_choice(db.session, first, editor.id, bias, ["data", "researchers"], 1)
    assert set(state["values"]) == {"data", "researchers"}
    # The codebook moved on; the annotation records the version it was saved under.
    assert (
        db.session.scalar(
            select(Annotation.codebook_version).where(Annotation.passage_id == first.id)
        )
        == 2
    )


def test_unknown_and_retired_label_sets(world):
    with pytest.raises(NotFound):
        _set("no_such_set")
    apply_schema(db.session, [s for s in default_schema() if s.name != "spans"], note="drop")
    db.session.commit()
    with pytest.raises(InvalidAnnotation) as caught:
        _set("spans")
    assert caught.value.field == "label_set"


def test_unknown_passage_ids_are_not_found(world):
    for passage_id in (0, -1, 10**6, 2**40):
        with pytest.raises(NotFound):
            find_passage(db.session, passage_id)


def test_spans_are_code_points_inside_the_passage(world):
    editor, article = world
    passage = article.passages[1]  # "𠮷野家😀好吃": 6 code points, 8 UTF-16 units
    assert len(passage.text) == 6
    spans = [SpanInput(0, 1, "evidence"), SpanInput(3, 6, "holder")]
    state = save_spans(db.session, passage, editor.id, _set("spans"), spans, None)
    db.session.commit()
    assert state["spans"] == [
        {"start": 0, "end": 1, "label": "evidence"},
        {"start": 3, "end": 6, "label": "holder"},
    ]
    assert passage.text[0:1] == "𠮷" and passage.text[3:6] == "😀好吃"


@pytest.mark.parametrize(
    ("span", "field"),
    [
        (SpanInput(0, 7, "evidence"), "spans[0].end"),
        (SpanInput(3, 3, "evidence"), "spans[0].end"),
        (SpanInput(4, 2, "evidence"), "spans[0].end"),
        (SpanInput(-1, 2, "evidence"), "spans[0].end"),
        (SpanInput(0, 2, "data"), "spans[0].label"),
    ],
)
def test_bad_spans_are_refused_naming_the_field(world, span, field):
    editor, article = world
    with pytest.raises(InvalidAnnotation) as caught:
        save_spans(db.session, article.passages[1], editor.id, _set("spans"), [span], None)
    assert caught.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Annotation)) == 0


def test_the_same_span_twice_is_refused(world):
    editor, article = world
    twice = [SpanInput(0, 2, "evidence"), SpanInput(0, 2, "evidence")]
    with pytest.raises(InvalidAnnotation) as caught:
        save_spans(db.session, article.passages[0], editor.id, _set("spans"), twice, None)
    assert caught.value.field == "spans[1]"


def test_replacing_spans_keeps_unchanged_rows(world):
    editor, article = world
    passage, spans = article.passages[0], _set("spans")
    save_spans(db.session, passage, editor.id, spans, [SpanInput(0, 2, "evidence")], None)
    state = save_spans(
        db.session,
        passage,
        editor.id,
        spans,
        [SpanInput(0, 2, "evidence"), SpanInput(2, 4, "holder")],
        1,
    )
    assert [s["label"] for s in state["spans"]] == ["evidence", "holder"]
    state = save_spans(db.session, passage, editor.id, spans, [], 2)
    assert state == {"spans": [], "version": 3}


def test_notes_are_versioned_capped_and_logged(world):
    editor, article = world
    passage = article.passages[0]
    assert save_note(db.session, passage, editor.id, "", None) == {"text": "", "version": None}
    assert save_note(db.session, passage, editor.id, "要问审核", None) == {
        "text": "要问审核",
        "version": 1,
    }
    assert save_note(db.session, passage, editor.id, "改了", 1)["version"] == 2
    with pytest.raises(VersionConflict) as caught:
        save_note(db.session, passage, editor.id, "旧页面", 1)
    assert caught.value.current == {"text": "改了", "version": 2}
    with pytest.raises(InvalidAnnotation) as caught:
        save_note(db.session, passage, editor.id, "长" * (annotating.NOTE_MAX_LENGTH + 1), 2)
    assert caught.value.field == "text"
    events = _events("note.save")
    assert [e.after["text"] for e in events] == ["要问审核", "改了"]
    assert events[1].before == {"text": "要问审核", "version": 1}


def test_a_lost_race_between_read_and_write_is_a_conflict(world, monkeypatch):
    editor, article = world
    passage, stance = article.passages[0], _set("stance")
    save_choice(db.session, passage, editor.id, stance, ["for_open_release"], None)
    db.session.commit()
    annotation_id = db.session.scalar(select(Annotation.id))
    real = annotating.saving._claim

    def another_tab_saves_first(*args, **kwargs):
        # Runs after the version check and before the conditional UPDATE.
        with db.engine.begin() as other:
            other.execute(
                update(Annotation).where(Annotation.id == annotation_id).values(version=2)
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(annotating.saving, "_claim", another_tab_saves_first)
    with pytest.raises(VersionConflict) as caught:
        save_choice(db.session, passage, editor.id, stance, ["neutral_or_mixed"], 1)
    assert caught.value.current["version"] == 2
    db.session.rollback()


def test_restricted_articles_refuse_other_editors(world):
    editor, article = world
    other = make_user(db.session, "other")
    db.session.add(ArticleEditor(article_id=article.id, user_id=other.id))
    db.session.flush()
    with pytest.raises(NotAllowed):
        ensure_may_tag(db.session, article.passages[0], editor.id)
    ensure_may_tag(db.session, article.passages[0], other.id)


def test_notes_are_per_user(world):
    editor, article = world
    other = make_user(db.session, "other")
    save_note(db.session, article.passages[0], editor.id, "我的", None)
    save_note(db.session, article.passages[0], other.id, "他的", None)
    assert db.session.scalar(select(func.count()).select_from(Note)) == 2
