"""The article pickers: a number, the picker's own label or title words name one article the
viewer may see; anything else gets a reason. The titles API answers from the same rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, ArticleEditor
from annotator.services.article_titles import (
    ArticleTitle,
    PickError,
    matching_titles,
    resolve_article,
)
from annotator.services.visibility import Viewer
from tests.builders.articles import article_with_passages, import_seeds
from tests.builders.clients import sign_in
from tests.builders.users import make_users


@pytest.fixture
def titled(app):  # type: ignore[no-untyped-def]
    import_seeds(db.session)
    users = make_users(db.session, ann="editor", bob="editor")
    secret = article_with_passages(db.session, ["只给鲍勃看的段落。"], title="机密稿件 100% 内部")
    db.session.add(ArticleEditor(article_id=secret.id, user_id=users["bob"].id))
    db.session.commit()
    return users, secret


def _viewer(user) -> Viewer:  # type: ignore[no-untyped-def]
    return Viewer(user.id, user.username, staff=False, blind=False)


def test_a_number_a_label_or_unique_title_words_name_one_article(titled):
    users, _secret = titled
    ann = _viewer(users["ann"])
    lecun = db.session.scalars(select(Article).where(Article.title.contains("LeCun"))).first()
    assert resolve_article(db.session, ann, "") is None
    assert resolve_article(db.session, ann, f"{lecun.id}") == lecun.id
    assert resolve_article(db.session, ann, f"#{lecun.id}") == lecun.id
    label = ArticleTitle(lecun.id, lecun.title).label
    assert resolve_article(db.session, ann, label) == lecun.id
    words = "我还该不该开源CNN"
    assert words in lecun.title
    assert resolve_article(db.session, ann, words.lower()) == lecun.id  # Latin case folded


def test_words_naming_none_or_several_articles_get_a_reason(titled):
    ann = _viewer(titled[0]["ann"])
    with pytest.raises(PickError, match="No article's title contains"):
        resolve_article(db.session, ann, "没有这个标题")
    every = db.session.scalars(select(Article.title)).all()
    shared = "LeCun" if sum("LeCun" in t for t in every) > 1 else "，"
    assert sum(shared in t for t in every) > 1
    with pytest.raises(PickError, match="Several articles"):
        resolve_article(db.session, ann, shared)
    with pytest.raises(PickError, match="no article #999999"):
        resolve_article(db.session, ann, "#999999")
    with pytest.raises(PickError, match="not an article"):
        resolve_article(db.session, ann, "x" * 201)


def test_a_restricted_article_is_not_there_for_other_editors(titled):
    users, secret = titled
    ann, bob = _viewer(users["ann"]), _viewer(users["bob"])
    with pytest.raises(PickError, match="no article"):
        resolve_article(db.session, ann, f"#{secret.id}")
    with pytest.raises(PickError, match="No article's title"):
        resolve_article(db.session, ann, "机密稿件")
    assert resolve_article(db.session, bob, "机密稿件") == secret.id
    assert secret.id not in {a.id for a in matching_titles(db.session, ann, "")}
    assert [a.id for a in matching_titles(db.session, bob, "机密")] == [secret.id]


def test_like_wildcards_in_the_words_are_plain_text(titled):
    users, secret = titled
    bob = _viewer(users["bob"])
    assert [a.id for a in matching_titles(db.session, bob, "100%")] == [secret.id]
    assert matching_titles(db.session, bob, "_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_") == []


def test_suggestions_are_newest_first_at_most_twenty_and_find_digits_in_titles(titled):
    users, secret = titled
    bob = _viewer(users["bob"])
    newest = matching_titles(db.session, bob, "")
    assert [a.id for a in newest] == sorted((a.id for a in newest), reverse=True)
    for n in range(25):
        article_with_passages(db.session, [f"第{n}段。"], title=f"批量稿件{n}")
    db.session.commit()
    assert len(matching_titles(db.session, bob, "批量稿件")) == 20
    # Digits are a number and title words at once: "100" finds article 100 (none) and the
    # secret's title ("100%").
    assert secret.id in {a.id for a in matching_titles(db.session, bob, "100")}


def test_the_titles_api_answers_what_the_viewer_may_see(titled, client):
    _users, secret = titled
    sign_in(client, "ann")
    answer = client.get("/api/articles/titles?q=机密")
    assert answer.status_code == 200 and answer.get_json() == {"articles": []}
    lecun = client.get("/api/articles/titles?q=LeCun").get_json()["articles"]
    assert lecun and all("LeCun" in a["title"] for a in lecun)
    assert all(a["label"].startswith(f"#{a['id']} ") for a in lecun)
    too_long = client.get("/api/articles/titles?q=" + "长" * 201)
    assert too_long.status_code == 400 and too_long.get_json()["field"] == "q"
    sign_in(client, "bob")
    found = client.get("/api/articles/titles?q=机密").get_json()["articles"]
    assert [a["id"] for a in found] == [secret.id]
