"""Decoding uploaded bytes: every accepted encoding with real Chinese, every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.decode import DecodeError, decode_bytes, reject_reason_for_text

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
TRADITIONAL = (
    "開源模型的偏見與資料集。機器學習系統的偏差是因為資料的偏差，"
    "這一人臉上採樣系統其結果傾向於白人，是因為神經網路是在資料集上預訓練的。"
)


def _seed_text(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


def test_plain_utf8_seed_round_trips() -> None:
    data = SEEDS[0].read_bytes()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == data.decode("utf-8")


def test_utf8_bom_is_consumed() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf" + "卷积神经网络".encode())
    assert decoded.text == "卷积神经网络"
    assert decoded.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text = _seed_text(1)
    decoded = decode_bytes(bom + text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == "utf-16"


def test_crlf_is_kept_for_normalise_to_handle() -> None:
    data = "第一段\r\n第二段\r第三段".encode("gb18030")
    assert decode_bytes(data).text == "第一段\r\n第二段\r第三段"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_short_simplified_text(codec: str) -> None:
    decoded = decode_bytes("卷积神经网络".encode(codec))
    assert decoded.text == "卷积神经网络"
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize("index", range(5))
def test_whole_seed_in_gb18030(index: int) -> None:
    text = _seed_text(index)
    assert decode_bytes(text.encode("gb18030")).text == text


def test_every_seed_paragraph_in_gbk_decodes_back() -> None:
    wrong = []
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                data = line.encode("gbk")
            except UnicodeEncodeError:
                continue  # GBK lacks a few symbols the seeds use; gb18030 covers them above
            if len(line.strip()) < 6 or line.isascii():
                continue
            if decode_bytes(data).text != line:
                wrong.append(line)
    assert wrong == []


def test_gb18030_four_byte_characters() -> None:
    text = "𠮷野家的开源模型 €"  # 𠮷 is outside the BMP: four bytes in GB18030
    assert decode_bytes(text.encode("gb18030")).text == text


@pytest.mark.parametrize("text", ["開源模型的偏見與資料集", TRADITIONAL])
def test_traditional_big5(text: str) -> None:
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.text == text
    assert decoded.encoding in {"big5", "cp950"}


def test_cp950_extension() -> None:
    # The euro sign exists only in Microsoft's Big5 variant; the text stays traditional.
    text = "資料集售價 €5，開源與否由團隊決定。"
    assert decode_bytes(text.encode("cp950")).text == text


def test_two_character_tie_goes_to_simplified() -> None:
    # '你好' in GBK is also valid, common Big5 ('斕疑'); the newsroom writes simplified.
    assert decode_bytes("你好".encode("gbk")).text == "你好"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t \n", "empty file"),
        (b"\xff\xfe" + " \n".encode("utf-16-le"), "empty file"),
        (b"\xef\xbb\xbf\n\n", "empty file"),
        (b"abc\x00def", "binary file (NUL bytes)"),
        ("开源".encode("utf-16-le"), "binary file (NUL bytes)"),
        (b"\xff\xfe" + "a\x00b".encode("utf-16-le"), "binary file (NUL bytes)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image)"),
        (b"GIF89a\x01\x00", "binary file (GIF image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary file (PDF document)"),
        (b"PK\x03\x04\x14\x00", "binary file (ZIP archive or Office document)"),
        (b"caf\xe9 \xff\xff", "undecodable bytes: not valid UTF-8, GB18030 or Big5"),
        (b"\x80\x80\x80\x80", "undecodable bytes: not valid UTF-8, GB18030 or Big5"),
    ],
)
def test_rejections_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data)
    assert caught.value.reason == reason
    assert str(caught.value) == reason


def test_invalid_utf16_after_bom() -> None:
    with pytest.raises(DecodeError, match="after its byte-order mark"):
        decode_bytes(b"\xff\xfe\x00\xd8")  # a lone high surrogate


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        (" \n\u3000\t", "empty file"),
        ("\ufeff\u200b", "empty file"),
        ("正文\x00", "binary file (NUL bytes)"),
        ("正文", None),
    ],
)
def test_reject_reason_for_text(text: str, reason: str | None) -> None:
    assert reject_reason_for_text(text) == reason


@given(st.binary(max_size=200))
def test_any_bytes_decode_or_give_one_line_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        assert error.reason and "\n" not in error.reason
    else:
        assert reject_reason_for_text(decoded.text) is None
