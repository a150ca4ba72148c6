"""The five seed articles end to end, with expectations written from reading them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from annotator.text.pipeline import PreparedArticle, PreparedPassage, prepare_article

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))


@cache
def _article(index: int) -> PreparedArticle:
    return prepare_article(SEEDS[index].read_text(encoding="utf-8"))


def _find(index: int, text: str) -> PreparedPassage:
    matches = [p for p in _article(index).passages if p.text == text]
    assert matches, text
    return matches[0]


def _starting(index: int, prefix: str) -> PreparedPassage:
    return next(p for p in _article(index).passages if p.text.startswith(prefix))


def _kinds_from(index: int, first: str) -> set[str]:
    passages = _article(index).passages
    start = _find(index, first).index
    return {p.kind for p in passages[start:]}


def test_every_seed_has_offsets_into_its_text_and_bounded_passages() -> None:
    for index in range(5):
        article = _article(index)
        assert all(article.text[p.start : p.end] == p.text for p in article.passages)
        assert all(len(p.text) <= 500 for p in article.passages)


def test_seed_000_body_is_exactly_the_article() -> None:
    # Read by eye: the article runs from the title and 【新智元导读】 to the closing
    # question; the dateline/credits above it and everything from 欢迎留言 on are page furniture.
    article = _article(0)
    lines = [ln.strip() for ln in article.text.split("\n") if ln.strip()]
    first = next(i for i, ln in enumerate(lines) if ln.startswith("【新智元导读】"))
    last = lines.index("要是当初知道卷积神经网络(CNN)会催生DeepFake,我们还要不要发表CNN呢?")
    expected_body = [lines[0], *lines[first : last + 1]]
    assert [p.text for p in article.passages if p.kind == "body"] == expected_body


def test_seed_000_named_chrome_and_tail() -> None:
    assert _find(0, "登录查看更多").reason == "login-wall"
    assert _find(0, "【加入社群】").kind == "boilerplate"
    assert _starting(0, "新智元AI技术+产业社群招募中").kind == "boilerplate"
    assert _kinds_from(0, "相关内容") == {"boilerplate"}
    assert _starting(0, "在深度学习中,卷积神经网络").reason == "related-list"
    assert _find(0, "62+阅读 · 2020年5月15日").reason == "related-list"


def test_seed_000_repeated_related_list_points_at_first_copy() -> None:
    passages = _article(0).passages
    copies = [p for p in passages if p.text == "21个必须知道的机器学习开源工具!"]
    assert len(copies) == 2
    assert copies[0].duplicate_of is None and copies[1].duplicate_of == copies[0].index
    assert copies[1].kind == "boilerplate"


def test_body_sentences_about_open_source_are_not_chrome() -> None:
    for index, start in [
        (0, "LeCun:担心模型太强大而不开源,干脆别研究AI"),
        (0, "是的,这里说的还是关于OpenAI模型开源的那件事。"),
        (0, "现在能够肯定的是,关于AI研究发表和模型开源"),
        (2, "原因是,OpenAI并没有公布GPT-2模型及代码"),
        (2, "面临着实验重现的危机,网友吐槽:不公开代码和训练集就干脆别发表!"),
        (4, "嗯 给开源社区做贡献是一个进入社区的好的方式"),
    ]:
        passage = _starting(index, start)
        assert (passage.kind, passage.reason) == ("body", None), start


def test_seed_002_page_widgets_are_chrome() -> None:
    for text in ["赞助本站", "© 版权声明", "相关文章", "暂无评论", "暂无评论..."]:
        assert _find(2, text).kind == "boilerplate", text
    assert _find(2, "暂无评论...").duplicate_of is None  # '...' makes it a different text
    assert _find(2, "参考链接:").kind == "boilerplate"
    assert _kinds_from(2, "参考链接:") == {"boilerplate"}


def test_seed_003_repeated_title_and_final_related_heading() -> None:
    passages = _article(3).passages
    assert passages[1].text == passages[0].text
    assert (passages[1].duplicate_of, passages[1].kind) == (0, "body")
    assert passages[-1].text == "相关推荐" and passages[-1].kind == "boilerplate"
    # Goodfellow's answers are body, including the 10 book recommendations.
    assert _find(3, "10.Georgi E. Shilov 的《Linear Algebra》").kind == "body"


def test_seed_001_only_references_are_chrome() -> None:
    chrome = [p.text for p in _article(1).passages if p.kind == "boilerplate"]
    assert chrome == [
        "参考内容:",
        "https://analyticsindiamag.com/yann-lecun-machine-learning-bias-debate/",
    ]


def test_seed_004_transcript_passage_count_and_sizes() -> None:
    passages = _article(4).passages
    # 63 non-blank lines, ten of them 322-571 characters: each of those becomes 2-3 passages.
    assert 63 + 10 <= len(passages) <= 63 + 20
    assert max(len(p.text) for p in passages) <= 300
    assert [p.text for p in passages if p.kind == "boilerplate"][0] == "参考"


@pytest.mark.parametrize(
    ("index", "lines", "long_lines"), [(0, 135, 0), (1, 33, 1), (2, 66, 0), (3, 109, 1)]
)
def test_articles_keep_one_passage_per_line(index: int, lines: int, long_lines: int) -> None:
    # Counted by reading: non-blank lines, and those over 300 chars (001's repeated lead at 434,
    # 003's answer at 385) are two sentences' worth each, so they split in two.
    assert len(_article(index).passages) == lines + long_lines
