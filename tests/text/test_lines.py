"""Reading a large JSONL/CSV file block by block gives the lines of the whole, normalised."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.decode import DecodeError, decode_bytes
from annotator.text.lines import canonical_lines, split_lines, utf8_encoding
from annotator.text.normalise import normalise

# Characters where block-by-block reading could go wrong: line ends of every kind,
# byte-order marks, combining marks that compose, and text outside the BMP.
_TRICKY = st.sampled_from(["\r\n", "\r", "\n", "\ufeff", "e\u0301", "\u0301", "𠮷", "中", "a", " "])


def _whole(data: bytes) -> list[str]:
    return list(split_lines(normalise(decode_bytes(data).text)))


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_TRICKY, min_size=1, max_size=60), bom=st.booleans(), block=st.integers(1, 9))
def test_blocks_give_the_whole_texts_lines(parts: list[str], bom: bool, block: int) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + "".join(parts).encode("utf-8")
    try:
        decode_bytes(data)
    except DecodeError:
        return  # refused whole (an empty file): the stream reader then reports no records
    binary = io.BytesIO(data)
    encoding = utf8_encoding(binary, block_bytes=block)
    assert encoding == decode_bytes(data).encoding  # what a whole-file read records
    assert binary.tell() == 0
    assert list(canonical_lines(binary, encoding, block_bytes=block)) == _whole(data)


@pytest.mark.parametrize(
    "data",
    [
        "标题,正文\n".encode("gb18030"),  # a legacy Chinese encoding
        "\ufeff{}\n".encode("utf-16"),  # another byte-order mark
        b"%PDF-1.4\n",  # a binary file's signature
        b'{"text": "a\x00"}\n',  # NUL bytes
    ],
)
def test_files_to_judge_whole_are_not_streamed(data: bytes) -> None:
    assert utf8_encoding(io.BytesIO(data)) is None


def test_only_a_newline_ends_a_line() -> None:
    assert list(split_lines("a\u2028b\x0cc\nd\n")) == ["a\u2028b\x0cc\n", "d\n"]
    assert list(split_lines("a\n\nb")) == ["a\n", "\n", "b"]
    assert list(split_lines("")) == []
