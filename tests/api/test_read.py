"""Read endpoints: articles, one article with passages, and the streamed export."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Passage
from tests.builders.clients import sign_in
from tests.conftest import fresh_g_per_request

pytestmark = pytest.mark.usefixtures("golden")


@pytest.fixture(autouse=True)
def _fresh_g(app):  # type: ignore[no-untyped-def]
    fresh_g_per_request(app)


def test_articles_page_through_with_counts(client):
    sign_in(client, "ann")
    data = client.get("/api/articles?limit=1").get_json()
    assert (data["total"], data["limit"], data["offset"]) == (2, 1, 0)
    (first,) = data["articles"]
    assert first["title"] == "开源模型的讨论" and first["published"] == "2019-02-22"
    assert (first["passage_count"], first["body_passage_count"]) == (5, 4)
    second = client.get("/api/articles?limit=1&offset=1").get_json()["articles"][0]
    assert second["published"] == "2020-05" and second["source"] is None
    assert client.get("/api/articles?offset=5").get_json()["articles"] == []


def test_bad_paging_is_a_json_error_naming_the_parameter(client):
    sign_in(client, "ann")
    for query, field in (
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=x", "limit"),
        ("offset=-1", "offset"),
        ("limit=%EF%BC%95", "limit"),
    ):
        response = client.get(f"/api/articles?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["field"] == field


def test_one_article_with_every_passage(client):
    sign_in(client, "ann")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    data = client.get(f"/api/articles/{article.id}").get_json()
    assert data["uid"] == article.content_hash[:16] and data["text"] == article.text
    assert [p["index"] for p in data["passages"]] == [0, 1, 2, 3, 4]
    assert all(data["text"][p["start"] : p["end"]] == p["text"] for p in data["passages"])
    assert data["passages"][4]["kind"] == "boilerplate"
    for missing in (999999, 2**40):
        response = client.get(f"/api/articles/{missing}")
        assert response.status_code == 404
        if missing < 2**31:  # past 32 bits routing answers 404 itself, with no field
            assert response.get_json()["field"] == "article_id"


def test_anonymous_callers_get_json_401(client):
    response = client.get("/api/articles")
    assert response.status_code == 401
    assert set(response.get_json()) == {"error", "field"}


def test_export_is_for_reviewers_and_streams_the_cli_bytes(client, runner, tmp_path):
    sign_in(client, "ann")
    denied = client.get("/api/export")
    assert denied.status_code == 403 and "error" in denied.get_json()
    client.post("/logout")
    sign_in(client, "rev")
    for fmt, media in (
        ("native", "application/x-ndjson"),
        ("doccano", "application/x-ndjson"),
        ("label-studio", "application/json"),
    ):
        response = client.get(f"/api/export?format={fmt}&status=labeled&include_boilerplate=1")
        assert response.is_streamed and response.mimetype == media
        assert "attachment" in response.headers["Content-Disposition"]
        out = tmp_path / f"{fmt}.out"
        result = runner.invoke(
            args=[
                "export",
                "-o",
                str(out),
                "--format",
                fmt,
                "--status",
                "labeled",
                "--include-boilerplate",
            ]
        )
        assert result.exit_code == 0, result.output
        assert response.get_data() == Path(out).read_bytes()
    spans = client.get("/api/export?format=doccano-spans&offset_unit=codepoint")
    result = runner.invoke(
        args=[
            "export",
            "-o",
            str(tmp_path / "s"),
            "--format",
            "doccano-spans",
            "--offset-unit",
            "codepoint",
        ]
    )
    assert result.exit_code == 0 and spans.get_data() == (tmp_path / "s").read_bytes()
    lines = client.get("/api/export").get_data(as_text=True).splitlines()
    body = db.session.scalar(
        select(func.count()).select_from(Passage).where(Passage.kind == "body")
    )
    assert len(lines) == body


def test_export_options_are_checked(client):
    sign_in(client, "rev")
    for query, field in (
        ("format=csv", "format"),
        ("status=some", "status"),
        ("include_boilerplate=maybe", "include_boilerplate"),
        ("format=parquet", "format"),  # a binary file: the CLI writes it, the API does not
        ("format=doccano-spans&offset_unit=bytes", "offset_unit"),
    ):
        response = client.get(f"/api/export?{query}")
        assert response.status_code == 400 and response.get_json()["field"] == field
