"""Word files: text in reading order, all changes accepted, comments and page margins left out."""

from __future__ import annotations

import io
import zipfile

import pytest

from annotator.text.decode import DecodeError
from annotator.text.word import DOC_REJECTED, read_word
from tests.fixtures.word import (
    ACCEPTED_BLOCKS,
    AUTHOR,
    COMMENT,
    DELETED,
    FOOTER,
    HEADER,
    HIDDEN,
    INSERTED,
    build_docx,
)


def test_paragraphs_headings_and_table_cells_come_in_reading_order() -> None:
    document = read_word(build_docx())
    assert document.text.split("\n\n") == list(ACCEPTED_BLOCKS)


def test_tracked_changes_are_accepted_as_shown() -> None:
    data = build_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml  # the fixture really holds both
    text = read_word(data).text
    assert INSERTED in text and DELETED not in text


def test_comments_headers_footers_and_hidden_text_are_not_article_text() -> None:
    data = build_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert COMMENT in package.read("word/comments.xml").decode()
    assert any(n.startswith("word/header") for n in names)
    text = read_word(data).text
    for absent in (COMMENT, HEADER, FOOTER, HIDDEN):
        assert absent not in text


def test_title_is_the_title_property_else_the_first_heading() -> None:
    assert read_word(build_docx(title_property="定稿标题")).title == "定稿标题"
    assert read_word(build_docx(title_property="")).title == ACCEPTED_BLOCKS[0]
    assert read_word(build_docx(title_property=None)).title == "各方观点"
    assert read_word(build_docx()).author == AUTHOR


def test_legacy_doc_and_broken_files_are_refused_with_a_reason() -> None:
    with pytest.raises(DecodeError) as caught:
        read_word(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert caught.value.reason == DOC_REJECTED
    assert "save as .docx" in DOC_REJECTED
    with pytest.raises(DecodeError, match="not a readable .docx"):
        read_word(b"PK\x03\x04 not really a zip")
