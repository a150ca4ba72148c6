"""Passage splitting: invariants for any text, sentence rules, and the seeds read by eye."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.normalise import normalise
from annotator.text.segment import Piece, split_passages

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))

_SPICE = [
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "\u00a0",
    "\t",
    "。",
    "，",
    "?",
    "!",
    ". ",
    "…",
    "”",
    "开源模型",
    "Yann LeCun",
    "𠮷",
    "😀",
    "e\u0301",
    "\u0301",
    "\u200d",
    "\ud83d\ude00",
]
# Characters that must stay with the one before them; a cut may not land in front of them.
_NO_BREAK_BEFORE = "\u200d\ufe0f"


def _messy(no_marks: bool) -> st.SearchStrategy[str]:
    chars = (
        st.characters(blacklist_categories=("Mn", "Mc", "Me", "Cs"))
        if no_marks
        else (st.characters())
    )
    spice = [s for s in _SPICE if not (no_marks and _has_mark(s))]
    return st.lists(st.one_of(st.sampled_from(spice), chars), max_size=120).map("".join)


def _has_mark(s: str) -> bool:
    return any(unicodedata.category(c).startswith("M") or c in _NO_BREAK_BEFORE for c in s) or (
        "\ud83d" in s
    )


def _check_invariants(text: str, pieces: list[Piece]) -> None:
    previous_end = 0
    covered = 0
    for piece in pieces:
        assert previous_end <= piece.start < piece.end
        assert text[piece.start : piece.end] == piece.text == piece.text.strip()
        assert piece.text
        covered += sum(1 for c in piece.text if not c.isspace())
        previous_end = piece.end
    # Ordered and disjoint, so counting equal means every non-space char is covered once.
    assert covered == sum(1 for c in text if not c.isspace())


@settings(max_examples=300, deadline=None)
@given(_messy(no_marks=True), st.integers(1, 40), st.integers(0, 40))
def test_invariants_and_hard_max_without_marks(raw: str, target: int, extra: int) -> None:
    text = normalise(raw)
    pieces = split_passages(text, target=target, hard_max=target + extra)
    _check_invariants(text, pieces)
    assert all(len(p.text) <= target + extra for p in pieces)


@settings(max_examples=300, deadline=None)
@given(_messy(no_marks=False), st.integers(1, 40), st.integers(0, 40))
def test_invariants_with_marks_and_surrogates(raw: str, target: int, extra: int) -> None:
    text = normalise(raw)
    pieces = split_passages(text, target=target, hard_max=target + extra)
    _check_invariants(text, pieces)
    for before, after in zip(pieces, pieces[1:], strict=False):
        if before.end == after.start:  # cut with no whitespace between: must split no character
            first = after.text[0]
            assert not unicodedata.category(first).startswith("M")
            assert first not in _NO_BREAK_BEFORE and before.text[-1] != "\u200d"
            assert not ("\ud800" <= before.text[-1] <= "\udbff" and "\udc00" <= first <= "\udfff")


def test_long_run_without_breaks_is_cut_hard_at_hard_max() -> None:
    text = "模" * 23
    assert [len(p.text) for p in split_passages(text, target=5, hard_max=10)] == [10, 10, 3]


def test_hard_cut_keeps_combining_mark_and_astral_chars_whole() -> None:
    text = "a" * 9 + "e\u0301" + "b" * 5 + "𠮷" * 10
    pieces = split_passages(text, target=5, hard_max=10)
    assert pieces[0].text == "a" * 9  # the cut moved back before 'e' rather than before U+0301
    assert pieces[1].text.startswith("e\u0301")
    assert "".join(p.text for p in pieces) == text


def test_run_of_marks_with_no_opportunity_is_left_long() -> None:
    text = "e" + "\u0301" * 30
    assert [p.text for p in split_passages(text, target=5, hard_max=10)] == [text]


def test_short_paragraphs_are_whole_and_trimmed() -> None:
    text = "\u3000\u3000标题 \n\n \u00a0第一段。第二句。\t\n"
    pieces = split_passages(text)
    assert [(p.start, p.text) for p in pieces] == [(2, "标题"), (9, "第一段。第二句。")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“好。”然后走了。最后一句话。", ["他说：“好。”", "然后走了。", "最后一句话。"]),
        ("真的吗？！当然。好的……再见！", ["真的吗？！", "当然。", "好的……", "再见！"]),
        ("It works. Really! 是吗?是的;对", ["It works.", "Really!", "是吗?", "是的;", "对"]),
        ("圆周率3.14很常见。版本v2.0发布了", ["圆周率3.14很常见。", "版本v2.0发布了"]),
        ("见 https://x.cn/a?r=1&b=2;c 页。好", ["见 https://x.cn/a?r=1&b=2;c 页。", "好"]),
        ("(“太过强大”)。后来!)他们说", ["(“太过强大”)。", "后来!)", "他们说"]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    # target 1 forces a cut at every sentence end and nowhere else (hard_max is generous).
    assert [p.text for p in split_passages(text, target=1, hard_max=100)] == expected


def test_sentences_pack_greedily_up_to_target() -> None:
    text = "一二三四。" * 5  # five sentences of 5
    assert [len(p.text) for p in split_passages(text, target=12, hard_max=20)] == [10, 10, 5]


def test_long_sentence_kept_whole_below_hard_max() -> None:
    sentence = "这是一个很长的句子，" * 4 + "结束。"  # 43 chars, one sentence
    assert [p.text for p in split_passages(sentence, target=20, hard_max=50)] == [sentence]


def test_over_long_sentence_splits_after_commas() -> None:
    sentence = "这是一个很长的句子，" * 6 + "结束。"
    pieces = split_passages(sentence, target=20, hard_max=30)
    assert [p.text for p in pieces] == ["这是一个很长的句子，这是一个很长的句子，"] * 3 + ["结束。"]


def test_pause_spaces_split_but_latin_names_stay() -> None:
    text = "我在法国遇到了 Terry Sejnowski 他讲得很好 后来我们成为朋友 那是1985年"
    # A space next to a Latin word may be inside a name, so only hanzi-side spaces are pauses.
    texts = [p.text for p in split_passages(text, target=12, hard_max=40)]
    assert texts == ["我在法国遇到了 Terry Sejnowski 他讲得很好", "后来我们成为朋友", "那是1985年"]


def test_target_must_fit_hard_max() -> None:
    with pytest.raises(ValueError):
        split_passages("文本", target=10, hard_max=5)


def _seed(index: int) -> str:
    return normalise(SEEDS[index].read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", range(5))
def test_seed_invariants_and_short_lines_whole(index: int) -> None:
    text = _seed(index)
    pieces = split_passages(text)
    _check_invariants(text, pieces)
    assert all(len(p.text) <= 500 for p in pieces)
    texts = {p.text for p in pieces}
    for line in text.split("\n"):
        if 0 < len(line.strip()) <= 300:
            assert line.strip() in texts


def test_seed_003_long_answer_splits_at_sentence_ends() -> None:
    text = _seed(3)
    line = next(ln for ln in text.split("\n") if ln.startswith("在这之后,我认为模型崩溃"))
    pieces = split_passages(line)
    assert len(pieces) >= 2
    assert all(p.text[-1] in "。;)" for p in pieces[:-1])


def test_seed_004_transcript_becomes_readable_passages() -> None:
    text = _seed(4)
    pieces = split_passages(text)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    long_lines = [ln for ln in lines if len(ln) > 300]
    assert len(long_lines) >= 8  # the interview answers that run on without 。
    # Every passage fits the target: spaces between spoken sentences give room everywhere.
    assert all(len(p.text) <= 300 for p in pieces)
    assert len(lines) + len(long_lines) <= len(pieces) <= len(lines) + 2 * len(long_lines)
    # The 571-char opening answer (film, Piaget vs Chomsky) is split between spoken sentences.
    answer = [p.text for p in pieces if p.start >= text.index("对, 是的, 当时在法国")][:3]
    assert answer[0].startswith("对, 是的, 当时在法国")
    assert all(len(t) >= 20 for t in answer)
    for name in ["Yann LeCun", "Terry Sejnowski", "Geoffrey Hinton", "Alex Krizhevsky"]:
        for match in re.finditer(name, text):
            assert any(p.start <= match.start() and match.end() <= p.end for p in pieces), name
