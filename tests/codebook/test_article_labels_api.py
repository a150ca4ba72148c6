"""PUT/GET /api/articles/<id>/annotations: the article-level version/409 pattern over JSON."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import ArticleAnnotation, Event
from tests.builders.articles import import_article
from tests.builders.users import PASSWORD, make_user
from tests.statements import after_commit

URL = "/api/articles/{}/annotations/article_stance"


@pytest.fixture
def article(client):
    article = import_article(db.session)
    make_user(db.session, "editor")
    db.session.commit()
    client.post("/login", data={"username": "editor", "password": PASSWORD})
    return article


def test_put_then_get_round_trip(client, article):
    first = client.put(
        URL.format(article.id), json={"values": ["for_open_release"], "version": None}
    )
    assert first.status_code == 200
    assert first.json == {
        "label_set": "article_stance",
        "values": ["for_open_release"],
        "version": 1,
    }
    second = client.put(URL.format(article.id), json={"values": ["neutral_or_mixed"], "version": 1})
    assert second.json["version"] == 2
    data = client.get(f"/api/articles/{article.id}/annotations").json
    assert data["mine"] == {"article_stance": {"values": ["neutral_or_mixed"], "version": 2}}
    assert data["rollup"]["article_labels"]["article_stance"]["value"] == "neutral_or_mixed"
    assert data["rollup"]["id"] == article.uid
    assert (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.entity == "article_annotation")
        )
        == 2
    )


def test_a_stale_version_is_409_with_the_current_state(client, article):
    client.put(URL.format(article.id), json={"values": ["for_open_release"], "version": None})
    stale = client.put(URL.format(article.id), json={"values": [], "version": None})
    assert stale.status_code == 409
    assert stale.json["field"] == "version"
    assert stale.json["current"] == {"values": ["for_open_release"], "version": 1}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"values": ["for_open_release", "neutral_or_mixed"], "version": None}, "values"),
        ({"values": ["nope"], "version": None}, "values"),
        ({"values": "for_open_release", "version": None}, "values"),
        ({"values": []}, "version"),
        ({"version": None}, "values"),
        ({"values": [], "version": True}, "version"),
        ({"values": [], "version": 0}, "version"),
        ({"values": [], "version": None, "extra": 1}, "extra"),
        ([1, 2], None),
    ],
)
def test_bad_bodies_are_400_naming_the_field(client, article, body, field):
    response = client.put(URL.format(article.id), json=body)
    assert response.status_code == 400 and response.json["field"] == field
    assert response.json["error"]
    assert db.session.scalar(select(func.count()).select_from(ArticleAnnotation)) == 0


def test_not_json_is_400(client, article):
    response = client.put(
        URL.format(article.id), data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/999/annotations/article_stance",
        "/api/articles/{}/annotations/stance",
        "/api/articles/{}/annotations/nope",
    ],
)
def test_unknown_articles_and_sets_are_404(client, article, path):
    response = client.put(path.format(article.id), json={"values": [], "version": None})
    assert response.status_code == 404 and "error" in response.json


def test_signed_out_is_401(app):
    article = import_article(db.session)
    db.session.commit()
    response = app.test_client().put(URL.format(article.id), json={"values": [], "version": None})
    assert response.status_code == 401


def test_the_answer_needs_no_second_transaction(client, article):
    """On SQLite a write request's every transaction queues for the write lock: reading the
    expired label set after the commit made each save wait its turn twice, and widened the
    window in which a crash leaves a stored save unanswered."""
    with after_commit(db.engine) as late:
        response = client.put(URL.format(article.id), json={"values": [], "version": None})
    assert response.status_code == 200 and response.json["label_set"] == "article_stance"
    assert late == []
