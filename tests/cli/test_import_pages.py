"""`annotator import` of saved web pages and Word files, on both databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article
from tests.cli.test_import import run_import
from tests.fixtures.pages import ALL, NEWS, PAGES, Expected
from tests.fixtures.word import ACCEPTED_BLOCKS, AUTHOR, build_docx


@pytest.mark.parametrize("expected", ALL, ids=lambda e: e.file)
def test_a_page_imports_with_its_metadata_and_its_furniture_folded(
    runner, expected: Expected
) -> None:  # type: ignore[no-untyped-def]
    result, report = run_import(runner, PAGES / expected.file)
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article))
    assert (article.title, article.published, article.source) == (
        expected.title,
        expected.published,
        expected.source,
    )
    assert (article.url, article.meta.get("author")) == (expected.url, expected.author)
    kinds: dict[str, set[str]] = {}
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
        kinds.setdefault(passage.text, set()).add(passage.kind)
    assert all(kinds[text] == {"body"} for text in expected.body)
    assert all(kinds[text] == {"boilerplate"} for text in expected.furniture)
    assert not any(secret in article.text for secret in expected.never)
    again, report = run_import(runner, PAGES / expected.file)
    assert report["files"][0]["status"] == "unchanged"


def test_the_gbk_page_records_its_encoding(runner) -> None:  # type: ignore[no-untyped-def]
    run_import(runner, PAGES / "news-article-gbk.html")
    assert db.session.scalar(select(Article.encoding)) == "gb18030"


def test_a_saved_page_folder_imports_the_page_alone(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copyfile(PAGES / NEWS.file, tmp_path / "报道.html")
    assets = tmp_path / "报道_files"
    assets.mkdir()
    (assets / "frame.html").write_text(
        "<p>广告框架里的一段很长很长的推广文字。</p>", encoding="utf-8"
    )
    (assets / "app.js").write_text("console.log('x')", encoding="utf-8")
    (assets / "notes.txt").write_text("资源文件夹里的文字不是文章。", encoding="utf-8")
    (tmp_path / "other_files").mkdir()  # no other.html beside it: an ordinary folder
    (tmp_path / "other_files" / "稿件.txt").write_text("另一篇文章的正文。", encoding="utf-8")
    result, report = run_import(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["报道.html", "稿件.txt"]


def test_a_word_file_imports_in_reading_order_with_its_title(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "稿件.docx"
    path.write_bytes(build_docx(title_property=""))
    result, report = run_import(runner, path)
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article))
    assert article.title == ACCEPTED_BLOCKS[0]
    assert article.meta == {"author": AUTHOR}
    assert [p.text for p in article.passages] == list(ACCEPTED_BLOCKS)
    assert all(article.text[p.start : p.end] == p.text for p in article.passages)


def test_a_doc_in_a_folder_is_reported_not_skipped(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (tmp_path / "新稿.docx").write_bytes(build_docx())
    result, report = run_import(runner, tmp_path)
    assert result.exit_code == 1
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["新稿.docx"]["status"] == "imported"
    assert by_name["旧稿.doc"]["status"] == "rejected"
    assert "save as .docx" in by_name["旧稿.doc"]["reason"]
