"""Editing the codebook makes versions; annotations made under a changed meaning are listed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, ArticleAnnotation, CodebookVersion, Event
from annotator.services.annotating.article_labels import find_article_label_set, save_article_labels
from annotator.services.codebook import (
    CodebookError,
    StaleCodebook,
    edit_label,
    edit_label_set,
    history,
    latest_version,
    outdated_annotations,
)
from annotator.services.schema import current_codebook_version, snapshot
from tests.builders.articles import import_article
from tests.builders.labels import annotate, tag
from tests.builders.users import make_user


def _label(set_name: str, label_name: str) -> dict:
    data = snapshot(db.session)
    s = next(s for s in data["label_sets"] if s["name"] == set_name)
    return next(lb for lb in s["labels"] if lb["name"] == label_name)


def _edit_for(definition: str, note: str = "sharpen", seen: int | None = None, **kw):
    label = _label("stance", "for_open_release")
    return edit_label(
        db.session,
        "stance",
        "for_open_release",
        definition=definition,
        examples=kw.get("examples", label["examples"]),
        note=note,
        actor_id=kw.get("actor_id"),
        seen_version=current_codebook_version(db.session) if seen is None else seen,
    )


def test_editing_a_definition_makes_a_version_with_the_note_and_an_event(app):
    admin = make_user(db.session, "admin", "admin")
    result = _edit_for("新定义 **加粗**", note="make mocking explicit", actor_id=admin.id)
    db.session.commit()
    assert result.changed and result.version == 2
    assert _label("stance", "for_open_release")["definition"] == "新定义 **加粗**"
    row = latest_version(db.session)
    assert row.note == "make mocking explicit" and row.created_by_id == admin.id
    events = db.session.scalars(select(Event).where(Event.action == "schema.update")).all()
    assert len(events) == 2 and events[-1].actor_id == admin.id and events[-1].entity_id == "2"
    changes = [str(c) for c in history(db.session)[0].changes]
    assert changes == ["stance/for_open_release: definition"]


def test_saving_untouched_text_with_browser_line_ends_makes_no_version(app):
    label = _label("stance", "for_open_release")
    crlf = "\r\n" + label["definition"].replace("\n", "\r\n") + "\r\n"
    examples = [{**e, "note": e["note"] + "  "} for e in label["examples"]]
    result = _edit_for(crlf, examples=examples)
    assert not result.changed and result.version == 1
    s = next(s for s in snapshot(db.session)["label_sets"] if s["name"] == "stance")
    again = edit_label_set(
        db.session,
        "stance",
        definition=s["definition"] + "\r\n",
        rules=[r.replace("\n", "\r\n") for r in s["rules"]] + ["   "],
        note="nothing",
        actor_id=None,
        seen_version=1,
    )
    assert not again.changed
    assert db.session.scalar(select(func.count()).select_from(CodebookVersion)) == 1


def test_a_change_note_is_required_and_a_stale_form_is_refused(app):
    with pytest.raises(CodebookError, match="change note") as info:
        _edit_for("x", note="  ")
    assert info.value.field == "note"
    _edit_for("first edit")
    with pytest.raises(StaleCodebook):
        _edit_for("second edit from an old form", seen=1)
    assert _label("stance", "for_open_release")["definition"] == "first edit"


def test_unknown_sets_and_labels_are_refused(app):
    with pytest.raises(CodebookError, match="No label set"):
        edit_label_set(
            db.session, "nope", definition="", rules=[], note="n", actor_id=None, seen_version=1
        )
    with pytest.raises(CodebookError, match="No label 'nope'"):
        edit_label(
            db.session,
            "stance",
            "nope",
            definition="",
            examples=[],
            note="n",
            actor_id=None,
            seen_version=1,
        )


def test_examples_are_cleaned_and_empty_rows_dropped(app):
    _edit_for(
        "d",
        examples=[
            {
                "text": "  OpenAI干脆改名“CloseAI”算了!\r\n",
                "source": " 002.txt ",
                "positive": False,
                "note": "n",
            },
            {"text": "   ", "source": "x", "positive": True, "note": ""},
        ],
    )
    assert _label("stance", "for_open_release")["examples"] == [
        {
            "text": "OpenAI干脆改名“CloseAI”算了!",
            "source": "002.txt",
            "positive": False,
            "note": "n",
        }
    ]


def test_passages_tagged_under_an_older_meaning_are_listed_until_retagged(app):
    article = import_article(db.session)
    first, second = article.passages[1], article.passages[2]
    editor, other = make_user(db.session, "editor"), make_user(db.session, "other")
    tag(db.session, first, editor, stance="for_open_release")
    tag(db.session, first, editor, bias=["data"])
    tag(db.session, second, other, stance="against_open_release")
    db.session.commit()
    assert outdated_annotations(db.session).items == []

    # A title or an example is not a change of meaning.
    s = next(s for s in snapshot(db.session)["label_sets"] if s["name"] == "bias_attribution")
    edit_label_set(
        db.session,
        "bias_attribution",
        definition=s["definition"],
        rules=[*s["rules"], "新规则"],
        note="add a rule",
        actor_id=None,
        seen_version=1,
    )
    label = _label("stance", "for_open_release")
    _edit_for(label["definition"], examples=label["examples"][:2], note="fewer examples")
    db.session.commit()
    assert current_codebook_version(db.session) == 3

    report = outdated_annotations(db.session)
    assert report.current_version == 3
    assert [
        (i.passage_id, [(a.user, a.label_set, a.codebook_version) for a in i.annotations])
        for i in report.items
    ] == [(first.id, [("editor", "bias_attribution", 1)])]
    assert [str(c) for c in report.items[0].annotations[0].changes] == ["bias_attribution: rules"]

    _edit_for("支持公开的新定义", note="redefine")
    db.session.commit()
    report = outdated_annotations(db.session)
    listed = {(i.passage_id, a.user, a.label_set) for i in report.items for a in i.annotations}
    assert listed == {
        (first.id, "editor", "stance"),
        (first.id, "editor", "bias_attribution"),
        (second.id, "other", "stance"),
    }
    stance_change = next(a for i in report.items for a in i.annotations if a.label_set == "stance")
    assert [str(c) for c in stance_change.changes] == ["stance/for_open_release: definition"]
    data = report.as_dict()
    assert data["passages"] == 2 and data["items"][0]["text"] == first.text

    # Re-tagging under the current version takes the passage off the list.
    for annotation in (a for a in _annotations() if a.passage_id == second.id):
        annotation.codebook_version = current_codebook_version(db.session)
    db.session.commit()
    assert {i.passage_id for i in outdated_annotations(db.session).items} == {first.id}


def test_annotations_without_a_version_and_article_labels_are_listed(app):
    article = import_article(db.session)
    editor = make_user(db.session, "editor")
    annotate(
        db.session,
        article.passages[1],
        editor,
        "stance",
        ["neutral_or_mixed"],
        codebook_version=None,
    )
    label_set = find_article_label_set(db.session, "article_stance")
    save_article_labels(db.session, article, editor.id, label_set, ["neutral_or_mixed"], None)
    db.session.commit()
    report = outdated_annotations(db.session)
    assert [str(c) for c in report.items[0].annotations[0].changes] == ["stance: unknown version"]
    assert len(report.items) == 1

    s = next(s for s in snapshot(db.session)["label_sets"] if s["name"] == "article_stance")
    edit_label_set(
        db.session,
        "article_stance",
        definition="整篇文章的立场。",
        rules=s["rules"],
        note="shorter",
        actor_id=None,
        seen_version=1,
    )
    db.session.commit()
    items = outdated_annotations(db.session).items
    article_item = next(i for i in items if i.passage_id is None)
    assert article_item.article_id == article.id
    assert [(a.user, a.label_set) for a in article_item.annotations] == [
        ("editor", "article_stance")
    ]
    assert db.session.get(Article, article.id).title == article_item.article_title
    assert db.session.scalar(select(func.count()).select_from(ArticleAnnotation)) == 1


def _annotations():
    from annotator.models import Annotation

    return db.session.scalars(select(Annotation)).all()
