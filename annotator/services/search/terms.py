"""What the full-text index stores and how a query becomes index terms (pure, no database).

Both databases see the same thing: words made only of letters and digits, separated by
single spaces. Punctuation is dropped on both sides, so "GPT-2" is the phrase "gpt 2" in
the index and in the query whatever jieba did with the hyphen, and nothing a person types
can be read as query syntax by FTS5 or tsquery.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt
from opencc import OpenCC

# Bump when index_text() changes what it stores: recorded on articles, so reindex finds them.
INDEX_VERSION = "idx1"
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 20

_WORD = re.compile(r"[^\W_]+")
_CJK_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{3,}")
_converter_lock = threading.Lock()


class SearchTokenizer(Protocol):
    """The part of annotator.text.tokenize.Tokenizer that search needs."""

    version: str

    def search_text(self, text: str) -> str: ...


class QueryError(ValueError):
    """The query cannot be searched; the message says why in words a person understands.

    `template` is a gettext msgid with %(name)s placeholders filled from `params`, so the
    web pages can show it translated while str() gives the English message.
    """

    def __init__(self, template: str, field: str = "q", **params: object) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.field = field
        self.params = params


@dataclass(frozen=True)
class Term:
    """One query word: its parts must appear next to each other (e.g. "gpt", "2")."""

    parts: tuple[str, ...]
    # Other names of the same stance holder (holder aliases): a passage may match any one.
    also: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        """Every word sequence that satisfies the term: its own, then the other names."""
        return (self.parts, *self.also)


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _conversion_triggers() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """What can make t2s change a text: characters it always converts, and phrase-only changes."""
    from pathlib import Path

    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"

    def mappings(name: str) -> list[tuple[str, str]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        # OpenCC takes the first candidate; every mapping keeps the length.
        return [(k, v.split(" ")[0]) for k, _, v in (line.partition("\t") for line in lines)]

    chars = frozenset(k for k, v in mappings("TSCharacters.txt") if k != v)
    # Phrases that change a character which alone would stay (瞭解 -> 了解, 反覆 -> 反复).
    phrases = sorted(
        (
            k
            for k, v in mappings("TSPhrases.txt")
            if any(a != b and a not in chars for a, b in zip(k, v, strict=False))
        ),
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(map(re.escape, phrases))) if phrases else None
    return chars, pattern


def to_simplified(text: str) -> str:
    """Traditional Chinese to Simplified (OpenCC t2s); the length never changes."""
    if not _may_convert(text):
        return text  # most newsroom text: skip the slow converter, which would change nothing
    with _converter_lock:
        converted: str = _t2s().convert(text)
    # OpenCC's t2s tables map every entry to a string of the same length; guard anyway
    # because highlighting maps offsets back through this conversion.
    return converted if len(converted) == len(text) else text


def simplified_texts(texts: Sequence[str]) -> list[str]:
    """to_simplified() of each text; one check of them all when none can change (the usual)."""
    # A character or phrase t2s would change in one text is in the texts joined (no phrase
    # holds a newline), so one pass over the whole article clears every passage at once.
    if not _may_convert("\n".join(texts)):
        return list(texts)
    return [to_simplified(text) for text in texts]


def _may_convert(text: str) -> bool:
    """Whether t2s can change the text: one of its characters, or one of its phrases."""
    chars, phrases = _conversion_triggers()
    # A table lookup per code point in numpy: frozenset.isdisjoint builds a str per character.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if _trigger_table()[codes].any():
        return True
    return phrases is not None and phrases.search(text) is not None


@lru_cache(maxsize=1)
def _trigger_table() -> npt.NDArray[np.bool_]:
    """The characters t2s always converts, as a lookup table over every code point (1.1 MB)."""
    table = np.zeros(sys.maxunicode + 1, dtype=np.bool_)
    table[[ord(c) for c in _conversion_triggers()[0]]] = True
    return table


def _words(search_text: str) -> list[str]:
    return _WORD.findall(search_text)


_subword_cache: dict[str, dict[str, tuple[str, ...]]] = {}


def _subwords(tokenizer: SearchTokenizer, token: str) -> tuple[str, ...]:
    """Dictionary words inside a long Chinese token, so 开源 also finds 不开源 and 无偏见 偏见."""
    cache = _subword_cache.get(tokenizer.version)
    if cache is None:
        _subword_cache.clear()
        cache = _subword_cache[tokenizer.version] = {}
    found = cache.get(token)
    if found is not None:
        return found
    seen: list[str] = []
    pending = [token]
    while pending:
        word = pending.pop()
        for part in (word[1:], word[:-1]):
            for sub in tokenizer.search_text(part).split():
                if len(sub) >= 2 and sub != token and sub not in seen:
                    seen.append(sub)
                    if len(sub) >= 3:
                        pending.append(sub)
    found = cache[token] = tuple(seen)
    return found


def _token_index_words(tokenizer: SearchTokenizer, token: str) -> str:
    """What one whitespace-separated token of a search text puts in the index: its
    letters-and-digits words, then the sub-words of a long Chinese word ("" for punctuation)."""
    out = _words(token)
    if _CJK_WORD.fullmatch(token):
        out.extend(_subwords(tokenizer, token))
    return " ".join(out)


class _TokenIndexWords(dict[str, str]):
    """token -> _token_index_words(token), filled as tokens are met: a passage's index text
    is then a dictionary lookup per word (in C, through map) instead of regex passes."""

    def __init__(self, tokenizer: SearchTokenizer) -> None:
        super().__init__()
        self.tokenizer = tokenizer

    def __missing__(self, token: str) -> str:
        if len(self) >= _MAX_CACHED_TOKENS:
            self.clear()  # a long-lived worker meets new numbers and names without end
        found = self[token] = _token_index_words(self.tokenizer, token)
        return found


# Distinct tokens remembered (a few tens of MB at most); a language's words are far fewer.
_MAX_CACHED_TOKENS = 500_000
_token_words_cache: dict[str, _TokenIndexWords] = {}


def _index_words(tokenizer: SearchTokenizer, search_text: str) -> str:
    """Letters-and-digits words of a search text, with the sub-words of long Chinese words."""
    return _joined_index_words(_token_words(tokenizer), search_text.split())


def _token_words(tokenizer: SearchTokenizer) -> _TokenIndexWords:
    words = _token_words_cache.get(tokenizer.version)
    if words is None:
        _token_words_cache.clear()
        words = _token_words_cache[tokenizer.version] = _TokenIndexWords(tokenizer)
    return words


def _joined_index_words(words: _TokenIndexWords, tokens: Sequence[str]) -> str:
    # A token whose words are "" (punctuation) leaves no gap: filter drops it.
    return " ".join(filter(None, map(words.__getitem__, tokens)))


def index_text(tokenizer: SearchTokenizer, text: str) -> str:
    """The text the full-text index stores for a passage."""
    return _index_words(tokenizer, tokenizer.search_text(to_simplified(text)))


def index_texts(tokenizer: SearchTokenizer, texts: Sequence[str]) -> list[str]:
    """index_text() of each text, segmented in one engine call when the tokenizer can."""
    simplified = simplified_texts(texts)
    # The tokenizer's bulk path hands each text's search words over unjoined: joining them
    # only to split them again cost a join and a split per passage.
    bulk = getattr(tokenizer, "search_words", None)
    tokens = bulk(simplified) if bulk else [tokenizer.search_text(t).split() for t in simplified]
    words = _token_words(tokenizer)
    return [_joined_index_words(words, each) for each in tokens]


def segmenter_version(passages_version: str, tokenizer: SearchTokenizer) -> str:
    """What articles record: passage splitting, tokenizer (engine + dictionary) and index form."""
    return f"{passages_version}+{tokenizer.version}+{INDEX_VERSION}"


def name_key(name: str) -> str:
    """How a holder's name is compared: NFKC, Simplified, lower case, no outer space."""
    return to_simplified(unicodedata.normalize("NFKC", name)).lower().strip()


