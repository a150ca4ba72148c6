"""Import input that used to crash or reach the page: deep `meta`, non-web `url`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article
from annotator.services.importing.readers import read_article_file
from tests.builders.world import World, sign_in_with_csrf

GOOD = {
    "text": "开源之争。LeCun 认为担心模型太强大而不开源太矫情。",
    "url": "https://example.org/a",
}
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "好文章。", "meta": ' + DEEP + "}",
        '{"text": "好文章。", "meta": {"a": ' + "[" * 40 + "]" * 40 + "}}",
        json.dumps({"text": "好文章。", "meta": '{"a": ' + DEEP + "}"}),
    ],
)
def test_deeply_nested_meta_is_a_line_error(line: str) -> None:
    data = (json.dumps(GOOD, ensure_ascii=False) + "\n" + line + "\n").encode()
    result = read_article_file("a.jsonl", data)
    assert len(result.articles) == 1
    (error,) = result.errors
    assert error.line == 2 and "nested more than 32 levels" in error.reason


def test_the_cli_imports_the_other_files_of_the_folder(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_deep.jsonl").write_text('{"text": "好文章。", "meta": ' + DEEP + "}\n")
    (folder / "b_good.jsonl").write_text(json.dumps(GOOD, ensure_ascii=False) + "\n")
    result = app.test_cli_runner().invoke(args=["import", "--json", str(folder)])
    report = json.loads(result.output)
    by_name = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert by_name == {"a_deep.jsonl": "rejected", "b_good.jsonl": "imported"}


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "JaVaScRiPt:x", "//evil", "ftp://x"]
)
def test_only_web_addresses_are_accepted_as_an_articles_url(url: str) -> None:
    data = json.dumps({**GOOD, "url": url}).encode()
    result = read_article_file("a.jsonl", data)
    assert result.articles == []
    assert "'url' must be an http:// or https:// address" in result.errors[0].reason


def test_a_stored_non_web_url_is_not_linked(app: Flask, world: World) -> None:
    article = db.session.scalars(select(Article).where(Article.id == world.article_id)).one()
    article.url = "javascript:alert(document.cookie)"
    db.session.commit()
    client = app.test_client()
    sign_in_with_csrf(client, "editor")
    page = client.get(f"/articles/{world.article_id}").text
    assert "javascript:" not in page
    article.url = "https://example.org/original"
    db.session.commit()
    assert 'href="https://example.org/original"' in client.get(f"/articles/{world.article_id}").text
