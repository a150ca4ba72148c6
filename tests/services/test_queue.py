"""The next passage that needs an editor."""

from __future__ import annotations

import pytest

from annotator.extensions import db
from annotator.models import ArticleEditor
from annotator.services.queue import next_passage_for
from tests.builders.articles import article_with_passages
from tests.builders.labels import tag
from tests.builders.users import make_user


@pytest.fixture
def corpus(app):
    session = db.session
    editor = make_user(session, "ed")
    kinds = ["body", "body", "boilerplate", "body"]
    first = article_with_passages(session, ["甲一", "甲二", "甲三", "甲四"], kinds=kinds)
    second = article_with_passages(session, ["乙一", "乙二"])
    third = article_with_passages(session, ["丙一"])
    session.commit()
    return editor, first, second, third


def nxt(user, after=None):
    found = next_passage_for(db.session, user, after.id if after is not None else None)
    return found.text if found else None


def test_without_a_position_the_first_untagged_body_passage(corpus):
    editor, first, *_ = corpus
    assert nxt(editor) == "甲一"
    tag(db.session, first.passages[0], editor, stance="neutral_or_mixed")
    assert nxt(editor) == "甲二"


def test_later_in_this_article_first_skipping_boilerplate_and_tagged(corpus):
    editor, first, *_ = corpus
    tag(db.session, first.passages[1], editor, stance="neutral_or_mixed")
    assert nxt(editor, first.passages[0]) == "甲四"


def test_then_the_following_articles_then_wrapping_round(corpus):
    editor, first, second, third = corpus
    assert nxt(editor, first.passages[3]) == "乙一"
    assert nxt(editor, third.passages[0]) == "甲一"
    for p in second.passages:
        tag(db.session, p, editor, stance="neutral_or_mixed")
    assert nxt(editor, first.passages[3]) == "丙一"
    tag(db.session, third.passages[0], editor, stance="neutral_or_mixed")
    # Nothing after this passage anywhere else: the earlier passages of this article.
    assert nxt(editor, first.passages[3]) == "甲一"


def test_none_when_everything_is_tagged(corpus):
    editor, first, second, third = corpus
    for article in (first, second, third):
        for p in article.passages:
            if p.kind == "body":
                tag(db.session, p, editor, stance="neutral_or_mixed")
    assert nxt(editor) is None
    assert nxt(editor, first.passages[0]) is None


def test_an_empty_stance_still_needs_the_editor(corpus):
    editor, first, *_ = corpus
    tag(db.session, first.passages[0], editor, choices={"stance": []})
    assert nxt(editor) == "甲一"


def test_other_editors_tags_do_not_count(corpus):
    editor, first, *_ = corpus
    other = make_user(db.session, "other")
    tag(db.session, first.passages[0], other, stance="neutral_or_mixed")
    assert nxt(editor) == "甲一"


def test_restricted_articles_are_skipped_for_other_editors(corpus):
    editor, first, second, _ = corpus
    other = make_user(db.session, "other")
    db.session.add(ArticleEditor(article_id=first.id, user_id=other.id))
    db.session.flush()
    assert nxt(editor) == "乙一"
    assert nxt(other) == "甲一"


def test_an_unknown_position_starts_from_the_top(corpus):
    editor, *_ = corpus
    assert next_passage_for(db.session, editor, 10**12).text == "甲一"
    assert next_passage_for(db.session, editor, 999_999).text == "甲一"
