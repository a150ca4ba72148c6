"""Article roll-ups: stance distribution, attributions, holders and article-level labels."""

from __future__ import annotations

from sqlalchemy import delete, event

from annotator.extensions import db
from annotator.models import HolderAlias
from annotator.services.annotating.article_labels import find_article_label_set, save_article_labels
from annotator.services.rollup import rollup_articles
from tests.builders.articles import import_article
from tests.builders.labels import settle, tag, text_span
from tests.builders.users import make_user

TEXT = """开源之争

LeCun 认为担心模型太强大而不开源太矫情。

OpenAI 则担心模型被滥用,决定不公开。

Yann LeCun 又说:每个人都可能造谣,那是不是该别生孩子了?

机器学习系统的偏差是因为数据的偏差,有人说。

这是一段与公开无关的文字。
"""


def _passage(article, needle):
    return next(p for p in article.passages if needle in p.text)


def _scenario():
    # This test's alias list is its own, not the one migration 0004 preloads (on SQLite).
    db.session.execute(delete(HolderAlias))
    article = import_article(db.session, TEXT, name="rollup.txt")
    empty = import_article(db.session, "另一篇\n\n什么也没标。\n", name="empty.txt")
    a, b = make_user(db.session, "alice"), make_user(db.session, "bob")
    reviewer = make_user(db.session, "rita", "reviewer")
    title, p1, p2 = article.passages[0], _passage(article, "矫情"), _passage(article, "OpenAI")
    p3, p4, p5 = (_passage(article, n) for n in ("生孩子", "数据的偏差", "无关"))
    for who in (a, b):  # agreed, with the same holder span
        tag(db.session, p1, who, stance="for_open_release")
        tag(
            db.session,
            p1,
            who,
            spans=[text_span(p1, "LeCun", "holder"), text_span(p1, "太矫情", "evidence")],
        )
    tag(db.session, p2, a, stance="against_open_release")
    tag(db.session, p2, a, spans=[text_span(p2, "OpenAI", "holder")])
    tag(db.session, p3, a, stance="for_open_release")
    tag(db.session, p3, b, stance="neutral_or_mixed")
    settle(db.session, p3, reviewer, "stance", ["for_open_release"])
    settle(db.session, p3, reviewer, "spans", spans=[text_span(p3, "Yann LeCun", "holder")])
    for who in (a, b):
        tag(db.session, p4, who, stance="not_about_release")
        tag(db.session, p4, who, bias=["data"])
    tag(db.session, p5, a, stance="not_about_release")
    tag(db.session, p5, b, stance="neutral_or_mixed")
    tag(db.session, title, a, bias=["data"])
    tag(db.session, title, a, choices={"bias_attribution": []})  # touched, but nothing chosen now
    article_stance = find_article_label_set(db.session, "article_stance")
    for who in (a, b):
        save_article_labels(db.session, article, who.id, article_stance, ["neutral_or_mixed"], None)
    db.session.add(HolderAlias(alias="yann lecun", canonical="LeCun"))
    db.session.commit()
    return article, empty


def test_an_article_rolls_up_its_resolved_passages(app):
    article, empty = _scenario()
    rollup = rollup_articles(db.session)[article.id]
    assert rollup.passages == 6 and rollup.uid == article.uid
    # The headline was touched (an empty attribution) and nothing chosen: like the export,
    # an emptied record does not make an annotator, so it is unlabeled.
    assert rollup.statuses == {"unlabeled": 1, "single": 1, "agreed": 2, "conflict": 1, "gold": 1}
    assert rollup.label_counts["stance"] == {
        "for_open_release": 2,
        "against_open_release": 1,
        "neutral_or_mixed": 0,
        "not_about_release": 1,
        "conflict": 1,
        "untagged": 1,
    }
    assert rollup.label_counts["bias_attribution"] == {
        "data": 1,
        "model_or_method": 0,
        "researchers": 0,
        "deployment_or_society": 0,
    }
    assert [(h.name, h.passages, h.stances, h.main_stance) for h in rollup.holders] == [
        ("LeCun", 2, {"for_open_release": 2}, "for_open_release"),
        ("OpenAI", 1, {"against_open_release": 1}, "against_open_release"),
    ]
    summary = rollup.article_labels["article_stance"]
    assert (summary.status, summary.value, summary.votes, summary.annotators) == (
        "agreed",
        "neutral_or_mixed",
        {"neutral_or_mixed": 2},
        2,
    )
    assert [seg for seg, _, _ in rollup.bar("stance")] == [
        "for_open_release",
        "against_open_release",
        "not_about_release",
        "conflict",
        "untagged",
    ]
    assert round(sum(pct for _, _, pct in rollup.bar("stance")), 6) == 100


def test_an_untouched_article_rolls_up_to_nothing(app):
    _, empty = _scenario()
    rollup = rollup_articles(db.session, [empty.id])
    assert list(rollup) == [empty.id]
    only = rollup[empty.id]
    assert only.statuses["unlabeled"] == only.passages == 2
    assert only.label_counts["stance"]["untagged"] == 2 and only.holders == []
    assert only.article_labels["article_stance"].as_dict() == {
        "status": "unlabeled",
        "value": None,
        "votes": {},
        "annotators": 0,
    }


def test_article_labels_in_conflict_show_the_votes(app):
    article, _ = _scenario()
    carol = make_user(db.session, "carol")
    article_stance = find_article_label_set(db.session, "article_stance")
    save_article_labels(db.session, article, carol.id, article_stance, ["for_open_release"], None)
    db.session.commit()
    summary = rollup_articles(db.session, [article.id])[article.id].article_labels["article_stance"]
    assert (summary.status, summary.value, summary.annotators) == ("conflict", None, 3)
    assert summary.votes == {"for_open_release": 1, "neutral_or_mixed": 2}


def test_the_roll_up_of_many_articles_takes_a_fixed_number_of_queries(app):
    article, empty = _scenario()
    for i in range(4):
        import_article(db.session, f"又一篇 {i}\n\nLeCun 说要开源。\n", name=f"more{i}.txt")
    db.session.commit()
    article_id = article.id  # read before counting: the commit expired the object
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rollup_articles(db.session, [article_id])
        one = len(statements)
        statements.clear()
        everything = rollup_articles(db.session)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(everything) == 6
    assert len(statements) == one <= 10
