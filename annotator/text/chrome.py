"""Flag the site chrome that scraped articles carry, so editors can skip it; nothing is deleted.

A passage is chrome when the whole passage is one of the known page parts
(login walls, related-article lists, sponsor/copyright/comment widgets,
community and QR-code invitations, page numbers, credits lines, reference
lists).  Rules match whole, short passages, never a word inside a body
sentence, so "OpenAI决定不开源…相关政策" stays body.

Two rules reach further:

* a related-list or reference heading in the second half of the article
  starts the tail: every passage after it is chrome too (seed 000's tail
  mixes titles, outlets, read counts and a 145-character blurb that no
  line rule could tell from body text);
* a read-count line ("62+阅读 · 2020年5月15日") marks the title and source
  lines just before it.

References count as chrome: the URLs and "参考链接:" headings carry no stance
to label, and the importer keeps them in the stored text for anyone who
needs provenance.  Credits ("编辑:文强", "新智元报道") and datelines count as
chrome for the same reason; the metadata extractor reads them separately.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BOILERPLATE", "BODY", "FURNITURE", "Classification", "Furniture", "classify"]

BOILERPLATE = "boilerplate"
BODY = "body"
# The reason of furniture whose structure names no part and whose text matches no rule.
FURNITURE = "page-furniture"

# The tail may start only after this share of the article's characters, so a
# "相关文章" line near the top can never swallow the body.
_TAIL_START_SHARE = 0.5

_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "related-heading",
        re.compile(
            r"(?:相关|更多|推荐|延伸|往期|热门)(?:内容|推荐|文章|资讯|论文|阅读|新闻)|猜你喜欢"
            r"|Related(?: Articles| Posts)?"
        ),
    ),
    (
        "reference-heading",
        re.compile(
            r"(?:参考|参考内容|参考链接|参考资料|参考文献|原文地址|原文链接|References?)\s*[:：]?"
        ),
    ),
)
_TAIL_REASON = {"related-heading": "related-list", "reference-heading": "references"}

_READ_COUNT = re.compile(r"\d+\+?\s*阅读\s*[·・•]\s*\d{4}年\d{1,2}月\d{1,2}日")

# Whole-passage patterns (fullmatch on the stripped text), most specific first.
_WHOLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("login-wall", re.compile(r"(?:登录|登陆)后?(?:查看|阅读)(?:更多|全文|原文)?(?:内容)?")),
    ("related-list", _READ_COUNT),
    ("vip-promo", re.compile(r"查看相关VIP内容.{0,30}|VIP会员")),
    ("sponsor", re.compile(r"赞助本站|打赏(?:作者)?|赞赏(?:支持)?|赞助")),
    ("copyright", re.compile(r"©.{0,40}|版权(?:声明|所有)(?:\s*[:：©].{0,60})?")),
    (
        "comments",
        re.compile(r"暂无评论[.。…]*|发表评论|评论\s*\(\d+\)|\d+\s*条评论|欢迎留言.{0,20}"),
    ),
    ("join-community", re.compile(r"【?加入社群】?")),
    ("page-number", re.compile(r"\d{1,4}|第\s*\d+\s*页|\d+\s*/\s*\d+")),
    ("counters", re.compile(r"\d+(?:\s+\d+){1,4}")),
    (
        "navigation",
        re.compile(r"Top|TOP|返回顶部|回到顶部|\||更多|(?:上|下)一篇(?:\s*[:：].{0,60})?"),
    ),
    ("bare-url", re.compile(r"[(（\[]?\s*(?:https?://|www\.)\S+\s*[)）\]]?")),
    ("reference-heading", re.compile(r"\S{0,4}(?:地址|链接)\s*[:：]")),
    (
        "credits",
        re.compile(
            r"(?:编辑|作者|翻译|编译|参与|责编|责任编辑|校对|来源|出品|整理|撰文)\s*[:：|丨]\s*\S.{0,40}"
            r"|\S{2,8}报道"
        ),
    ),
    (
        "dateline",
        re.compile(
            r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\S{0,12}"
            r"|\S{0,6}\d+\s*(?:年|个月|月|天|小时|分钟)前\s*(?:\(\d{4}\)|（\d{4}）)?\s*发布.{0,20}"
        ),
    ),
)

# Chrome only when the passage is short, so a body sentence about QR codes survives.
_SHORT: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("join-community", 200, re.compile(r"(?:加|添加).{0,12}微信.{0,80}(?:入群|进群|加群)")),
    (
        "qr-code",
        40,
        re.compile(
            r"(?:扫码|扫描二维码|长按二维码|识别二维码|扫一扫).{0,20}"
            r"(?:关注|咨询|加入|入群|下载|获取|联系|会员|阅读)"
            r"|(?:关注|咨询|加入|下载|获取).{0,20}(?:扫码|二维码)"
        ),
    ),
    ("promo", 80, re.compile(r"公众号.{0,20}回复.{0,30}(?:获得|获取|领取|下载)")),
)
_SOURCE_LINE_MAX = 20
_TITLE_LINE_MAX = 80


@dataclass(frozen=True)
class Classification:
    """Whether a passage is body or chrome, which rule said so, and which passage it repeats."""

    kind: str
    duplicate_of: int | None
    reason: str | None


@dataclass(frozen=True)
class Furniture:
    """A stretch of article text that the page's structure marks as not the article.

    Set by a reader that knows the structure (a web page's navigation, footer,
    comments); the passages inside it are boilerplate whatever their text says.
    `reason` names the part when the structure does; else a text rule's reason
    is given, or FURNITURE.
    """

    start: int
    end: int
    reason: str | None


def classify(pieces: Sequence[str]) -> list[Classification]:
    """Classify each passage of one article, in order, as body or boilerplate."""
    reasons = [_line_reason(text) for text in pieces]
    _mark_tail(pieces, reasons)
    _mark_read_count_lists(pieces, reasons)
    duplicates = _duplicates(pieces)
    return [
        Classification(BODY if reason is None else BOILERPLATE, duplicate, reason)
        for reason, duplicate in zip(reasons, duplicates, strict=True)
    ]


# Every whole-passage rule as one alternation, in order: fullmatch tries the alternatives
# left to right, so the first rule that matches the whole passage wins, as a loop over the
# rules would decide, in one call instead of fifteen (the import classifies 260k passages).
_RULES = (*_HEADINGS, *_WHOLE)
_ANY_WHOLE = re.compile(
    "|".join(f"(?P<r{index}>{pattern.pattern})" for index, (_, pattern) in enumerate(_RULES))
)


def _line_reason(text: str) -> str | None:
    text = text.strip()
    match = _ANY_WHOLE.fullmatch(text)
    if match is not None and match.lastgroup is not None:
        return _RULES[int(match.lastgroup[1:])][0]
    for reason, limit, pattern in _SHORT:
        if len(text) <= limit and pattern.search(text):
            return reason
    return None


def _mark_tail(pieces: Sequence[str], reasons: list[str | None]) -> None:
    total = sum(len(text) for text in pieces)
    seen = 0
    tail_reason: str | None = None
    for index, text in enumerate(pieces):
        if reasons[index] in _TAIL_REASON and seen >= _TAIL_START_SHARE * total:
            tail_reason = _TAIL_REASON[reasons[index] or ""]
        elif tail_reason is not None and reasons[index] is None:
            reasons[index] = tail_reason
        seen += len(text)


def _mark_read_count_lists(pieces: Sequence[str], reasons: list[str | None]) -> None:
    """Flag the source and title lines above each read-count line of a related list."""
    for index, reason in enumerate(reasons):
        if reason != "related-list" or not _READ_COUNT.fullmatch(pieces[index].strip()):
            continue
        for offset, limit in ((1, _SOURCE_LINE_MAX), (2, _TITLE_LINE_MAX)):
            above = index - offset
            if above < 0 or reasons[above] is not None or len(pieces[above]) > limit:
                break
            reasons[above] = "related-list"


def _duplicates(pieces: Sequence[str]) -> list[int | None]:
    first: dict[str, int] = {}
    result: list[int | None] = []
    for index, text in enumerate(pieces):
        key = " ".join(text.split())
        if key in first:
            result.append(first[key])
        else:
            first[key] = index
            result.append(None)
    return result
