"""`annotator import`: formats, encodings, bad input, idempotence, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Passage
from tests.conftest import SEEDS

ARTICLE = "开源之争\n\n2019 年 2 月 22 日 新智元\n\nLeCun 认为担心模型太强大而不开源太矫情。\n"


def run_import(runner, *args):
    result = runner.invoke(args=["import", "--json", *map(str, args)])
    return result, json.loads(result.output) if result.output.startswith("{") else None


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seeds_import_and_reimport_changes_nothing(runner):
    result, report = run_import(runner, SEEDS)
    assert result.exit_code == 0, result.output
    assert [f["status"] for f in report["files"]] == ["imported"] * 5
    assert sorted(Path(f["path"]).name for f in report["files"]) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )
    passages = count(Passage)
    assert passages == sum(f["passages"] for f in report["files"])
    again, report2 = run_import(runner, SEEDS)
    assert again.exit_code == 0
    assert [f["status"] for f in report2["files"]] == ["unchanged"] * 5
    assert (count(Article), count(Passage)) == (5, passages)


def test_every_passage_equals_its_slice_of_the_article(runner):
    run_import(runner, SEEDS)
    for article in db.session.scalars(select(Article)):
        for p in article.passages:
            assert article.text[p.start : p.end] == p.text
            assert 0 <= p.start < p.end


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("gb18030", b"")],
)
def test_encodings_and_crlf_give_the_same_article(runner, tmp_path, encoding, bom):
    path = tmp_path / "a.txt"
    path.write_bytes(bom + ARTICLE.replace("\n", "\r\n").encode(encoding))
    result, report = run_import(runner, path)
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article))
    assert article.text == ARTICLE
    assert "\r" not in article.text


BAD_FILES = {
    "empty.txt": (b"   \n\n", "empty file"),
    "nul.txt": (b"abc\x00def" * 10, "binary"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary"),
    "broken.jsonl": ('{"text": "好"}\n{"text": \n'.encode(), "line 2"),
    "notext.jsonl": ('{"title": "无正文"}\n'.encode(), "line 1: missing 'text'"),
    "notext.csv": ("title,body\n标题,正文\n".encode(), "'text' column"),
    "weird.pdf": (b"%PDF-1.4", "unsupported file type"),
    "weird.docx": (b"PK\x03\x04", "not a readable .docx file"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "save as .docx"),
    "scripts-only.html": (b"<html><body><script>app()</script></body></html>", "no readable text"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_rejected_with_a_reason_and_others_still_import(runner, tmp_path, name):
    data, reason = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result, report = run_import(runner, tmp_path / name, good)
    assert result.exit_code == 1
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name[name]["status"] == "rejected"
    assert reason in by_name[name]["reason"]
    assert by_name["good.txt"]["status"] == "imported"
    assert count(Article) == 1


def test_a_file_over_the_size_limit_is_rejected(app, runner, tmp_path):
    app.config["MAX_IMPORT_BYTES"] = 100
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    result, report = run_import(runner, path)
    assert result.exit_code == 1
    assert "file too large" in report["files"][0]["reason"]


def test_jsonl_is_atomic_unless_skip_invalid(runner, tmp_path):
    lines = [
        json.dumps(
            {"text": "第一篇文章，讨论开源。", "title": "一", "published": "2019-02-22"},
            ensure_ascii=False,
        ),
        "{broken",
        json.dumps({"text": "第三篇文章，讨论偏见。", "source": "机器之心"}, ensure_ascii=False),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, report = run_import(runner, path)
    assert result.exit_code == 1
    assert report["files"][0]["status"] == "rejected"
    assert report["files"][0]["reason"].startswith("line 2: broken JSON")
    assert count(Article) == 0
    result, report = run_import(runner, "--skip-invalid", path)
    assert report["files"][0]["status"] == "imported"
    assert report["files"][0]["errors"] == [
        {"line": 2, "reason": report["files"][0]["errors"][0]["reason"]}
    ]
    assert result.exit_code == 1  # something was skipped: scripts must notice
    articles = db.session.scalars(select(Article).order_by(Article.id)).all()
    assert [a.title for a in articles] == ["一", "第三篇文章，讨论偏见。"]
    assert articles[0].published.isoformat() == "2019-02-22"
    assert articles[1].source == "机器之心"


def test_csv_reports_the_line_of_a_bad_row(runner, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('text,title\n"多行\n正文",标题\n,空\n', encoding="utf-8")
    result, report = run_import(runner, path)
    assert result.exit_code == 1
    assert report["files"][0]["reason"].startswith("line 4: missing 'text'") or report["files"][0][
        "reason"
    ].startswith("line 4: 'text' is unusable")


def test_lone_surrogate_in_jsonl_is_rejected_by_line(runner, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "好\\ud800"}\n', encoding="utf-8")
    result, report = run_import(runner, path)
    assert "line 1" in report["files"][0]["reason"]
    assert "surrogate" in report["files"][0]["reason"]


def test_source_option_fills_in_when_the_text_states_none(runner, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("标题\n\n正文没有说明来源。\n", encoding="utf-8")
    run_import(runner, "--source", "编辑部", path)
    assert db.session.scalar(select(Article.source)) == "编辑部"


def test_human_report_and_missing_path(runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "rejected" in result.output and "no such file" in result.output
