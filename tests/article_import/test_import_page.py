"""The admin's import page: per-file transactions and reports, types, names and size limits."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Passage
from tests.builders.world import World, sign_in_with_csrf
from tests.conftest import SEEDS
from tests.fixtures.pages import NEWS_GBK, PAGES
from tests.fixtures.word import ACCEPTED_BLOCKS, build_docx


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _upload(client, files: list[tuple[bytes, str]], **fields: str):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"files": [(io.BytesIO(b), name) for b, name in files], **fields}
    return client.post("/import?lang=en", data=data, content_type="multipart/form-data")


def test_only_admins_see_the_page(app: Flask, world: World) -> None:
    anonymous = app.test_client()
    assert anonymous.get("/import").status_code == 302
    editor = app.test_client()
    sign_in_with_csrf(editor, "editor")
    assert editor.get("/import").status_code == 403
    admin = app.test_client()
    sign_in_with_csrf(admin, "admin")
    page = admin.get("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert "导入文章" in page.text


def test_each_file_is_its_own_transaction_with_its_own_report(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    before = _count(Article)
    seed = sorted(SEEDS.glob("*.txt"))[1]
    good_jsonl = "\n".join(
        json.dumps(
            {"title": f"第{i}篇", "text": f"第{i}篇的正文。开源模型的讨论。"}, ensure_ascii=False
        )
        for i in range(3)
    ).encode()
    bad_jsonl = (
        json.dumps({"title": "好的", "text": "这一行没问题。"}, ensure_ascii=False)
        + "\n{not json\n"
    ).encode()
    response = _upload(
        client,
        [(seed.read_bytes(), seed.name), (good_jsonl, "batch.jsonl"), (bad_jsonl, "broken.jsonl")],
    )
    assert response.status_code == 200
    text = response.text
    assert text.count('<tr class="status-') == 3
    assert "status-imported" in text and "status-rejected" in text
    assert "line 2" in text
    # The broken file wrote nothing, not even its good first line.
    assert _count(Article) == before + 1 + 3
    assert db.session.scalar(select(func.count()).where(Article.title == "好的")) == 0
    again = _upload(client, [(seed.read_bytes(), seed.name)])
    assert "already imported" in again.text
    assert _count(Article) == before + 4
    skipped = _upload(client, [(bad_jsonl, "broken.jsonl")], skip_invalid="y")
    assert "status-imported" in skipped.text
    assert _count(Article) == before + 5


def test_only_the_expected_types_are_accepted(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    before = _count(Article)
    text = "开源模型的讨论。".encode()
    names = ["page.mhtml", "run.exe", "noext", "archive.txt.gz", "x.JSON", "evil.txt\u202egpj"]
    response = _upload(client, [(text, name) for name in names])
    assert response.status_code == 200
    assert response.text.count("status-rejected") == len(names)
    accepted = "only .txt, .md, .jsonl, .csv, .html, .htm, .docx files are accepted"
    assert response.text.count(accepted) == len(names)
    assert _count(Article) == before
    upper = _upload(client, [(text, "NOTES.TXT")])
    assert "status-imported" in upper.text


def test_web_pages_and_word_files_upload_and_a_doc_is_told_to_become_docx(
    app: Flask, world: World
) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    form = client.get("/import")
    assert 'accept=".txt,.md,.jsonl,.csv,.html,.htm,.docx"' in form.text
    page = (PAGES / NEWS_GBK.file).read_bytes()
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    files = [(page, "新闻.htm"), (build_docx(), "稿件.docx"), (legacy, "旧稿.doc")]
    response = _upload(client, files)
    assert response.text.count("status-imported") == 2
    assert "save as .docx" in response.text
    titles = set(db.session.scalars(select(Article.title)))
    assert {NEWS_GBK.title, ACCEPTED_BLOCKS[0]} <= titles


def test_file_names_are_never_used_as_paths(
    app: Flask, world: World, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    hostile = [
        "../../../../tmp/owned-by-upload.txt",
        "..\\..\\windows\\owned.md",
        "/etc/owned-absolute.txt",
        "C:\\Users\\x\\owned-drive.txt",
        "con\x00trol\x1b[31m.txt",
    ]
    for i, name in enumerate(hostile):
        body = f"第{i}篇：开源模型的讨论，路径测试。".encode()
        response = _upload(client, [(body, name)])
        assert "status-imported" in response.text, name
    filenames = {f for f in db.session.scalars(select(Article.filename)) if f}
    # Recorded by their last part only (multipart parsing already eats backslashes).
    assert {"owned-by-upload.txt", "owned-absolute.txt", "control[31m.txt"} <= filenames
    assert not any("/" in f or "\\" in f or "\x00" in f or "\x1b" in f for f in filenames)
    for root in (tmp_path, Path(app.instance_path), Path("/tmp")):
        found = [p for p in os.listdir(root) if p.startswith("owned")]
        assert found == [], root


def test_an_upload_over_the_limit_is_a_413_page_and_writes_nothing(
    app: Flask, world: World
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    before = (_count(Article), _count(Passage))
    big = ("开源模型的讨论。" * 2000).encode()
    response = client.post(
        "/import",
        data={"files": [(io.BytesIO(big), "big.txt")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "上传内容过大：上限为 20 KB" in response.text
    assert response.headers["Content-Security-Policy"]
    english = client.post(
        "/import?lang=en",
        data={"files": [(io.BytesIO(big), "big.txt")]},
        content_type="multipart/form-data",
    )
    assert "The upload is too large: the limit is 20 KB." in english.text
    assert (_count(Article), _count(Passage)) == before


def test_a_file_over_the_per_file_limit_is_rejected_alone(app: Flask, world: World) -> None:
    app.config["MAX_IMPORT_BYTES"] = 2_000
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    big = ("开源模型的讨论。" * 200).encode()
    small = "第二个文件：开源。".encode()
    response = _upload(client, [(big, "big.txt"), (small, "small.txt")])
    assert "file too large" in response.text
    assert response.text.count("status-imported") == 1


def test_the_per_file_refusal_names_the_limit_without_contradicting_itself(
    app: Flask, world: World
) -> None:
    # An upload is read only one byte past the limit, so its size is unknown: the report once
    # said "file too large: 0.3 MB, the limit is 0.3 MB" (and 52.4 MB for a 50 MB limit).
    app.config["MAX_IMPORT_BYTES"] = 256 * 1024
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    response = _upload(client, [(b"x" * (300 * 1024), "big.txt")])
    assert "file too large: over the limit of 256 KB" in response.text
    app.config["MAX_IMPORT_BYTES"] = 50 * 2**20
    from annotator.services.importing.sources import too_large

    assert too_large(60 * 2**20, 50 * 2**20) == "file too large: 60 MB, the limit is 50 MB"


def test_no_files_is_a_form_error(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    response = client.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400


def test_display_names_keep_only_the_last_part() -> None:
    from annotator.article_import.views import display_name

    assert display_name("..\\..\\windows\\owned.md") == "owned.md"
    assert display_name("C:\\Users\\x\\report.txt") == "report.txt"
    assert display_name("../../etc/passwd.txt") == "passwd.txt"
    assert display_name("a\u202egpj.txt") == "agpj.txt"  # no bidi override tricks
    assert display_name("") == "(unnamed)"
    assert len(display_name("长" * 500 + ".txt")) == 120
