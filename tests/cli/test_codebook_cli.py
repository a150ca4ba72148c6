"""`annotator codebook ...` and `annotator export-articles`."""

from __future__ import annotations

import json
import os

from sqlalchemy import delete

from annotator.extensions import db
from annotator.models import HolderAlias
from annotator.services.annotating.article_labels import find_article_label_set, save_article_labels
from annotator.services.codebook import edit_label
from annotator.services.rollup import ARTICLES_SCHEMA_VERSION
from annotator.services.schema import default_schema
from tests.builders.articles import import_article
from tests.builders.labels import tag, text_span
from tests.builders.users import make_user
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "cli" / "golden" / "articles.jsonl"
TEXT = "开源之争\n\nLeCun 认为担心模型太强大而不开源太矫情。\n\nOpenAI 则担心模型被滥用。\n"


def _data():
    # The golden file names holders as written: no aliases (migration 0004 preloads some).
    db.session.execute(delete(HolderAlias))
    article = import_article(db.session, TEXT, name="golden.txt")
    import_article(db.session, "空白文章\n\n还没有人标注。\n", name="blank.txt")
    a, b = make_user(db.session, "alice"), make_user(db.session, "bob")
    lecun, openai = article.passages[1], article.passages[2]
    for who in (a, b):
        tag(db.session, lecun, who, stance="for_open_release")
        tag(db.session, lecun, who, spans=[text_span(lecun, "LeCun", "holder")])
    tag(db.session, openai, a, stance="against_open_release")
    tag(db.session, openai, a, bias=["deployment_or_society"])
    tag(db.session, openai, a, spans=[text_span(openai, "OpenAI", "holder")])
    save_article_labels(
        db.session,
        article,
        a.id,
        find_article_label_set(db.session, "article_stance"),
        ["neutral_or_mixed"],
        None,
    )
    db.session.commit()
    return article


def test_export_articles_writes_one_pinned_line_per_article(runner, tmp_path):
    _data()
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(args=["export-articles", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):  # after a deliberate format change; review the diff
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["schema_version"] for line in lines] == [ARTICLES_SCHEMA_VERSION] * 2
    assert "\\u" not in text and "LeCun" in text  # UTF-8, unescaped
    assert not (tmp_path / "articles.jsonl.part").exists()


def test_export_articles_to_standard_output(runner):
    _data()
    result = runner.invoke(args=["export-articles"])
    assert result.exit_code == 0
    first = json.loads(result.stdout.splitlines()[0])
    assert first["holders"][0] == {
        "name": "LeCun",
        "passages": 1,
        "stances": {"for_open_release": 1},
        "stance_sources": {"holder": {}, "passage": {"for_open_release": 1}},
    }


def test_codebook_outdated_lists_passages_after_a_definition_changes(runner):
    article = _data()
    result = runner.invoke(args=["codebook", "outdated", "--json"])
    assert json.loads(result.output)["items"] == []
    stance = next(s for s in default_schema() if s.name == "stance")
    label = stance.labels[0]
    edit_label(
        db.session,
        "stance",
        label.name,
        definition="更严格的定义",
        examples=label.examples,
        note="tighter",
        actor_id=None,
        seen_version=1,
    )
    db.session.commit()
    result = runner.invoke(args=["codebook", "outdated", "--json"])
    data = json.loads(result.output)
    assert data["current_version"] == 2 and data["passages"] == 2 and data["articles"] == 0
    assert [i["passage_id"] for i in data["items"]] == [p.id for p in article.passages[1:3]]
    assert data["items"][0]["annotations"][0]["changes"] == [
        {"label_set": "stance", "label": "for_open_release", "change": "definition"}
    ]
    text = runner.invoke(args=["codebook", "outdated"]).output
    assert "stance/for_open_release: definition" in text and "2 passage(s)" in text
    versions = runner.invoke(args=["codebook", "versions"]).output
    assert versions.index("v2") < versions.index("v1") and "tighter" in versions


def test_codebook_markdown_renders_every_label(runner, tmp_path):
    result = runner.invoke(args=["codebook", "markdown"])
    assert result.exit_code == 0
    for s in default_schema():
        for label in s.labels:
            assert f"`{label.name}`" in result.output
    assert "Codebook version 1" in result.output and "担心AI过于强大而不开源太矫情" in result.output
    assert runner.invoke(args=["codebook", "markdown", "--version", "9"]).exit_code != 0


def test_the_rendered_default_codebook_in_docs_is_up_to_date(runner, tmp_path):
    out = tmp_path / "codebook-default.md"
    result = runner.invoke(args=["codebook", "markdown", "--default", "-o", str(out)])
    assert result.exit_code == 0
    docs = ROOT / "docs" / "codebook-default.md"
    assert docs.read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "regenerate: annotator codebook markdown --default -o docs/codebook-default.md"
    )
