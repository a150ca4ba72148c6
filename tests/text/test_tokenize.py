"""Tokenizer: engines agree, dictionaries stay private, offsets are code points, snapping."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.engines import JiebaEngine, RJiebaEngine
from annotator.text.tokenize import (
    Token,
    Tokenizer,
    default_tokenizer,
    load_default_words,
    parse_dictionary_line,
)

SEEDS = [
    p.read_text(encoding="utf-8")
    for p in sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
]
WORDS = load_default_words()


@pytest.fixture(scope="module")
def fast() -> Tokenizer:
    return Tokenizer(WORDS, engine="rjieba")


@pytest.fixture(scope="module")
def reference() -> Tokenizer:
    return Tokenizer(WORDS, engine="jieba")


@pytest.fixture(scope="module")
def plain_jieba() -> JiebaEngine:
    return JiebaEngine([])


def test_engines_token_identical_on_every_seed_with_dictionary(
    fast: Tokenizer, reference: Tokenizer
) -> None:
    for text in SEEDS:
        assert fast.tokens(text) == reference.tokens(text)


def test_engines_token_identical_on_every_seed_without_dictionary(
    plain_jieba: JiebaEngine,
) -> None:
    rust = RJiebaEngine([])
    for text in SEEDS:
        assert rust.spans(text) == plain_jieba.spans(text)


def test_hmm_is_where_the_engines_part(plain_jieba: JiebaEngine) -> None:
    # Why HMM stays off: with it on, the two implementations guess unknown words differently.
    python = plain_jieba._jieba
    rust = rjieba.Jieba()
    differing = [
        text
        for text in SEEDS
        if [tuple(t) for t in rust.tokenize(text, hmm=True)]
        != list(python.tokenize(text, HMM=True))
    ]
    assert differing


def test_names_agree_between_engines_on_seeds(fast: Tokenizer, reference: Tokenizer) -> None:
    for text in SEEDS:
        assert fast.names(text) == reference.names(text)


def test_dictionary_makes_compound_one_token(fast: Tokenizer) -> None:
    plain = Tokenizer(engine="rjieba")
    assert [t.word for t in fast.tokens("卷积神经网络")] == ["卷积神经网络"]
    assert [t.word for t in plain.tokens("卷积神经网络")] == ["卷积", "神经网络"]
    assert "GPT-2" in [t.word for t in fast.tokens("OpenAI的GPT-2模型")]


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_words_stay_in_their_own_instance(engine: str) -> None:
    Tokenizer([("深度伪造检测器", 5000, "n")], engine=engine)
    fresh = Tokenizer(engine=engine)
    assert "深度伪造检测器" not in [t.word for t in fresh.tokens("一个深度伪造检测器")]
    assert not rjieba.has_word("深度伪造检测器")


def test_offsets_are_code_points(fast: Tokenizer, reference: Tokenizer) -> None:
    text = "𠮷野家😀开源 模型\ud800"  # a lone surrogate too: Rust cannot take one as is
    for tokenizer in (fast, reference):
        tokens = tokenizer.tokens(text)
        assert all(text[t.start : t.end] == t.word for t in tokens)
        assert tokens[-1].end == len(text) == 10


def test_whitespace_runs_are_single_tokens(fast: Tokenizer) -> None:
    words = [t.word for t in fast.tokens("开源  模型\n\n\u3000数据")]
    assert words == ["开源", "  ", "模型", "\n\n\u3000", "数据"]


def test_search_text_folds_and_drops_space(fast: Tokenizer) -> None:
    folded = fast.search_text("Ｙａｎｎ ＬｅＣｕｎ说\u3000ＧＰＴ－２不开源")
    assert folded == "yann lecun 说 gpt-2 不开源"
    assert fast.search_text(" \n ") == ""


def test_snap_widens_to_words_and_trims_space(fast: Tokenizer) -> None:
    text = "他们担心卷积神经网络被滥用。"
    start = text.index("神经")
    assert fast.snap(text, start, start + 2) == (4, 10)  # inside 卷积神经网络
    assert fast.snap(text, 3, 5) == (2, 10)  # 心卷 -> 担心卷积神经网络
    padded = "  开源  "
    assert fast.snap(padded, 0, 6) == (2, 4)
    assert fast.snap(padded, 0, 2) == (2, 2)  # all space: empty, not widened


def test_names_find_people_organisations_and_latin_names(fast: Tokenizer) -> None:
    names = {t.word for t in fast.names(SEEDS[1])}
    assert {"Yann LeCun", "Timnit Gebru", "Luca Massaron", "杜克大学", "PULSE", "StyleGAN"} <= names
    assert "Yann" not in names and "LeCun" in names  # lone "LeCun" appears too, whole
    names = {t.word for t in fast.names(SEEDS[2])}
    assert {"马斯克", "OpenAI", "CloseAI", "GPT-2", "Sam Altman", "特斯拉"} <= names
    assert "AI" not in names


def test_names_skip_sentence_openers(fast: Tokenizer) -> None:
    text = "(The social side of an AI career is extremely important too!)"
    assert [t.word for t in fast.names(text)] == []


def test_version_tracks_engine_and_dictionary(reference: Tokenizer) -> None:
    with_words = Tokenizer(WORDS, engine="rjieba").version
    assert with_words.startswith("rjieba0.2.2-nohmm-dict:")
    assert with_words == Tokenizer(list(WORDS), engine="rjieba").version
    assert with_words != Tokenizer(engine="rjieba").version
    assert with_words != Tokenizer([*WORDS, ("偏见", 10, "n")], engine="rjieba").version
    assert reference.version == with_words.replace("rjieba0.2.2", "jieba0.42.1")


def test_default_dictionary_is_read_from_the_package() -> None:
    assert 30 <= len(WORDS) <= 80
    assert ("Yann LeCun", 1000, "nr") in WORDS and ("卷积神经网络", 1000, "n") in WORDS
    assert parse_dictionary_line("# comment") is None
    assert parse_dictionary_line("开源") == ("开源", None, None)
    assert parse_dictionary_line("开源 20") == ("开源", 20, None)


def test_default_tokenizer_is_built_once_across_threads() -> None:
    seen: list[Tokenizer] = []
    threads = [threading.Thread(target=lambda: seen.append(default_tokenizer())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(t) for t in seen}) == 1
    assert [t.word for t in seen[0].tokens("卷积神经网络")] == ["卷积神经网络"]


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError):
        Tokenizer(engine="hanlp")


TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "卷积神经网络",
                " ",
                "  ",
                "\n",
                "\u3000",
                "GPT-2",
                "𠮷",
                "😀",
                "e\u0301",
                "开源",
                "Yann LeCun",
                "。",
            ]
        ),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_tokens_tile_any_text(text: str) -> None:
    tokens = default_tokenizer().tokens(text)
    assert "".join(t.word for t in tokens) == text
    assert all(t.word == text[t.start : t.end] and t.word for t in tokens)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))
    assert not any(
        a.word.isspace() and b.word.isspace() for a, b in zip(tokens, tokens[1:], strict=False)
    )


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(0, 45), st.integers(0, 45))
def test_snap_returns_token_boundaries_around_the_selection(text: str, a: int, b: int) -> None:
    tokenizer = default_tokenizer()
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    snapped = tokenizer.snap(text, start, end)
    selection = text[start:end]
    if selection.strip():
        boundaries = {t.start for t in tokenizer.tokens(text)} | {len(text)}
        assert snapped[0] in boundaries and snapped[1] in boundaries
        assert snapped[0] < snapped[1]
        assert (
            text[snapped[0] : snapped[1]].strip()
            and selection.strip() in text[snapped[0] : snapped[1]]
        )
        assert snapped[0] <= start + (len(selection) - len(selection.lstrip()))
        assert snapped[1] >= end - (len(selection) - len(selection.rstrip()))
    else:
        assert snapped[0] == snapped[1]


def test_token_is_small() -> None:
    assert not hasattr(Token(0, 1, "a"), "__dict__")  # slots: millions are built in a benchmark
