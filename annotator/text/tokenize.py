"""Chinese word tokens with code-point offsets, for search, span snapping and holder names.

Engine findings (seeds 000-004, measured; tests/text/test_tokenize.py keeps
the comparisons honest):

* rjieba 0.2.2 with HMM off is token-identical to jieba 0.42.1 with HMM off
  on every seed, with and without the default dictionary.  With HMM on they
  differ on every seed, so HMM stays off and the two engines are
  interchangeable; `version` still names the engine that produced a token.
* Offsets are code points in both ('𠮷' and emoji are one position each).
* Each Tokenizer holds a private engine instance: words added to one are not
  seen by another nor by the engines' module-level defaults.
* Speed on the seeds ×20 (560,200 chars; benchmarks/text_engines.py; a
  2-core machine shared with other work, so ranges): rjieba tokenize 2-5 M
  chars/s (its cut(), without offsets, 5-8 M), jieba 0.27-0.34 M: 7-15×,
  not the 28× once quoted.  Through this class tokens() runs ~0.8 M chars/s
  with rjieba and ~0.17 M with jieba, because building a Python object per
  token (~1 µs each here) costs more than segmenting; search_text() ~1.2-1.9 M.
* Neither engine can match a user word containing a space ("Yann LeCun"):
  both cut Latin text at spaces before the dictionary is consulted.
  names() joins runs of capitalised Latin words itself.
* rjieba's add_word keeps the built-in POS tag of a word it already knows
  (图灵奖 stays 'n'); jieba takes the user's.  The engines apply user tags
  themselves so names() agrees between them on every seed.
* jieba's dictionary tags are noisy: 谢谢, 修正 and 道德 are 'nr', 论文 is
  'nz'.  names() returns them as the agreed tag rule says; the holder
  suggestion UI should expect some noise.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files

from annotator.text.engines import Engine, RawToken, make_engine

__all__ = ["Token", "Tokenizer", "default_tokenizer", "load_default_words"]

UserWord = tuple[str, int | None, str | None]

# POS tags jieba gives to person (nr, nrt, nrfg), organisation (nt) and other proper nouns (nz).
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz"})
# Capitalised Latin words, hyphen/dot/digit parts allowed (GPT-2, A.N.), joined by single spaces.
_LATIN_WORD = r"[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_LATIN_NAME = re.compile(rf"(?<![A-Za-z0-9\-.]){_LATIN_WORD}(?: {_LATIN_WORD})*(?![A-Za-z0-9])")
# Capitalised only because they open an English sentence; never a holder.
_SENTENCE_OPENERS = frozenset(
    "The This That These Those It In On At For And But Or If A An".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """A token, `word == text[start:end]`; whitespace runs are tokens too, so tokens tile."""

    start: int
    end: int
    word: str


class Tokenizer:
    """Segment Chinese text with a private jieba instance that knows the given user words."""

    def __init__(
        self,
        user_words: Iterable[UserWord] = (),
        *,
        engine: str | None = None,
    ) -> None:
        words = [(w, f, t) for w, f, t in user_words if w and not w.isspace()]
        self._engine: Engine = make_engine(engine, words)
        self.engine = self._engine.name
        digest = hashlib.sha256(
            "\n".join(f"{w}\t{f}\t{t}" for w, f, t in words).encode("utf-8")
        ).hexdigest()[:8]
        self.version = f"{self.engine}-nohmm-dict:{digest}"

    def tokens(self, text: str) -> list[Token]:
        """Tokens that tile `text` exactly, whitespace runs merged into one token each."""
        return [Token(s, e, text[s:e]) for s, e in _tile(text, self._engine.spans(text))]

    def search_text(self, text: str) -> str:
        """Words joined by single spaces, lower-cased and NFKC-folded: the full-text index form."""
        # Fold before segmenting: full-width 'ＡＢＣ' or '２０１９' then segment as one word, as
        # a typed query does.  Lower-case after, because dictionary words ('GPT-2') are
        # case-sensitive; split() guarantees single spaces whatever folding produced.
        folded = unicodedata.normalize("NFKC", text)
        words = " ".join(w for w, _, _ in self._engine.spans(folded) if not w.isspace())
        return " ".join(words.lower().split())

    def search_texts(self, texts: Sequence[str]) -> list[str]:
        """search_text() of each text, segmented in one engine call."""
        return [" ".join(words) for words in self.search_words(texts)]

    def search_words(self, texts: Sequence[str]) -> list[list[str]]:
        """search_text() of each text as its list of words: the import's bulk path."""
        # Per call, the engines pay far more than per character (rjieba: ~3x the cost of
        # cutting the same text in one piece).  Both cut text into blocks at whitespace before
        # consulting the dictionary, so a newline between texts segments each text exactly as
        # alone; a text holding a newline itself would blur the seams, so it goes one by one.
        folded = [unicodedata.normalize("NFKC", text) for text in texts]
        if len(folded) < 2 or any("\n" in text for text in folded):
            return [self.search_text(text).split() for text in texts]
        joined = " ".join(self._engine.cut("\n".join(folded))).lower()
        return [part.split() for part in joined.split("\n")]

    def cut(self, text: str) -> list[str]:
        """The engine's words for `text`, whitespace included: bare segmentation, no offsets."""
        return self._engine.cut(text)

    def snap(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) outward to token boundaries after trimming whitespace inward."""
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        start, end = min(start, end), max(start, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return start, end
        spans = _tile(text, self._engine.spans(text))
        new_start = next(s for s, e in spans if s <= start < e)
        new_end = next(e for s, e in spans if s < end <= e)
        return new_start, new_end

    def names(self, text: str) -> list[Token]:
        """Person, organisation and proper-noun tokens plus capitalised Latin names, in order."""
        found = _latin_names(text)
        raw = self._engine.spans(text)
        tags = self._engine.tags(text, raw) or []
        for (word, start, end), tag in zip(raw, tags, strict=False):
            if tag in NAME_TAGS and len(word) >= 2 and not _overlaps(found, start, end):
                found.append(Token(start, end, word))
        return sorted(found, key=lambda token: token.start)


def _latin_names(text: str) -> list[Token]:
    found = []
    for match in _LATIN_NAME.finditer(text):
        start, name = match.start(), match.group()
        first, _, rest = name.partition(" ")
        if first in _SENTENCE_OPENERS:
            if not rest:
                continue
            start, name = start + len(first) + 1, rest
        # Lone two-letter capitals (AI, ML, PS) are too common to suggest as holders.
        if " " in name or len(name) > 2:
            found.append(Token(start, start + len(name), name))
    return found


def _overlaps(tokens: Sequence[Token], start: int, end: int) -> bool:
    return any(t.start < end and start < t.end for t in tokens)


def _tile(text: str, raw: Sequence[RawToken]) -> list[tuple[int, int]]:
    """Make engine tokens tile the text: merge whitespace runs, fill gaps, clip overlaps."""
    # The benchmark's hot loop: one pass, no helper call on the common path.
    spans: list[tuple[int, int]] = []
    position = 0
    previous_blank = False
    for word, start, end in raw:
        if start != position:  # never seen from either engine; kept so tiling is guaranteed
            if start > position:
                gap = text[position:start]
                previous_blank = _append(spans, position, start, gap, previous_blank)
            start = max(start, position)
            if end <= start:
                continue
            word = text[start:end]
        blank = word.isspace()
        if blank and previous_blank:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous_blank = blank
        position = end
    if position < len(text):
        _append(spans, position, len(text), text[position:], previous_blank)
    return spans


def _append(
    spans: list[tuple[int, int]], start: int, end: int, word: str, previous_blank: bool
) -> bool:
    blank = word.isspace()
    if blank and previous_blank:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))
    return blank


def load_default_words() -> list[UserWord]:
    """The project's default user dictionary, annotator/text/dictionary.txt."""
    source = files("annotator.text").joinpath("dictionary.txt").read_text(encoding="utf-8")
    return [word for line in source.splitlines() if (word := parse_dictionary_line(line))]


def parse_dictionary_line(line: str) -> UserWord | None:
    """Parse 'word [freq] [tag]' (jieba's user-dictionary format); a word may contain spaces."""
    parts = line.split()
    if not parts or parts[0].startswith("#"):
        return None
    freq: int | None = None
    tag: str | None = None
    if len(parts) >= 3 and parts[-2].isdigit() and not parts[-1].isdigit():
        freq, tag, parts = int(parts[-2]), parts[-1], parts[:-2]
    elif len(parts) >= 2 and parts[-1].isdigit():
        freq, parts = int(parts[-1]), parts[:-1]
    return " ".join(parts), freq, tag


_default: Tokenizer | None = None
_default_lock = threading.Lock()


def default_tokenizer() -> Tokenizer:
    """The tokenizer with the default words, built once on first use, safe across threads."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tokenizer(load_default_words())
    return _default
