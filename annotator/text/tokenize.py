# TEMPORARY SHIM (search branch) until the text branch lands: jieba behind the agreed interface.
from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
import jieba.posseg

jieba.setLogLevel(logging.ERROR)
_DICT = Path(__file__).with_name("dictionary.txt")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Za-z0-9]+)*(?: [A-Z][A-Za-z]+)*|[A-Z0-9]+-\d+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str


def load_default_words() -> list[tuple[str, int | None, str | None]]:
    words: list[tuple[str, int | None, str | None]] = []
    if not _DICT.exists():
        return words
    for line in _DICT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.rsplit(" ", 2)
        if len(parts) == 3 and parts[1].isdigit():
            words.append((parts[0], int(parts[1]), parts[2]))
        else:
            words.append((line, None, None))
    return words


class Tokenizer:
    def __init__(self, user_words: Iterable[tuple[str, int | None, str | None]] = ()) -> None:
        words = list(user_words)
        digest = hashlib.sha256(repr(words).encode()).hexdigest()[:8]
        self.version = f"jieba0.42.1-nohmm-dict:{digest}"
        self._jieba = jieba.Tokenizer()
        with _lock:
            self._jieba.initialize()
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)
        self._pos = jieba.posseg.POSTokenizer(self._jieba)

    def tokens(self, text: str) -> list[Token]:
        out: list[Token] = []
        for word, start, end in self._jieba.tokenize(text, HMM=False):
            out.append(Token(start, end, word))
        return out

    def search_text(self, text: str) -> str:
        words = (unicodedata.normalize("NFKC", t.word).lower() for t in self.tokens(text))
        return " ".join(w for w in words if w.strip())

    def snap(self, text: str, start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        for token in self.tokens(text):
            if token.start <= start < token.end:
                start = token.start
            if token.start < end <= token.end:
                end = token.end
        return start, end

    def names(self, text: str) -> list[Token]:
        found: list[Token] = []
        pos = 0
        for pair in self._pos.cut(text, HMM=False):
            word, flag = pair.word, pair.flag
            if flag in ("nr", "nrt", "nrfg", "nt", "nz") and len(word) > 1 and not word.isascii():
                found.append(Token(pos, pos + len(word), word))
            pos += len(word)
        for m in _LATIN_NAME.finditer(text):
            found.append(Token(m.start(), m.end(), m.group()))
        return sorted(found, key=lambda t: (t.start, t.end))
