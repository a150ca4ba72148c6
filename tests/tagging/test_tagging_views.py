"""The tagging pages through the Flask test client."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from sqlalchemy import event, select

from annotator import create_app
from annotator.extensions import db
from annotator.models import ArticleEditor, CueWord, User
from annotator.services import annotating
from tests.builders.articles import article_with_passages
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.users import PASSWORD, make_user
from tests.conftest import base_config

HOSTILE = "<script>window.__pwned = 1</script> {{ 7*7 }} {% raw %}不该执行{% endraw %}"


@pytest.fixture
def site(app):
    session = db.session
    make_user(session, "ed")
    make_user(session, "other")
    first = article_with_passages(
        session,
        ["开源模型的风险", "页脚 版权所有", "第二段正文"],
        title="第一篇",
        kinds=["body", "boilerplate", "body"],
    )
    second = article_with_passages(session, [HOSTILE], title="<b>不是粗体</b>")
    session.add(CueWord(word="风险", label=None))
    session.commit()
    return {
        "first": first.id,
        "second": second.id,
        "p": [p.id for p in first.passages],
        "hostile": second.passages[0].id,
    }


def tag_as(username, passage_id, value="neutral_or_mixed"):
    """The named editor's stance on a passage, saved (through the one `tag` builder)."""
    user = db.session.scalar(select(User).where(User.username == username))
    tag(db.session, annotating.find_passage(db.session, passage_id), user, stance=value)
    db.session.commit()