def _phrase(tokenizer: SearchTokenizer, text: str) -> tuple[str, ...]:
    """The index words of a name, in order: the phrase a passage naming it contains."""
    tokens = tokenizer.search_text(to_simplified(text)).split()
    return tuple(part for token in tokens for part in _words(token))


def query_terms(
    tokenizer: SearchTokenizer, query: str, other_names: Mapping[str, Sequence[str]] | None = None
) -> list[Term]:
    """Segment a query like the passages; every term must match. Raises QueryError.

    A word of the query that names a stance holder (`other_names`: name_key -> the holder's
    other names, from the holder aliases) becomes one term that any of those names satisfies.
    """
    query = unicodedata.normalize("NFC", query).strip()
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            "The search is too long: at most %(limit)s characters.", limit=MAX_QUERY_CHARS
        )
    terms: list[Term] = []
    for chunk in query.split():
        others = (other_names or {}).get(name_key(chunk))
        if others:
            parts = _phrase(tokenizer, chunk)
            also = tuple(p for p in dict.fromkeys(_phrase(tokenizer, n) for n in others) if p)
            if parts:
                terms.append(Term(parts, tuple(p for p in also if p != parts)))
            continue
        for token in tokenizer.search_text(to_simplified(chunk)).split():
            parts = tuple(_words(token))
            if parts and Term(parts) not in terms:
                terms.append(Term(parts))
    if not terms:
        raise QueryError("Type a word to search for (punctuation alone finds nothing).")
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError("Too many words: at most %(limit)s.", limit=MAX_QUERY_TERMS)
    return terms


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, all of them required."""

    # Parts are letters and digits only, so quoting cannot be broken out of.
    def either(term: Term) -> str:
        quoted = ['"' + " ".join(phrase) + '"' for phrase in term.phrases]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    return " AND ".join(either(term) for term in terms)
