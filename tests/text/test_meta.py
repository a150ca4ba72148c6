"""Metadata: date forms and precision, outlet versus story origin, and each seed read by eye."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from annotator.text.meta import ArticleMeta, extract_metadata
from annotator.text.normalise import normalise

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("line", "published", "precision"),
    [
        ("2019 年 2 月 22 日 新智元", datetime.date(2019, 2, 22), "day"),
        ("发布于2019年2月22日", datetime.date(2019, 2, 22), "day"),
        ("2019-02-22 10:31", datetime.date(2019, 2, 22), "day"),
        ("时间：2019/2/22", datetime.date(2019, 2, 22), "day"),
        ("2019年2月 第3期", datetime.date(2019, 2, 1), "month"),
        ("AI1年前 (2023)发布 aixure", datetime.date(2023, 1, 1), "year"),
        ("（2023）", datetime.date(2023, 1, 1), "year"),
        ("2019年2月30日", None, None),
        ("2017年的工作", None, None),
        ("GPT-2 (1558) 参数", None, None),
    ],
)
def test_date_forms(line: str, published: datetime.date | None, precision: str | None) -> None:
    meta = extract_metadata(f"标题\n{line}\n正文。")
    assert (meta.published, meta.published_precision) == (published, precision)


def test_dates_in_a_long_lead_paragraph_are_events() -> None:
    lead = "OpenAI在2019年2月14日发布了GPT-2模型，" + "这是一段很长的导语，" * 6
    assert extract_metadata(f"标题\n{lead}").published is None


def test_dateline_beats_year_in_title() -> None:
    meta = extract_metadata("回顾（2020）\n2021年3月5日")
    assert meta.published == datetime.date(2021, 3, 5)


def test_date_below_the_head_is_ignored() -> None:
    text = "标题\n" + "正文。\n" * 20 + "2019年2月22日\n"
    assert extract_metadata(text).published is None


def test_title_is_first_non_empty_line_capped() -> None:
    assert extract_metadata("\n\n  标题  \n正文").title == "标题"
    assert len(extract_metadata("长" * 400).title) == 300
    assert extract_metadata("") == ArticleMeta("", None, None, None)


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ("量子位报道\n来源：Reddit", "量子位"),
        ("来源:Twitter\n编辑:某某", None),
        ("来源：机器之心", "机器之心"),
        ("来源：某某日报", "某某日报"),
        ("翻译 | AI科技大本营(rgznai100)", "AI科技大本营"),
        ("作者：张三", None),
    ],
)
def test_source(head: str, source: str | None) -> None:
    assert extract_metadata(f"一个标题\n{head}\n正文。").source == source


def test_outlet_named_in_title_is_not_the_source() -> None:
    assert extract_metadata("腾讯科技的新模型引发争议\n正文。").source is None


# Expectations written from reading each seed's first lines.
@pytest.mark.parametrize(
    ("index", "title", "published", "precision", "source"),
    [
        (
            0,
            "LeCun:30年前知道DeepFake,我还该不该开源CNN?",
            datetime.date(2019, 2, 22),
            "day",
            "新智元",
        ),
        (1, "学习nlp需要预先学习深度学习吗(LeCun被骂退推特:你们都很懂)", None, None, None),
        # The repost says "1年前 (2023)": a year; 新智元 wrote it, Twitter is the topic.
        (
            2,
            "史上最强AI被喷,马斯克躺枪发推:我早就看不惯OpenAI",
            datetime.date(2023, 1, 1),
            "year",
            "新智元",
        ),
        (
            3,
            "“GANs 之父”Goodfellow亲身传授:深度学习未来的8大方向和入门AI必备的三大技能",
            None,
            None,
            "AI科技大本营",
        ),
        (
            4,
            "嗨 Yann,长久以来您一直是深度学习的领导者 谢谢你能过来和我一起来聊聊",
            None,
            None,
            None,
        ),
    ],
)
def test_seed_metadata(
    index: int,
    title: str,
    published: datetime.date | None,
    precision: str | None,
    source: str | None,
) -> None:
    meta = extract_metadata(normalise(SEEDS[index].read_text(encoding="utf-8")))
    assert meta == ArticleMeta(title, published, precision, source)
