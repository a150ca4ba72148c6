"""The import's bulk path gives exactly the index text search_text gives, text by text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.pipeline import prepare_article
from annotator.text.tokenize import Tokenizer, load_default_words

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
# Chinese, Latin, digits, full-width forms, spaces of several kinds, combining marks, surrogates.
ALPHABET = st.sampled_from(
    list("开源模型的不是研究者数据AIGPT-2 ａｂ１２\u3000\u00a0\t.,。，é\u0301´𠮷🙂\ud800")
)
TEXTS = st.lists(st.text(ALPHABET, min_size=0, max_size=30), min_size=0, max_size=8)


@pytest.fixture(scope="module", params=["rjieba", "jieba"])
def tokenizer(request: pytest.FixtureRequest) -> Tokenizer:
    return Tokenizer(load_default_words(), engine=request.param)


def test_seed_passages_match_one_by_one(tokenizer: Tokenizer) -> None:
    for path in SEEDS:
        texts = [p.text for p in prepare_article(path.read_text(encoding="utf-8")).passages]
        assert tokenizer.search_texts(texts) == [tokenizer.search_text(t) for t in texts]


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_any_texts_match_one_by_one(tokenizer: Tokenizer, texts: list[str]) -> None:
    assert tokenizer.search_texts(texts) == [tokenizer.search_text(t) for t in texts]


def test_a_text_with_a_newline_is_not_merged_with_its_neighbours(tokenizer: Tokenizer) -> None:
    texts = ["开源\n模型", "研究者"]
    assert tokenizer.search_texts(texts) == [tokenizer.search_text(t) for t in texts]


def test_cut_gives_the_words_of_the_tokens(tokenizer: Tokenizer) -> None:
    text = "Yann LeCun 认为担心模型太强大而不开源，太矫情。"
    assert tokenizer.cut(text) == [t.word for t in tokenizer.tokens(text)]
