"""The two jieba implementations behind Tokenizer, each a private instance with its own words.

Both run with HMM off: the HMM guesses words missing from the dictionary and
the two implementations guess differently (measured: not one seed agreed),
while with HMM off they agree token for token on every seed, with and without
the default user dictionary.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol

__all__ = ["Engine", "JiebaEngine", "RJiebaEngine", "make_engine"]

UserWord = tuple[str, int | None, str | None]
RawToken = tuple[str, int, int]

_SURROGATE = re.compile("[\ud800-\udfff]")


class Engine(Protocol):
    """What Tokenizer needs from a segmenter: spans in code points, and a tag per span."""

    name: str

    def spans(self, text: str) -> list[RawToken]: ...

    def cut(self, text: str) -> list[str]: ...

    def tags(self, text: str, spans: Sequence[RawToken]) -> list[str] | None: ...


class RJiebaEngine:
    """jieba-rs through rjieba: the fast path."""

    def __init__(self, words: Sequence[UserWord]) -> None:
        import rjieba

        self.name = "rjieba" + _package_version("rjieba")
        # A private instance: words added here never reach rjieba's module-level default.
        self._jieba = rjieba.Jieba()
        self._user_tags = {word: tag for word, _, tag in words if tag}
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)

    def spans(self, text: str) -> list[RawToken]:
        """Tokens with code-point offsets (rjieba counts code points, not UTF-8 bytes)."""
        if _SURROGATE.search(text) is None:
            return self._jieba.tokenize(text, hmm=False)
        # Rust strings cannot hold a lone surrogate; U+FFFD keeps every offset in place
        # and the words are cut from the original text.
        safe = _SURROGATE.sub("\ufffd", text)
        return [(text[s:e], s, e) for _, s, e in self._jieba.tokenize(safe, hmm=False)]

    def cut(self, text: str) -> list[str]:
        """The words of `text` without offsets: the same words as spans(), built faster."""
        if _SURROGATE.search(text) is None:
            words: list[str] = self._jieba.cut(text, hmm=False)
            return words
        return [word for word, _, _ in self.spans(text)]

    def tags(self, text: str, spans: Sequence[RawToken]) -> list[str] | None:
        """POS tags aligned to `spans`, or None if rjieba's tagger segmented differently."""
        tagged = self._jieba.tag(_SURROGATE.sub("\ufffd", text), hmm=False)
        if [len(w) for w, _ in tagged] != [e - s for _, s, e in spans]:
            return None
        # add_word keeps the built-in tag of a word jieba already knows (图灵奖 stays 'n');
        # the user's tag wins, as it does in pure jieba.
        pairs = zip(spans, tagged, strict=True)
        return [self._user_tags.get(word, tag) for (word, _, _), (_, tag) in pairs]


class JiebaEngine:
    """Pure-Python jieba: the reference implementation and the fallback."""

    def __init__(self, words: Sequence[UserWord]) -> None:
        # Imported by name: jieba ships no type information, and this keeps mypy --strict
        # clean with or without the project's ignore_missing_imports setting.
        jieba = importlib.import_module("jieba")
        # jieba logs "Building prefix dict..." to stderr at DEBUG; keep the app's logs clean.
        jieba.setLogLevel(logging.WARNING)
        self.name = "jieba" + _package_version("jieba")
        self._jieba: Any = jieba.Tokenizer()
        self._jieba.initialize()
        self._user_tags: dict[str, str] = {}
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)
            if tag:
                self._user_tags[word] = tag
        self._dict_tags: dict[str, str] | None = None

    def spans(self, text: str) -> list[RawToken]:
        """Tokens with code-point offsets."""
        return [(w, s, e) for w, s, e in self._jieba.tokenize(text, HMM=False)]

    def cut(self, text: str) -> list[str]:
        """The words of `text` without offsets."""
        return list(self._jieba.cut(text, HMM=False))

    def tags(self, text: str, spans: Sequence[RawToken]) -> list[str] | None:
        """Dictionary POS tags per span, as rjieba gives them with HMM off ('x' if unknown)."""
        # jieba.posseg re-segments numbers and Latin differently from tokenize(), so
        # look the tags up per token instead of aligning two segmentations.
        if self._dict_tags is None:
            posseg = importlib.import_module("jieba.posseg")
            self._dict_tags = dict(posseg.POSTokenizer(self._jieba).word_tag_tab)
        return [self._user_tags.get(w) or self._dict_tags.get(w, "x") for w, _, _ in spans]


def make_engine(name: str | None, words: Sequence[UserWord]) -> Engine:
    """Build the named engine, or rjieba when it imports and jieba otherwise."""
    if name == "jieba":
        return JiebaEngine(words)
    if name == "rjieba":
        return RJiebaEngine(words)
    if name is not None:
        raise ValueError(f"unknown tokenizer engine {name!r}: use 'rjieba' or 'jieba'")
    try:
        return RJiebaEngine(words)
    except ImportError:
        return JiebaEngine(words)


def _package_version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
