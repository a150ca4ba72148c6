"""Search page, search API, suggestions API and the admin page, through the test client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, Passage, User
from tests.builders.articles import passage_with
from tests.builders.labels import ensure_alias
from tests.builders.users import make_user
from tests.jobs.conftest import run_queued


@pytest.fixture
def people(seeded):  # type: ignore[no-untyped-def]
    for name, role in (("ed", "editor"), ("rev", "reviewer"), ("boss", "admin")):
        make_user(db.session, name, role)
    ensure_alias(db.session, "LeCun", "Yann LeCun")
    ensure_alias(db.session, "杨立昆", "Yann LeCun")
    db.session.commit()
    return seeded


def login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": name, "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_pages_and_api_need_sign_in(people, client):
    assert client.get("/search?q=开源").status_code == 302
    response = client.get("/api/search?q=开源")
    assert response.status_code == 401 and response.get_json()["error"]


def test_search_page_ranks_highlights_and_links_to_the_article_view(people, client):
    login(client, "ed")
    html = client.get("/search?q=偏见").get_data(as_text=True)
    assert "<mark>偏见</mark>" in html
    passage = passage_with(db.session, "有网友质疑该方法生成结果存在偏见")
    assert f'href="/articles/{passage.article_id}#p-{passage.id}"' in html
    assert 'class="topsearch"' in html  # the box in the top bar


def test_search_page_turns_bad_input_into_a_message(people, client):
    login(client, "ed")
    for query in ('"', "*", "-", "(", "AND"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code in (200, 400), query
    response = client.get("/search", query_string={"q": '"*()'})
    assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)
    response = client.get("/search", query_string={"q": "开源" * 150})
    assert response.status_code == 400
    response = client.get("/search", query_string={"q": "开源", "article": "x", "page": "-1"})
    assert response.status_code == 400


def test_search_page_escapes_what_was_typed(people, client):
    login(client, "ed")
    html = client.get("/search", query_string={"q": "<img src=x onerror=alert(1)>"}).get_data(
        as_text=True
    )
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_search_page_filters_and_pages(people, client):
    login(client, "ed")
    first = client.get("/search?q=开源").get_data(as_text=True)
    assert 'rel="next"' in first
    second = client.get("/search?q=开源&page=2").get_data(as_text=True)
    ids = lambda html: set(re.findall(r'data-passage-id="(\d+)"', html))  # noqa: E731
    assert ids(first) and ids(second) and not ids(first) & ids(second)
    body = client.get("/search?q=开源&kind=boilerplate").get_data(as_text=True)
    assert "21个必须知道的机器学习" not in body or "boilerplate" in body
    html = client.get("/search?q=开源&status=conflict").get_data(as_text=True)
    assert not ids(html)
    response = client.get("/search?q=开源&label=stance:nope")
    assert response.status_code == 400


def test_search_page_speaks_chinese_by_default(people, client):
    login(client, "ed")
    html = client.get("/search?q=%22").get_data(as_text=True)
    assert "搜索段落" in html and "请输入要搜索的词语" in html
    html = client.get("/search?q=开源").get_data(as_text=True)
    assert "未标注" in html and ">unlabeled<" not in html


def test_search_page_speaks_english_on_request(people, client):
    login(client, "ed")
    html = client.get("/search?lang=en&q=%22").get_data(as_text=True)
    assert "Search passages" in html and "Type a word to search for" in html


def test_search_api(people, client):
    login(client, "ed")
    data = client.get("/api/search?q=GPT-2&per_page=5").get_json()
    assert data["total"] == 12 or data["total"] >= 5
    assert all("GPT-2" in hit["text"] for hit in data["hits"])
    assert data["hits"][0]["url"].startswith(f"/articles/{data['hits'][0]['article_id']}#p-")
    assert "<mark>GPT-2</mark>" in data["hits"][0]["snippet_html"]
    bad = client.get("/api/search?q=%22")
    assert bad.status_code == 400 and bad.get_json()["field"] == "q"
    assert client.get("/api/search?q=x&page=abc").status_code == 400
    bad_label = client.get("/api/search?q=开源&label=stance:nope").get_json()
    assert bad_label["field"] == "label"


def test_suggestions_api_gives_cues_and_holders_and_saves_nothing(people, client):
    login(client, "ed")
    passage = passage_with(db.session, "LeCun:担心模型太强大而不开源")
    data = client.get(f"/api/passages/{passage.id}/suggestions").get_json()
    against = [s for s in data["labels"] if s["label"] == "against_open_release"]
    assert against and against[0]["source"] == "cue" and "不开源" in against[0]["reason"]
    assert {"label_set", "label", "source", "confidence", "reason"} <= set(against[0])
    holder = next(h for h in data["holders"] if h["text"] == "LeCun")
    assert holder["canonical"] == "Yann LeCun"
    assert passage.text[holder["start"] : holder["end"]] == "LeCun"
    assert data["also_in"] == []
    assert client.get("/api/passages/999999/suggestions").status_code == 404
    assert (
        db.session.scalar(select(Event.id)) is None
        or db.session.scalar(select(Event.id).where(Event.passage_id == passage.id)) is None
    )


def test_dictionary_page_is_for_admins(people, client):
    login(client, "ed")
    assert client.get("/dictionary").status_code == 403
    assert client.post("/api/search/reindex").status_code == 403
    login(client, "rev")
    assert client.get("/dictionary").status_code == 403
    assert client.get("/duplicates").status_code == 200


def test_admin_adds_a_word_reindexes_and_removes_it(people, client):
    login(client, "boss")
    page = client.get("/dictionary").get_data(as_text=True)
    assert "杨立昆" in page and "卷积神经网络" in page  # preloaded alias, shipped word
    response = client.post("/dictionary/words", data={"word": "", "freq": "x"})
    assert response.status_code == 400
    response = client.post(
        "/dictionary/words", data={"word": "大感震惊", "freq": "5000", "tag": "v"}
    )
    assert response.status_code == 302
    page = client.get("/dictionary").get_data(as_text=True)
    assert 'data-stale="5"' in page
    duplicate = client.post("/dictionary/words", data={"word": "大感震惊"})
    assert duplicate.status_code == 400 and "already" in duplicate.get_data(as_text=True)
    progress = client.post("/api/search/reindex").get_json()
    assert progress["stale"] == 0 and progress["total"] == 5 and progress["articles"] == 5
    admin = db.session.scalar(select(User).where(User.username == "boss"))
    event = db.session.scalar(select(Event).where(Event.action == "dictionary.add"))
    assert event.actor_id == admin.id and event.after["word"] == "大感震惊"
    assert client.post("/dictionary/words/remove/大感震惊").status_code == 302
    response = client.post("/dictionary/reindex")  # a background job (tests/jobs/)
    assert response.status_code == 302 and response.location.startswith("/jobs/")
    assert 'data-stale="5"' in client.get("/dictionary").get_data(as_text=True)
    assert run_queued(people) == ["succeeded"]
    assert 'data-stale="0"' in client.get("/dictionary").get_data(as_text=True)


def test_admin_edits_aliases_and_cues(people, client):
    login(client, "boss")
    assert (
        client.post("/dictionary/aliases", data={"alias": "小扎", "canonical": "Mark"}).status_code
        == 302
    )
    assert (
        client.post("/dictionary/aliases", data={"alias": "小扎", "canonical": "X"}).status_code
        == 400
    )
    assert client.post("/dictionary/aliases/remove/小扎").status_code == 302
    response = client.post(
        "/dictionary/cues", data={"word": "闭源", "label": "against_open_release"}
    )
    assert response.status_code == 302
    passage = db.session.scalar(select(Passage).where(Passage.text.contains("闭源")))
    assert passage is None  # the seeds never say it; the word is listed all the same
    assert "闭源" in client.get("/dictionary").get_data(as_text=True)
    response = client.post("/dictionary/train")
    assert response.status_code == 302 and response.location.startswith("/jobs/")
    assert run_queued(people) == ["succeeded"]


def test_out_of_range_numbers_are_client_errors(people, client):
    login(client, "boss")
    huge = 2**63
    assert client.get(f"/api/passages/{huge}/suggestions").status_code == 404
    assert client.get(f"/api/passages/{huge}/links").status_code == 404
    assert client.get(f"/api/search?q=开源&article={huge}").status_code == 400
    assert client.get(f"/search?q=开源&article={huge}").status_code == 400
    assert client.get("/api/search?q=开源&page=99999999").status_code == 400
    assert client.post(f"/dictionary/cues/{huge}/remove").status_code == 404
    assert client.get("/api/search?q=开源&annotator=a%00b").get_json()["field"] == "annotator"
