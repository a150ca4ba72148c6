"""Articles with my progress and the team's, counted in SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from annotator.extensions import db
from annotator.models import ArticleEditor, Setting
from annotator.services.progress import (
    PAGE_SIZE,
    article_progress,
    first_untagged_passage,
    others_counts,
    required_annotators,
)
from tests.builders.articles import article_with_passages
from tests.builders.labels import tag
from tests.builders.users import make_user


@pytest.fixture
def team(app):
    session = db.session
    me, you, them = (make_user(session, n) for n in ("me", "you", "them"))
    kinds = ["body"] * 3 + ["boilerplate"]
    a = article_with_passages(session, ["一", "二", "三", "页脚"], kinds=kinds)
    b = article_with_passages(session, ["四", "五"])
    tag(db.session, a.passages[0], me, stance="neutral_or_mixed")
    tag(db.session, a.passages[0], you, stance="neutral_or_mixed")
    tag(db.session, a.passages[1], you, stance="neutral_or_mixed")
    tag(db.session, b.passages[0], me, stance="neutral_or_mixed")
    tag(db.session, b.passages[1], me, stance="neutral_or_mixed")
    tag(db.session, a.passages[2], them, choices={"stance": []})  # opened but no stance: not tagged
    session.commit()
    return me, you, a, b


def test_counts_body_passages_mine_and_the_teams(team):
    me, you, a, b = team
    page = article_progress(db.session, me.id, required=2)
    rows = {item.id: (item.passages, item.mine, item.team) for item in page.items}
    assert rows == {a.id: (3, 1, 1), b.id: (2, 2, 0)}
    rows = {i.id: (i.mine, i.team) for i in article_progress(db.session, you.id, required=1).items}
    assert rows == {a.id: (2, 2), b.id: (0, 2)}


def test_the_todo_filter_keeps_articles_with_untagged_passages(team):
    me, you, a, b = team
    todo = {u: article_progress(db.session, u.id, required=2, only_todo=True) for u in (me, you)}
    assert [i.id for i in todo[me].items] == [a.id]
    assert [i.id for i in todo[you].items] == [a.id, b.id]


def test_restricted_articles_are_listed_only_for_their_editors(team):
    me, you, a, b = team
    db.session.add(ArticleEditor(article_id=b.id, user_id=you.id))
    db.session.flush()
    assert [i.id for i in article_progress(db.session, me.id, required=2).items] == [a.id]
    assert [i.id for i in article_progress(db.session, you.id, required=2).items] == [a.id, b.id]


def test_pages_and_a_constant_number_of_queries(app):
    me = make_user(db.session, "me")
    for n in range(PAGE_SIZE + 3):
        article_with_passages(db.session, [f"第{n}篇", "正文"], title=f"文章{n}")
    db.session.commit()
    me_id = me.id
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        first = article_progress(db.session, me_id, required=2)
        second = article_progress(db.session, me_id, required=2, page=2)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(first.items) == PAGE_SIZE and len(second.items) == 3
    assert first.pages == second.pages == 2 and first.total == PAGE_SIZE + 3
    assert second.items[-1].title == f"文章{PAGE_SIZE + 2}"
    # a count, a page and its passage counts, twice: no query per article
    assert len(statements) == 6
    assert article_progress(db.session, me.id, required=2, page=99).page == 2


def test_first_untagged_and_others(team):
    me, you, a, b = team
    assert first_untagged_passage(db.session, a.id, me.id) == a.passages[1].id
    assert first_untagged_passage(db.session, b.id, me.id) is None
    ids = [p.id for p in a.passages]
    assert others_counts(db.session, ids, me.id) == {a.passages[0].id: 1, a.passages[1].id: 1}
    assert others_counts(db.session, [], me.id) == {}


def test_required_annotators_comes_from_the_team_setting(app):
    assert required_annotators(db.session, 2) == 2
    db.session.add(Setting(key="annotators_per_passage", value=3))
    db.session.flush()
    assert required_annotators(db.session, 2) == 3
