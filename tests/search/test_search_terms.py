"""Pure properties of the index text, query terms, Simplified folding and highlighting."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.services.search import Term, highlight, index_text, query_terms, terms, to_simplified
from annotator.services.search.terms import QueryError, fts5_query
from annotator.text.tokenize import default_tokenizer

WORDS = re.compile(r"(?:[^\W_]+(?: [^\W_]+)*)?")
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("开源偏见模型數據集GPT-2 LeCun<>&\"'　")),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_index_text_is_letters_and_digits_separated_by_single_spaces(text):
    assert WORDS.fullmatch(index_text(default_tokenizer(), text))


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_highlight_escapes_everything_and_changes_no_text(text, query):
    try:
        terms = query_terms(default_tokenizer(), query)
    except QueryError:
        terms = [Term(("开源",))]
    marked = str(highlight(text, terms, snippet=None))
    assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")
    assert html.unescape(marked.replace("<mark>", "").replace("</mark>", "")) == text


@settings(max_examples=150, deadline=None)
@given(texts)
def test_simplified_folding_keeps_every_offset(text):
    assert len(to_simplified(text)) == len(text)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_queries_become_quoted_phrases_of_words(query):
    try:
        terms = query_terms(default_tokenizer(), query)
    except QueryError as exc:
        assert exc.template and str(exc)
        return
    assert re.fullmatch(
        r'"[^\W_]+(?: [^\W_]+)*"(?: AND "[^\W_]+(?: [^\W_]+)*")*', fts5_query(terms)
    )


def test_examples():
    tokenizer = default_tokenizer()
    assert to_simplified("開源模型的偏見與資料集") == "开源模型的偏见与资料集"
    assert [t.parts for t in query_terms(tokenizer, "GPT-2 開源")] == [("gpt", "2"), ("开源",)]
    assert "开源" in index_text(tokenizer, "决定不开源").split()  # the word inside 不开源
    marked = str(highlight("Yann LeCun 说 lecun 不是 LeCunx", query_terms(tokenizer, "LECUN")))
    assert marked.count("<mark>") == 2  # whole Latin words only


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=6))
def test_the_remembered_index_words_agree_with_the_token_by_token_definition(parts):
    tokenizer = default_tokenizer()
    search_text = " ".join(tokenizer.search_text(part) for part in parts)
    for text in (search_text, "\t".join(parts), "不开源的模型 \ufa6e开源模型 无偏见的数據集"):
        # Twice: the second time every token's words come from the cache.
        for _ in range(2):
            expected = [terms._token_index_words(tokenizer, token) for token in text.split()]
            assert terms._index_words(tokenizer, text) == " ".join(w for w in expected if w)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=6))
def test_an_articles_passages_are_indexed_as_each_passage_alone(parts):
    tokenizer = default_tokenizer()
    # Traditional and Simplified passages side by side: one converts, the other must not.
    for passages in (parts, [*parts, "開源模型的偏見", "开源模型"], ["瞭解", "了解"]):
        expected = [index_text(tokenizer, p) for p in passages]
        assert terms.index_texts(tokenizer, passages) == expected
        assert terms.simplified_texts(passages) == [to_simplified(p) for p in passages]
