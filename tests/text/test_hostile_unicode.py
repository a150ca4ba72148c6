"""Hostile Unicode through the whole text path, as an upload would bring it: files of every
accepted type, JSON with lone surrogate escapes, astral characters, combining marks, mixed
newlines. Either a clear one-line refusal, or articles whose offsets hold exactly.

(decode, normalise and segment each have their own properties beside this file; these
follow the bytes through reading, normalising, segmenting and tokenising together.)
"""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.services.importing.readers import FileRejected, read_article_file
from annotator.text.decode import DecodeError
from annotator.text.pipeline import prepare_article
from annotator.text.tokenize import Tokenizer

HOSTILE = [
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "𠮷",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇨🇳",
    "e\u0301",
    "\u0301",
    "\u0301\u0301\u0301",
    "ᄀ\u1161",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u202e",
    "\u3000",
    "\u00a0",
    "。",
    "！",
    "……",
    "“开源”",
    "<script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "\\",
    '"',
    ",",
    "开源模型",
    "Yann LeCun",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.characters(exclude_categories=("Cs",))),
    min_size=1,
    max_size=80,
).map("".join)
SURROGATE_ESCAPES = st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "\\ude00x", "\\ud800\\ud800"])
_TOKENIZER = Tokenizer()


def _check_article(raw_text: str) -> None:
    """Prepared offsets index the normalised text; tokens tile every passage."""
    try:
        article = prepare_article(raw_text, target=40, hard_max=60)
    except DecodeError as error:
        assert error.reason and "\n" not in error.reason
        return
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
        assert "\r" not in passage.text
        tokens = _TOKENIZER.tokens(passage.text)
        assert "".join(t.word for t in tokens) == passage.text
        assert all(passage.text[t.start : t.end] == t.word for t in tokens)


def _read(name: str, data: bytes) -> None:
    try:
        result = read_article_file(name, data)
    except FileRejected as error:
        assert str(error) and "\n" not in str(error)
        return
    for line_error in result.errors:
        assert line_error.reason and "\n" not in line_error.reason
    for article in result.articles:
        _check_article(article.text)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_plain_text_files_in_any_encoding(text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return  # gb18030 and utf-8 encode every scalar value; nothing is lost here
    for name in ("a.txt", "a.md"):
        _read(name, data)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4), st.lists(SURROGATE_ESCAPES, max_size=2))
def test_jsonl_with_hostile_text_and_lone_surrogate_escapes(
    texts: list[str], bad: list[str]
) -> None:
    lines = [
        json.dumps({"title": t[:10], "text": t}, ensure_ascii=bool(i % 2))
        for i, t in enumerate(texts)
    ]
    for escape in bad:
        lines.append('{"text": "正文' + escape + '正文"}')
    data = "\r\n".join(lines).encode("utf-8")
    result = None
    try:
        result = read_article_file("a.jsonl", data)
    except FileRejected as error:
        assert str(error)
    if result is not None:
        # A lone surrogate can be neither stored nor encoded: its line is refused, by number.
        assert len(result.errors) >= len(bad)
        for article in result.articles:
            assert not any(0xD800 <= ord(c) <= 0xDFFF for c in article.text)
            _check_article(article.text)
    _read("a.jsonl", data)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_csv_with_hostile_text(texts: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "text"])
    for text in texts:
        writer.writerow([text[:8], text])
    _read("a.csv", buffer.getvalue().encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(0, 100), st.integers(0, 100))
def test_snap_stays_inside_and_widens_to_words(text: str, a: int, b: int) -> None:
    start, end = _TOKENIZER.snap(text, a, b)
    assert 0 <= start <= end <= len(text)
    assert _TOKENIZER.snap(text, start, end) == (start, end)
    boundaries = {0, len(text)} | {t.start for t in _TOKENIZER.tokens(text)}
    if start < end:
        assert start in boundaries and end in boundaries | {t.end for t in _TOKENIZER.tokens(text)}
