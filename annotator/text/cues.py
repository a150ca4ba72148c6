"""Highlight words that hint at a passage's stance or bias attribution, for the editor's eye.

Cues suggest, never label.  Matching is literal; Latin letters match without
regard to case and only as whole words ("GAN" is not found inside "StyleGAN").
Where matches overlap the longest wins, so "不开源" is one cue against open
release rather than "开源" for it, and "数据的偏差" blames data rather than
being a bare "偏差" hint.  Equal lengths: the earlier start wins.  A word
listed under two labels gives one cue per label on the same span.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_CUES", "Cue", "cue_finder", "find_cues"]

# Words read off the seeds.  Labels starting with "_" are hints, not categories.
DEFAULT_CUES: dict[str, list[str]] = {
    "against_open_release": [
        "不公开",
        "不开源",
        "不予开源",
        "没有开源",
        "不公布",
        "不能公开",
        "保密",
        "太过强大",
        "过于强大",
        "太强大",
        "滥用",
        "贻害无穷",
        "被坏人",
        "太过危险",
        "样本模型",
        "心口不一",
    ],
    "for_open_release": [
        "开源",
        "公开",
        "公布",
        "开放",
        "发布",
        "发表",
        "开源社区",
        "复现",
        "重现",
        "可重复",
        "透明度",
        "CloseAI",
    ],
    "data": [
        "数据集",
        "训练数据",
        "训练数据集",
        "训练集",
        "测试集",
        "数据的偏差",
        "数据偏差",
        "数据量",
        "FFHQ",
        "FlickFaceHQ",
        "ImageNet",
        "MNIST",
        "CIFAR-10",
        "白人照片",
    ],
    "model_or_method": [
        "模型",
        "算法",
        "神经网络",
        "卷积神经网络",
        "CNN",
        "GAN",
        "GANs",
        "StyleGAN",
        "GPT-2",
        "PULSE",
        "深度学习",
        "机器学习系统",
        "参数",
        "架构",
        "损失函数",
        "生成模型",
        "超分辨率",
    ],
    "researchers": [
        "研究人员",
        "研究者",
        "科学家",
        "开发者",
        "学者",
        "作者",
        "研究机构",
        "实验室",
        "LeCun",
        "Yann LeCun",
        "Timnit Gebru",
        "Goodfellow",
        "杜克大学",
        "OpenAI",
        "图灵奖得主",
    ],
    "deployment_or_society": [
        "部署",
        "应用",
        "产品",
        "人脸识别",
        "假新闻",
        "假视频",
        "换脸",
        "DeepFake",
        "隐私",
        "监管",
        "立法者",
        "政策",
        "公众",
        "媒体",
        "武器",
        "GDPR",
        "舆论",
    ],
    "_hint": [
        "偏见",
        "偏差",
        "歧视",
        "种族歧视",
        "种族偏见",
        "性别偏见",
        "多样性",
        "公平",
        "不公平",
        "倾向于",
    ],
}

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Cue:
    """A lexicon word found at text[start:end] (as written there), with its label."""

    start: int
    end: int
    word: str
    label: str


def find_cues(text: str, lexicon: Mapping[str, Sequence[str]]) -> list[Cue]:
    """Every non-overlapping lexicon match in `text`, longest first on overlap, sorted by start."""
    return cue_finder(lexicon)(text)


def cue_finder(lexicon: Mapping[str, Sequence[str]]) -> Callable[[str], list[Cue]]:
    """find_cues with the lexicon folded once: for many texts (an article's passages)."""
    labels_by_word: dict[str, list[str]] = {}
    for label, words in lexicon.items():
        for word in words:
            key = word.translate(_ASCII_LOWER)
            if key and label not in labels_by_word.setdefault(key, []):
                labels_by_word[key].append(label)
    keys = list(labels_by_word)

    def find(text: str) -> list[Cue]:
        # ASCII-only folding keeps every offset in place (str.lower can change lengths).
        folded = text.translate(_ASCII_LOWER)
        spans = {span for key in keys if key in folded for span in _occurrences(folded, key)}
        taken: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(end <= s or e <= start for s, e in taken):
                taken.append((start, end))
        return [
            Cue(start, end, text[start:end], label)
            for start, end in sorted(taken)
            for label in labels_by_word[folded[start:end]]
        ]

    return find


def _occurrences(folded: str, key: str) -> list[tuple[int, int]]:
    found = []
    index = folded.find(key)
    while index != -1:
        end = index + len(key)
        if _whole_latin(folded, index, end):
            found.append((index, end))
        index = folded.find(key, index + 1)
    return found


def _whole_latin(text: str, start: int, end: int) -> bool:
    """A match that starts or ends with a Latin letter or digit must not run into another."""
    if _is_latin(text[start]) and start > 0 and _is_latin(text[start - 1]):
        return False
    return not (_is_latin(text[end - 1]) and end < len(text) and _is_latin(text[end]))


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
