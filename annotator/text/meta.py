"""Read the title, publication date and publishing outlet that an article states near its top.

Only the first `HEAD_LINES` non-empty lines are read: further down, dates and
outlet names are what the story is about, not who published it when.

Dates come from short lines (datelines are short; a long line near the top is
a lead paragraph whose dates are events, e.g. "OpenAI在2019年2月14日发布").
The most precise form on the first dated line wins: 2019年2月22日, 2019-02-22
and 2019/2/22 give a day, 2019年2月 a month, "(2023)" a year (→ 1 January).
A bare "2017年" is never a publication date.  The title is read last, so a
dateline beats a year in the headline.

Source means the outlet that published the piece, not where the story came
from.  Seed 002 says "新智元报道" and "来源:Twitter": Twitter is where Musk's
posts were, 新智元 wrote the article, so the source is 新智元.  In order:
an "X报道" line, a known outlet on a short line, then a "来源:X" value that is
not a platform (Twitter, Reddit, 微博 … say where a story started).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["ArticleMeta", "KNOWN_OUTLETS", "extract_metadata", "find_date"]

HEAD_LINES = 15
TITLE_MAX = 300
_SHORT_LINE = 60

KNOWN_OUTLETS: tuple[str, ...] = (
    "新智元",
    "机器之心",
    "AI科技大本营",
    "AI科技评论",
    "量子位",
    "雷锋网",
    "腾讯科技",
    "AI前线",
    "专知",
    "InfoQ",
    "36氪",
    "极客公园",
    "钛媒体",
    "澎湃新闻",
    "新浪科技",
    "网易科技",
    "搜狐科技",
    "凤凰科技",
    "虎嗅",
    "爱范儿",
    "品玩",
    "大数据文摘",
    "学术头条",
    "智东西",
    "机器之能",
    "PaperWeekly",
    "集智俱乐部",
    "CSDN",
    "新华社",
    "人民日报",
    "科技日报",
    "财新",
    "界面新闻",
    "第一财经",
    "DeepTech深科技",
    "麻省理工科技评论",
    "开源中国",
)
# Longest first, so "AI科技大本营" is not read as a shorter name inside it.
_OUTLETS_BY_LENGTH = sorted(KNOWN_OUTLETS, key=len, reverse=True)
_PLATFORMS = frozenset(
    "twitter reddit 推特 微博 知乎 quora youtube facebook 网络 网友 互联网 github arxiv".split()
)

_DAY_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)"),
)
_MONTH = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_YEAR = re.compile(r"[(（](\d{4})[)）]")
_REPORTED_BY = re.compile(r"(\S{2,12}?)\s*报道")
_SOURCE_LABEL = re.compile(r"来源\s*[:：|丨]\s*([^\s,，;；|]{1,30})")


@dataclass(frozen=True)
class ArticleMeta:
    """What the article says about itself; None where it does not say."""

    title: str
    published: datetime.date | None
    published_precision: str | None
    source: str | None


def extract_metadata(text: str) -> ArticleMeta:
    """Extract title, stated publication date and publishing outlet from normalised text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:HEAD_LINES]
    title = lines[0][:TITLE_MAX] if lines else ""
    published, precision = _find_date([*lines[1:], *lines[:1]])
    return ArticleMeta(title, published, precision, _find_source(lines))


def _find_date(lines: list[str]) -> tuple[datetime.date | None, str | None]:
    for line in lines:
        if len(line) > _SHORT_LINE:
            continue
        found = find_date(line)
        if found[0] is not None:
            return found
    return None, None


def find_date(line: str) -> tuple[datetime.date | None, str | None]:
    """The most precise publication date stated in one line (day, month, year), or Nones."""
    for match in _DAY_PATTERNS[0].finditer(line):
        day = _date(match.group(1), match.group(2), match.group(3))
        if day:
            return day, "day"
    for match in _DAY_PATTERNS[1].finditer(line):
        day = _date(match.group(1), match.group(3), match.group(4))
        if day:
            return day, "day"
    for match in _MONTH.finditer(line):
        month = _date(match.group(1), match.group(2), "1")
        if month:
            return month, "month"
    for match in _YEAR.finditer(line):
        year = _date(match.group(1), "1", "1")
        if year:
            return year, "year"
    return None, None


def _date(year: str, month: str, day: str) -> datetime.date | None:
    # Years outside this range near an article's top are model names or counts, not dates.
    if not 1900 <= int(year) <= 2100:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _find_source(lines: list[str]) -> str | None:
    for line in lines:
        match = _REPORTED_BY.fullmatch(line)
        if match:
            return _known_outlet(match.group(1)) or match.group(1)
    for line in lines[1:]:
        outlet = _known_outlet(line) if len(line) <= _SHORT_LINE else None
        if outlet:
            return outlet
    for line in lines:
        for match in _SOURCE_LABEL.finditer(line):
            value = match.group(1)
            if value.lower() not in _PLATFORMS:
                return _known_outlet(value) or value
    return None


def _known_outlet(text: str) -> str | None:
    return next((name for name in _OUTLETS_BY_LENGTH if name in text), None)