def page_data(html):
    block = r'<script type="application/json" id="tagging-data">(.*?)</script>'
    match = re.search(block, html, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("path", ["/", "/articles", "/articles/1", "/done"])
def test_pages_need_sign_in(client, site, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post("/next")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_article_list_shows_progress_and_filters(client, site):
    tag_as("ed", site["p"][0])
    tag_as("other", site["p"][0])
    sign_in(client, "ed")
    html = client.get("/").get_data(as_text=True)
    assert "第一篇" in html and "&lt;b&gt;不是粗体&lt;/b&gt;" in html
    row = html[html.index(f'data-article-id="{site["first"]}"') :]
    row = row[: row.index("</tr>")]
    # 2 body passages: 1 of them mine, 1 tagged by the 2 editors the team needs.
    assert re.findall(r'<progress value="(\d+)" max="(\d+)"', row) == [("1", "2"), ("1", "2")]
    todo = client.get("/articles?todo=1").get_data(as_text=True)
    assert "第一篇" in todo
    tag_as("ed", site["p"][2])
    todo = client.get("/articles?todo=1").get_data(as_text=True)
    assert "第一篇" not in todo and "不是粗体" in todo


def test_restricted_articles_are_hidden_and_do_not_exist(client, site):
    other = db.session.scalar(select(User).where(User.username == "other"))
    db.session.add(ArticleEditor(article_id=site["first"], user_id=other.id))
    db.session.commit()
    sign_in(client, "ed")
    assert "第一篇" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/articles/{site['first']}").status_code == 404


def test_the_article_view_has_hooks_labels_and_page_data(client, site):
    tag_as("ed", site["p"][0])
    sign_in(client, "ed")
    html = client.get(f"/articles/{site['first']}").get_data(as_text=True)
    for pid in site["p"]:
        assert f'data-passage-id="{pid}"' in html
    assert 'data-label="stance:for_open_release"' in html
    assert 'data-label="bias_attribution:data"' in html
    assert 'data-label="spans:evidence"' in html
    assert "支持公开/开源" in html and "For open release" not in html
    chrome = site["p"][1]
    fold = re.search(r'<details class="chrome-run">(.*?)</details>', html, re.S).group(1)
    assert f'class="passage boilerplate" id="p-{chrome}" data-passage-id="{chrome}"' in fold
    data = page_data(html)
    assert data["focus"] == site["p"][2]  # the first body passage I have not tagged
    first = data["passages"][0]
    assert first["mine"]["stance"] == {"values": ["neutral_or_mixed"], "version": 1}
    assert "".join(first["text"][s:e] for s, e in first["tokens"]) == first["text"]
    # Cues from the shipped lexicon and from the newsroom's CueWord rows ("_hint": no label).
    assert [0, 2, "开源", "for_open_release"] in first["cues"]
    assert [5, 7, "风险", "_hint"] in first["cues"]
    # Only data blocks and scripts loaded from files (the codebook's and roll-up's too): no
    # inline script.
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('type="application/json"' in t or " src=" in t for t in scripts), scripts
    assert {
        '<script type="application/json" id="tagging-data">',
        '<script type="module" src="/static/tagging.js">',
    } <= set(scripts)


def test_english_titles_with_lang_en(client, site):
    sign_in(client, "ed")
    html = client.get(f"/articles/{site['first']}?lang=en").get_data(as_text=True)
    assert "For open release" in html and "Stance on open release" in html
    assert "支持公开/开源" not in html


def test_hostile_article_text_is_escaped_literally(client, site):
    sign_in(client, "ed")
    html = client.get(f"/articles/{site['second']}").get_data(as_text=True)
    shown = re.search(r'<div class="passage-text" data-role="text" lang="zh">(.*?)</div>', html)
    assert html_lib.unescape(shown.group(1)) == HOSTILE  # literally, not rendered as 49
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in shown.group(1)
    data = page_data(html)  # the JSON block cannot be closed by the text either
    assert data["passages"][0]["text"] == HOSTILE
    assert "</script> {{" not in html


def test_next_goes_to_the_next_passage_needing_me_then_done(client, site):
    sign_in(client, "ed")
    response = client.post("/next")
    assert response.headers["Location"] == f"/articles/{site['first']}#p-{site['p'][0]}"
    response = client.post(f"/next?after={site['p'][0]}")
    assert response.headers["Location"].endswith(f"#p-{site['p'][2]}")
    for pid in (site["p"][0], site["p"][2], site["hostile"]):
        tag_as("ed", pid)
    assert client.post("/next").headers["Location"] == "/done"
    assert "全部完成" in client.get("/done").get_data(as_text=True)


def test_the_queue_claims_only_on_post(client, site):
    """A GET never claims a passage: a link, a prefetch or a crawler changes nothing."""
    sign_in(client, "ed")
    assert client.get("/next").status_code == 405
    assert client.get(f"/api/queue/next?after={site['p'][0]}").status_code == 405
    body = client.post("/api/queue/next", json={"after": site["p"][0]}).get_json()
    assert (body["passage"]["id"], body["passage"]["article_id"]) == (site["p"][2], site["first"])
    for bad in ("x", "-1", "1.5", "²", "9" * 40):
        response = client.post(f"/next?after={bad}")
        assert response.status_code == 400


def test_unknown_articles_are_404(client, site):
    sign_in(client, "ed")
    assert client.get("/articles/999999").status_code == 404
    assert client.get("/articles/99999999999999").status_code == 404


def test_the_article_page_reads_with_a_fixed_number_of_queries(client, app):
    make_user(db.session, "ed")
    small = article_with_passages(db.session, ["一段"] * 2)
    large = article_with_passages(db.session, ["一段"] * 40)
    db.session.commit()
    sign_in(client, "ed")

    def count(article_id):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            with app.app_context():  # a fresh session, as in a real request
                assert client.get(f"/articles/{article_id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    count(small.id)  # the first page view also fills the process's label-schema cache
    assert count(small.id) == count(large.id)


def test_saving_needs_the_csrf_header_when_csrf_is_on(database_url, tmp_path, site):
    app = create_app({**base_config(tmp_path / "csrf", database_url), "WTF_CSRF_ENABLED": True})
    # No outer context for this app: each request gets its own, as in production.
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": "ed", "password": PASSWORD, "csrf_token": token})
    html = client.get(f"/articles/{site['first']}").get_data(as_text=True)
    header = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    url = f"/api/passages/{site['p'][0]}/annotations/stance"
    body = {"values": ["for_open_release"], "version": None}
    refused = client.put(url, json=body)
    assert refused.status_code == 400 and refused.get_json()["field"] == "csrf_token"
    saved = client.put(url, json=body, headers={"X-CSRFToken": header})
    assert saved.status_code == 200 and saved.get_json()["version"] == 1
    with app.app_context():
        db.engine.dispose()
