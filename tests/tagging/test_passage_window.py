"""The article page's passage windows (/articles/<id>/passages): what the script loads as the
editor scrolls, read through the same reader and visibility rule as the page."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event, select

from annotator.extensions import db
from annotator.models import ArticleEditor, User
from annotator.services.settings import set_setting
from annotator.tagging.page import WINDOW_AFTER, WINDOW_MAX
from tests.builders.articles import article_with_passages
from tests.builders.labels import tag
from tests.builders.users import PASSWORD, make_user

PASSAGES = 100


@pytest.fixture
def long_article(app):
    for name in ("ed", "bob"):
        make_user(db.session, name)
    article = article_with_passages(
        db.session, [f"第{n}段讲开源模型的风险。" for n in range(PASSAGES)], title="长文"
    )
    db.session.commit()
    return article


def signed_in(app, username="ed"):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def window(client, article_id, query=""):
    return client.get(
        f"/articles/{article_id}/passages{query}", headers={"Accept": "application/json"}
    )


def page_items(client, article_id):
    html = client.get(f"/articles/{article_id}").get_data(as_text=True)
    block = re.search(
        r'<script type="application/json" id="tagging-data">(.*?)</script>', html, re.S
    )
    return html, json.loads(block.group(1))


def test_the_page_sends_text_for_all_and_data_for_the_window_only(app, long_article):
    client = signed_in(app)
    html, data = page_items(client, long_article.id)
    ids = [p.id for p in long_article.passages]
    assert all(f'id="p-{pid}"' in html for pid in ids)  # every #p-<id> link has its target
    assert html.count('data-label="stance:for_open_release"') == 1  # the controls, once
    assert [item["id"] for item in data["passages"]] == ids[:WINDOW_AFTER]
    assert data["urls"]["window"] == f"/articles/{long_article.id}/passages"


def test_a_window_is_what_the_page_would_have_sent(app, long_article):
    tag(db.session, long_article.passages[3], make_user(db.session, "al"), "for_open_release")
    db.session.commit()
    client = signed_in(app)
    _, data = page_items(client, long_article.id)
    answer = window(client, long_article.id, "?start=0&stop=5")
    assert answer.status_code == 200
    assert answer.get_json()["passages"] == data["passages"][:5]
    far = window(client, long_article.id, "?start=90&stop=95").get_json()["passages"]
    assert [p["index"] for p in far] == [90, 91, 92, 93, 94]
    first = far[0]
    assert set(first) == {"id", "index", "kind", "text", "tokens", "cues", "mine", "note", "others"}
    assert "".join(first["text"][s:e] for s, e in first["tokens"]) == first["text"]
    assert [first["text"].index("开源"), first["text"].index("开源") + 2, "开源"] == first["cues"][
        0
    ][:3]


def test_windows_are_capped_and_past_the_end_is_empty(app, long_article):
    client = signed_in(app)
    whole = window(client, long_article.id, f"?start=0&stop={PASSAGES}").get_json()["passages"]
    assert len(whole) == WINDOW_MAX
    default = window(client, long_article.id, "?start=95").get_json()["passages"]
    assert [p["index"] for p in default] == [95, 96, 97, 98, 99]
    assert window(client, long_article.id, "?start=500").get_json() == {"passages": []}
    assert window(client, long_article.id, "?start=9&stop=3").get_json() == {"passages": []}


@pytest.mark.parametrize(
    "query", ["?start=-1", "?start=x", "?start=²", "?stop=1.5", "?start=" + "9" * 30]
)
def test_bad_bounds_are_a_400_naming_the_parameter(app, long_article, query):
    response = window(signed_in(app), long_article.id, query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] in {"start", "stop"} and body["field"] in body["error"]


def test_a_restricted_article_has_no_windows_for_editors_not_named(app, long_article):
    db.session.add(
        ArticleEditor(article_id=long_article.id, user_id=make_user(db.session, "cy").id)
    )
    db.session.commit()
    assert window(signed_in(app, "ed"), long_article.id).status_code == 404
    assert window(signed_in(app, "cy"), long_article.id).status_code == 200
    assert window(signed_in(app, "ed"), 999_999).status_code == 404
    assert app.test_client().get(f"/articles/{long_article.id}/passages").status_code in {302, 401}


def test_blind_mode_hides_the_count_until_i_have_tagged(app, long_article):
    set_setting(db.session, "blind_mode", True, None)
    bob, ed = (db.session.scalar(select(User).where(User.username == n)) for n in ("bob", "ed"))
    far = long_article.passages[60]
    tag(db.session, far, bob, "against_open_release")
    db.session.commit()
    client = signed_in(app)
    query = "?start=60&stop=61"
    assert window(client, long_article.id, query).get_json()["passages"][0]["others"] is None
    tag(db.session, far, ed, "for_open_release")
    db.session.commit()
    item = window(client, long_article.id, query).get_json()["passages"][0]
    assert item["others"] == 1
    assert item["mine"]["stance"]["values"] == ["for_open_release"]


def test_a_window_reads_with_a_fixed_number_of_queries(app, long_article):
    client = signed_in(app)

    def count(query):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            with app.app_context():
                assert window(client, long_article.id, query).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    count("?start=0&stop=2")
    assert count("?start=0&stop=2") == count("?start=10&stop=70")
