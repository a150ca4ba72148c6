"""`annotator articles` and `annotator show`: stable output for people and scripts."""

from __future__ import annotations

import json

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article
from tests.conftest import SEEDS


def test_articles_and_show_json(runner):
    assert runner.invoke(args=["import", str(SEEDS)]).exit_code == 0
    listed = json.loads(runner.invoke(args=["articles", "--json"]).output)
    assert len(listed) == 5
    first = listed[0]
    assert set(first) == {"id", "title", "source", "published", "passages", "body_passages"}
    assert first["title"] == "LeCun:30年前知道DeepFake,我还该不该开源CNN?"
    assert first["published"] == "2019-02-22" and first["source"] == "新智元"
    assert first["body_passages"] < first["passages"]  # the related-article tail is chrome

    shown = json.loads(runner.invoke(args=["show", str(first["id"]), "--json"]).output)
    article = db.session.scalar(select(Article).where(Article.id == first["id"]))
    assert len(shown["passages"]) == first["passages"]
    for p in shown["passages"]:
        assert set(p) == {"id", "index", "start", "end", "kind", "text"}
        assert article.text[p["start"] : p["end"]] == p["text"]
    assert [p["index"] for p in shown["passages"]] == list(range(len(shown["passages"])))


def test_show_human_output_and_unknown_id(runner):
    runner.invoke(args=["import", str(SEEDS)])
    out = runner.invoke(args=["show", "1"]).output
    assert out.startswith("#1 LeCun:30年前知道DeepFake")
    missing = runner.invoke(args=["show", "999"])
    assert missing.exit_code == 1 and "no article with id 999" in missing.output
