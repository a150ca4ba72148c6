"""Chrome flags: each rule on its own, body sentences that only mention the words, the tail."""

from __future__ import annotations

import pytest

from annotator.text.chrome import BODY, BOILERPLATE, Classification, classify

BODY_TEXT = "OpenAI决定不开源GPT-2模型，理由是担心模型被滥用，这一做法引发了研究人员的激烈争论。"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("登录查看更多", "login-wall"),
        ("相关内容", "related-heading"),
        ("相关推荐", "related-heading"),
        ("更多阅读", "related-heading"),
        ("62+阅读 · 2020年5月15日", "related-list"),
        ("查看相关VIP内容、论文、资讯等", "vip-promo"),
        ("赞助本站", "sponsor"),
        ("© 版权声明", "copyright"),
        ("版权声明", "copyright"),
        ("版权声明：本文为原创，转载请注明出处", "copyright"),
        ("暂无评论", "comments"),
        ("暂无评论...", "comments"),
        ("【加入社群】", "join-community"),
        (
            "新智元AI技术+产业社群招募中,加小助手微信号:aiera2015_2 入群;通过审核后邀请进群。",
            "join-community",
        ),
        ("微信扫码咨询专知VIP会员", "qr-code"),
        ("长按二维码关注我们", "qr-code"),
        ("2", "page-number"),
        ("参考内容:", "reference-heading"),
        ("参考链接：", "reference-heading"),
        ("原文地址", "reference-heading"),
        ("参考", "reference-heading"),
        ("https://arxiv.org/abs/1610.09585", "bare-url"),
        ("(https://research.google.com/teams/brain/)", "bare-url"),
        ("编辑:文强", "credits"),
        ("新智元报道", "credits"),
        ("2019 年 2 月 22 日 新智元", "dateline"),
    ],
)
def test_each_rule_alone(text: str, reason: str) -> None:
    assert classify([BODY_TEXT, text]) == [
        Classification(BODY, None, None),
        Classification(BOILERPLATE, None, reason),
    ]


@pytest.mark.parametrize(
    "text",
    [
        BODY_TEXT,
        "现在能够肯定的是,关于AI研究发表和模型开源,相关的政策真的需要制定了。",
        "读者登录查看更多内容的功能被用来收集数据，这引发了隐私担忧。",
        "用户只需扫描二维码即可关注，但这种做法在欧洲需要遵守GDPR的数据规定，因此很多公司选择放弃。",
        "相关内容的讨论仍在继续，研究人员认为数据集的偏差才是根源。",
        "该论文的版权声明指出，模型权重不得用于商业用途，这与开源精神相悖。",
        "版权所有者认为开源模型侵犯了其权利。",
        "下一篇论文将公开训练数据。",
        "2月中旬,OpenAI宣布他们开发了一个通用文本生成模型GPT-2,拥有15亿参数。",
        "以下为 Goodfellow 的回答:",
        "问:大二学生该如何学习人工智能?",
    ],
)
def test_body_sentences_mentioning_the_words_stay_body(text: str) -> None:
    assert classify([text])[0] == Classification(BODY, None, None)


def test_related_heading_early_flags_only_itself() -> None:
    pieces = ["相关文章", BODY_TEXT, BODY_TEXT + "再补充一句。"]
    assert [c.kind for c in classify(pieces)] == [BOILERPLATE, BODY, BODY]


def test_related_heading_late_flags_the_tail() -> None:
    blurb = "另一段长长的介绍文字，" * 3
    pieces = [BODY_TEXT, BODY_TEXT + "还有。", "相关推荐", "一篇文章的标题", blurb]
    result = classify(pieces)
    assert [c.reason for c in result] == [
        None,
        None,
        "related-heading",
        "related-list",
        "related-list",
    ]


def test_reference_heading_late_flags_reference_titles() -> None:
    pieces = [BODY_TEXT * 2, "参考文献:", "[1] Radford et al. Language Models are Unsupervised"]
    assert [c.reason for c in classify(pieces)][1:] == ["reference-heading", "references"]


def test_read_count_marks_title_and_source_above_without_heading() -> None:
    pieces = [BODY_TEXT, "换脸算什么?现在AI都能一键“脱衣”了", "腾讯科技", "10+阅读 · 2019年6月30日"]
    assert [c.reason for c in classify(pieces)] == [
        None,
        "related-list",
        "related-list",
        "related-list",
    ]


def test_duplicates_point_at_first_and_keep_kind() -> None:
    title = "“GANs 之父”Goodfellow亲身传授"
    pieces = [title, "Arxiv 论文", title.replace(" ", "  "), "2", "2", "Arxiv  论文"]
    result = classify(pieces)
    assert [c.duplicate_of for c in result] == [None, None, 0, None, 3, 1]
    assert result[2].kind == BODY and result[4].kind == BOILERPLATE


def test_empty_article() -> None:
    assert classify([]) == []
