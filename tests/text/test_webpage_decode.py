"""Decoding saved pages by a browser's rules: BOM, then the declared charset, then detection."""

from __future__ import annotations

import pytest

from annotator.text.decode import DecodeError
from annotator.text.webpage.decode import codec_for_label, declared_codec, decode_page

BODY = "<p>开源模型的争论:研究者认为公开权重有助于复现。</p>"
TRADITIONAL = "<p>開源模型的爭論:研究者認為公開權重有助於復現。</p>"


def page(head: str, body: str = BODY) -> str:
    return f"<html><head>{head}<title>T</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="gbk">',
        "<meta charset=gb2312>",
        "<META CHARSET='GB18030'>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
        '<meta content="text/html;charset=GB2312" http-equiv="content-type">',
    ],
)
def test_declared_gbk_family_decodes_as_gb18030(head: str) -> None:
    decoded = decode_page(page(head).encode("gb18030"))
    assert decoded.encoding == "gb18030"
    assert "公开权重有助于复现" in decoded.text


def test_a_gb2312_label_still_reads_gbk_only_characters() -> None:
    # 镕 is GBK, not GB2312; browsers decode every gb2312 page with the GB18030 decoder.
    decoded = decode_page(page("<meta charset=gb2312>", "<p>朱镕基</p>").encode("gbk"))
    assert "朱镕基" in decoded.text


def test_declared_big5_decodes_traditional_chinese() -> None:
    decoded = decode_page(page('<meta charset="big5">', TRADITIONAL).encode("big5"))
    assert decoded.encoding == "big5hkscs"
    assert "公開權重有助於復現" in decoded.text


def test_the_bom_beats_the_declaration() -> None:
    data = b"\xef\xbb\xbf" + page('<meta charset="gbk">').encode("utf-8")
    decoded = decode_page(data)
    assert decoded.encoding == "utf-8-sig" and "公开权重" in decoded.text


def test_without_a_declaration_the_bytes_are_detected() -> None:
    assert "公开权重" in decode_page(page("").encode("gb18030")).text
    assert "公開權重" in decode_page(page("", TRADITIONAL).encode("big5")).text
    assert decode_page(page("").encode("utf-8")).encoding == "utf-8"


def test_a_wrong_declaration_falls_back_to_detection() -> None:
    # A browser would show mojibake; an import would store it for good.
    decoded = decode_page(page('<meta charset="utf-8">').encode("gbk"))
    assert decoded.encoding == "gb18030" and "公开权重有助于复现" in decoded.text


def test_declarations_in_comments_or_the_body_do_not_count() -> None:
    assert declared_codec(b"<head><!-- <meta charset=big5> --></head>") is None
    assert declared_codec(b"<head></head><body><meta charset=big5></body>") is None


@pytest.mark.parametrize(
    "label, codec",
    [
        ("UTF-8", "utf-8"),
        ("utf-16le", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("x-gbk", "gb18030"),
        ("shift_jis", "shift_jis"),
        ("no-such-charset", None),
    ],
)
def test_labels_map_as_the_encoding_standard_says(label: str, codec: str | None) -> None:
    assert codec_for_label(label) == codec


def test_binary_bytes_named_html_are_refused() -> None:
    with pytest.raises(DecodeError, match="PNG"):
        decode_page(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
