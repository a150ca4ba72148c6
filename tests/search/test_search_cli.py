"""The command line: search, dictionary, re-index, aliases, training, exports, links."""

from __future__ import annotations

import json

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, PassageLink
from annotator.services.tokenizer import get_tokenizer
from tests.builders.articles import import_text
from tests.builders.labels import ensure_alias


def test_search_prints_text_and_json(seeded, runner):
    result = runner.invoke(args=["search", "GPT-2", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "passage(s) match 'GPT-2'" in result.output and result.output.count("GPT-2") >= 4
    assert " §" in result.output and " §0 " not in result.output  # numbered from §1, as on pages
    data = json.loads(runner.invoke(args=["search", "偏见", "--json", "--limit", "100"]).output)
    assert data["total"] == len(data["hits"]) and all("偏见" in h["text"] for h in data["hits"])
    assert "\\u" not in runner.invoke(args=["search", "偏见", "--json"]).output
    bad = runner.invoke(args=["search", '"*'])
    assert bad.exit_code == 1 and "Type a word" in bad.output
    filtered = runner.invoke(args=["search", "开源", "--status", "nope"])
    assert filtered.exit_code == 1 and "Unknown status" in filtered.output


def test_dictionary_commands_reindex_as_they_go(seeded, runner):
    before = get_tokenizer(db.session).version
    result = runner.invoke(args=["dict", "add", "大感震惊", "--freq", "5000", "--tag", "v"])
    assert result.exit_code == 0, result.output
    assert "re-indexed 5 article(s)" in result.output
    assert "大感震惊\t5000\tv\tadded" in runner.invoke(args=["dict", "list"]).output
    listing = json.loads(runner.invoke(args=["dict", "list", "--json"]).output)
    assert {"word": "LeCun", "freq": 1000, "tag": "nr", "shipped": True} in listing
    assert runner.invoke(args=["dict", "add", "大感震惊"]).exit_code == 1
    later = runner.invoke(args=["dict", "remove", "大感震惊", "--no-reindex"])
    assert "5 article(s) need re-indexing" in later.output
    assert "re-indexed 5 article(s)" in runner.invoke(args=["reindex"]).output
    assert "re-indexed 0 article(s)" in runner.invoke(args=["reindex"]).output
    assert (
        "re-indexed 5 article(s); 0 passage(s) changed"
        in runner.invoke(args=["reindex", "--all"]).output
    )
    versions = set(db.session.scalars(select(Article.segmenter_version)))
    assert versions == {next(iter(versions))} and before in next(iter(versions))


def test_alias_commands(app, runner):
    assert runner.invoke(args=["alias", "add", "小扎", "Mark Zuckerberg"]).exit_code == 0
    assert "小扎\tMark Zuckerberg" in runner.invoke(args=["alias", "list"]).output
    assert runner.invoke(args=["alias", "add", "小扎", "X"]).exit_code == 1
    assert runner.invoke(args=["alias", "remove", "小扎"]).exit_code == 0
    assert runner.invoke(args=["alias", "remove", "小扎"]).exit_code == 1


def test_train_export_and_link_commands(app, runner, tmp_path):
    ensure_alias(db.session, "LeCun", "Yann LeCun")
    wire = "OpenAI宣布他们开发了一个通用文本生成模型GPT-2,但担心模型太过强大而决定不公开完整模型。"
    import_text(db.session, "a.txt", f"甲\n\nLeCun说:担心模型太强大而不开源。\n\n{wire}")
    import_text(db.session, "b.txt", f"乙\n\n{wire}")
    db.session.commit()
    train = runner.invoke(args=["suggest", "train"])
    assert train.exit_code == 0 and "stance: not enough labels (0 labeled)" in train.output
    out = tmp_path / "predictions.jsonl"
    result = runner.invoke(args=["export-predictions", "--out", str(out)])
    assert result.exit_code == 0 and "wrote" in result.output
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert any(h["canonical"] == "Yann LeCun" for r in records for h in r["holders"])
    assert runner.invoke(args=["export-predictions"]).output.count("\n") == len(records)
    links = set(db.session.execute(select(PassageLink.passage_id, PassageLink.other_id)).all())
    assert len(links) == 2
    assert "2 link(s)" in runner.invoke(args=["link-duplicates"]).output
    db.session.expire_all()
    assert set(db.session.execute(select(PassageLink.passage_id, PassageLink.other_id))) == links
