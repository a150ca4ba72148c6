# TEMPORARY SHIM until the text branch lands: the interface of the real Tokenizer, backed by jieba.
import logging
from typing import NamedTuple

import jieba

jieba.setLogLevel(logging.WARNING)


class Token(NamedTuple):
    start: int
    end: int
    word: str


class Tokenizer:
    version = "shim"

    def __init__(self, words=()):
        self._jieba = jieba.Tokenizer()
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)

    def tokens(self, text):
        return [Token(s, e, w) for w, s, e in self._jieba.tokenize(text)]

    def snap(self, text, start, end):
        for t in self.tokens(text):
            if t.start <= start < t.end:
                start = t.start
            if t.start < end <= t.end:
                end = t.end
        return start, end

    def search_text(self, t):
        return " ".join(w.lower() for _, _, w in self.tokens(t) if w.strip())

    def names(self, text):
        return []


def load_default_words():
    return []
