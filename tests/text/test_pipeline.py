"""prepare_article: offsets into the normalised text, stable hashes, refusals."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.chrome import Furniture
from annotator.text.decode import DecodeError
from annotator.text.pipeline import SEGMENTER_VERSION, prepare_article


def test_offsets_refer_to_normalised_text() -> None:
    raw = "\ufeff标题\r\n\r\n2019年2月22日\r正文第一段。\r\n\u3000\u3000第二段。\r\n"
    article = prepare_article(raw)
    assert article.text == "标题\n\n2019年2月22日\n正文第一段。\n\u3000\u3000第二段。\n"
    texts = [p.text for p in article.passages]
    assert texts == ["标题", "2019年2月22日", "正文第一段。", "第二段。"]
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
    assert [p.index for p in article.passages] == [0, 1, 2, 3]
    assert article.meta.title == "标题"
    assert [p.kind for p in article.passages] == ["body", "boilerplate", "body", "body"]


def test_hash_is_sha256_of_normalised_utf8_and_line_endings_do_not_matter() -> None:
    lf = prepare_article("标题\n正文。\n")
    crlf = prepare_article("标题\r\n正文。\r\n")
    expected = hashlib.sha256("标题\n正文。\n".encode()).hexdigest()
    assert lf.content_hash == crlf.content_hash == expected


def test_target_and_hard_max_pass_through() -> None:
    article = prepare_article("一二三四五。" * 10, target=12, hard_max=20)
    assert [len(p.text) for p in article.passages] == [12] * 5


@pytest.mark.parametrize("text", ["", " \n\r\n\u3000\t", "\ufeff\n"])
def test_blank_text_is_an_empty_file(text: str) -> None:
    with pytest.raises(DecodeError) as caught:
        prepare_article(text)
    assert caught.value.reason == "empty file"


def test_version_is_named() -> None:
    assert SEGMENTER_VERSION.startswith("passages-")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda t: not t.isspace()))
def test_any_text_prepares_consistently(raw: str) -> None:
    try:
        article = prepare_article(raw, target=30, hard_max=50)
    except DecodeError:
        return  # blank after normalising (e.g. only BOMs)
    assert prepare_article(article.text, target=30, hard_max=50) == article
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
        assert passage.duplicate_of is None or passage.duplicate_of < passage.index


def test_furniture_spans_make_their_passages_boilerplate_and_stay_out_of_the_metadata() -> None:
    text = "\n\n".join(
        [
            "新智元",
            "2019年1月1日",
            "开源之争",
            "2019年2月22日",
            "LeCun 认为不开源太矫情。",
            "相关推荐",
        ]
    )
    nav_end = text.index("\n\n开源之争")
    tail = text.index("相关推荐")
    furniture = (Furniture(0, nav_end, "navigation"), Furniture(tail, len(text), "aside"))
    article = prepare_article(text, furniture=furniture)
    rows = [(p.text, p.kind, p.reason) for p in article.passages]
    assert rows == [
        ("新智元", "boilerplate", "navigation"),
        ("2019年1月1日", "boilerplate", "navigation"),
        ("开源之争", "body", None),
        ("2019年2月22日", "boilerplate", "dateline"),
        ("LeCun 认为不开源太矫情。", "body", None),
        ("相关推荐", "boilerplate", "aside"),
    ]
    assert (article.meta.title, article.meta.published) == ("开源之争", date(2019, 2, 22))
    assert article.meta.source is None
    assert prepare_article(text).meta.title == "新智元"  # without furniture the nav line leads


def test_furniture_offsets_need_normalised_text() -> None:
    with pytest.raises(ValueError, match="normalised"):
        prepare_article("标题\r\n正文。", furniture=(Furniture(0, 2, "navigation"),))
