"""Every page and API an editor can reach, walked as a blind-mode editor who tagged nothing.

Two promises, checked on every editor-reachable GET endpoint rather than route by route:

- **Blind mode.** What the editor is shown is the same before and after a colleague labels,
  annotates spans, writes a note, labels the article and a reviewer settles gold: no label,
  count, status or name of another editor's work shows through until the editor has saved
  their own labels on a passage (a positive control proves the walk sees it once they have).
- **Restriction.** An article restricted to other editors appears nowhere: its pages and
  API answer 404, and its title, text and ids are in no list, search result or queue answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from annotator.auth.permissions import endpoint_access
from annotator.extensions import db
from annotator.models import Article, ArticleEditor, Job, Passage, User
from annotator.services.annotating.article_labels import (
    find_article_label_set,
    save_article_labels,
)
from annotator.services.jobs import create_job
from annotator.services.reviewing import Decision, gold_token, settle
from annotator.services.settings import set_setting
from tests.builders.articles import import_seeds
from tests.builders.labels import tag
from tests.builders.users import PASSWORD, make_users

SECRET_TITLE = "机密稿件：仅限鲍勃"
NOTE = "鲍勃写的私密批注"
QUERIES = [
    "q=开源",
    "q=开源&annotator=bob",
    "q=开源&annotator=alice",
    "q=开源&label=stance:against_open_release",
    "q=开源&label=stance:against_open_release&scope=resolved",
    "q=开源&status=conflict",
    "q=开源&status=single",
    "q=开源&status=unlabeled",
    "q=开源&status=gold",
]
SKIP_DIFF = {"tagging.next_passage", "api_queue.next_passage", "api_assignment.queue_next"}


class Corpus:
    article: Article
    secret: Article
    passages: list[Passage]
    secret_passage: Passage
    users: dict[str, User]
    job: Job


@pytest.fixture
def corpus(app: Flask) -> Corpus:
    import_seeds(db.session)
    c = Corpus()
    c.users = make_users(db.session, alice="editor", bob="editor", carol="editor", rita="reviewer")
    articles = db.session.scalars(select(Article).order_by(Article.id)).all()
    c.article, c.secret = articles[0], articles[1]
    c.secret.title = SECRET_TITLE
    db.session.add(ArticleEditor(article_id=c.secret.id, user_id=c.users["bob"].id))
    c.passages = db.session.scalars(
        select(Passage)
        .where(Passage.article_id == c.article.id, Passage.kind == "body")
        .order_by(Passage.index)
    ).all()[:4]
    c.secret_passage = db.session.scalars(
        select(Passage).where(Passage.article_id == c.secret.id, Passage.kind == "body")
    ).first()
    set_setting(db.session, "blind_mode", True, None)
    set_setting(db.session, "annotators_per_passage", 2, None)
    # Bob's background job: its page and progress are his (and admins') alone.
    c.job = create_job(db.session, "import", f"{SECRET_TITLE}.jsonl", {}, c.users["bob"].id)
    db.session.commit()
    return c


def _colleagues_work(c: Corpus) -> None:
    bob, carol = c.users["bob"], c.users["carol"]
    p = c.passages
    tag(db.session, p[0], bob, "against_open_release", ["data"], [(0, 2, "holder")], note=NOTE)
    tag(db.session, p[1], bob, "against_open_release", note=NOTE)
    tag(db.session, p[2], bob, "against_open_release")
    tag(db.session, p[2], carol, "for_open_release")
    decision = Decision({"stance": "against_open_release"}, [], reason="按全文")
    settle(db.session, p[2].id, c.users["rita"], decision, gold_token(db.session, p[2].id))
    tag(db.session, c.secret_passage, bob, "for_open_release", note=NOTE)
    stance = find_article_label_set(db.session, "article_stance")
    save_article_labels(db.session, c.article, bob.id, stance, ["against_open_release"], None)
    db.session.commit()


def _urls(app: Flask, c: Corpus, *, secret: bool) -> Iterator[tuple[str, str]]:
    """(endpoint, url) for every editor GET endpoint, with ids of the given article."""
    article = c.secret if secret else c.article
    passage = c.secret_passage if secret else c.passages[0]
    values = {"article_id": article.id, "passage_id": passage.id, "job_id": c.job.id}
    for rule in app.url_map.iter_rules():
        if endpoint_access(app, rule.endpoint) != "editor" or "GET" not in rule.methods:
            continue
        if set(rule.arguments) - set(values):
            raise AssertionError(f"the walk does not know how to fill {rule.rule}")
        if secret and not rule.arguments:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(int:)?{name}>", str(values[name]), url)
        if rule.endpoint.endswith("search_page") or rule.endpoint.endswith("api_search"):
            for query in QUERIES:
                yield rule.endpoint, f"{url}?{query}"
        else:
            yield rule.endpoint, url


def _normalised(body: str) -> str:
    """The response without what changes per request (CSRF tokens)."""
    return re.sub(r'(csrf[_-]token"?\s*(content|value)?=?"?)[^"\s>]+', r"\1*", body)


def _text(response: TestResponse) -> str:
    """The body as text, JSON with its Chinese unescaped (so markers can be searched)."""
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False, sort_keys=True)
    return response.get_data(as_text=True)


def _snapshot(client: FlaskClient, app: Flask, c: Corpus) -> dict[str, tuple[int, str]]:
    out = {}
    for endpoint, url in _urls(app, c, secret=False):
        if endpoint in SKIP_DIFF:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        out[url] = (response.status_code, _normalised(_text(response)))
    return out


@pytest.fixture
def alice(app: Flask, corpus: Corpus) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_blind_editor_sees_nothing_of_colleagues_work_anywhere(app, corpus, alice):
    before = _snapshot(alice, app, corpus)
    _colleagues_work(corpus)
    after = _snapshot(alice, app, corpus)
    leaked = [url for url in before if before[url] != after[url]]
    assert leaked == []
    assert any("/api/search" in url for url in before) and any("/articles/" in u for u in before)
    window = f"/articles/{corpus.article.id}/passages"  # the article page's passage windows
    assert window in before
    # Positive control: once alice has tagged passage 0, the walk does see bob's work there.
    tag(db.session, corpus.passages[0], corpus.users["alice"], "for_open_release")
    db.session.commit()
    shown = _snapshot(alice, app, corpus)
    changed = {url for url in before if before[url] != shown[url]}
    others = f"/api/passages/{corpus.passages[0].id}/others"
    assert others in changed and NOTE in shown[others][1]
    assert window in changed and '"others": 1' in shown[window][1]
    search = "/api/search?q=开源&annotator=bob"
    assert search in changed


def test_a_restricted_article_does_not_exist_for_other_editors(app, corpus, alice):
    _colleagues_work(corpus)
    secret_ids = {corpus.secret.id, corpus.secret_passage.id}
    for _endpoint, url in _urls(app, corpus, secret=True):
        response = alice.get(url)
        assert response.status_code == 404, (url, response.status_code)
    for _endpoint, url in _urls(app, corpus, secret=False):
        body = _text(alice.get(url))
        assert SECRET_TITLE not in body, url
        assert corpus.secret.text[:40] not in body, url
        if url.startswith("/api/"):
            assert f'"article_id": {corpus.secret.id},' not in body, url
    # The queue never hands alice a passage of the restricted article.
    seen = set()
    for _ in range(40):
        answer = alice.post("/api/queue/next", json={}).get_json()
        if answer["passage"] is None:
            break
        seen.add(answer["passage"]["article_id"])
        tag(
            db.session,
            db.session.get(Passage, answer["passage"]["id"]),
            corpus.users["alice"],
            "neutral_or_mixed",
        )
        db.session.commit()
    assert corpus.secret.id not in seen and not seen & secret_ids - {corpus.secret.id}
    # Writes too: to alice the passage does not exist.
    put = alice.put(
        f"/api/passages/{corpus.secret_passage.id}/annotations/stance",
        json={"values": ["for_open_release"], "version": None},
    )
    assert put.status_code == 404
    # Bob, who is named, still has it.
    bob = app.test_client()
    bob.post("/login", data={"username": "bob", "password": PASSWORD})
    assert bob.get(f"/articles/{corpus.secret.id}").status_code == 200
    assert SECRET_TITLE in _text(bob.get("/api/articles?limit=500"))
    assert SECRET_TITLE not in _text(alice.get("/api/articles?limit=500"))
