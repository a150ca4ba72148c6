"""Stance-holder suggestions: names in the passage, normalised through the alias list.

Tokenizer.names() returns every word jieba tags as a name, and jieba's own tags are noisy
(论文, 谢谢, 道德 come back as names) while the newsroom dictionary tags models and terms
(GPT-2, StyleGAN, MNIST) as proper nouns too. So a name is suggested as a holder when the
alias list knows it, the dictionary tags it as a person or organisation, or it looks like
one: an unlisted Chinese word ending in an organisation suffix, or Latin words that are not
a model-like token and not a long title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import HolderAlias
from annotator.services.suggestions.types import HolderSuggestion
from annotator.services.tokenizer import dictionary_words
from annotator.text.tokenize import Token, Tokenizer

HOLDER_TAGS = frozenset({"nr", "nrt", "nrfg", "nt"})
_ACRONYM = re.compile(r"[A-Z]{1,4}s?")  # AI, CNN, NLP, GANs: things, rarely stance holders
_ORGANISATION = re.compile(r".+(大学|学院|实验室|研究院|研究所|公司|集团|基金会|协会|大脑|中心)$")
_MAX_LATIN_WORDS = 3  # longer capitalised runs are titles ("Latent Space Exploration via ...")


@dataclass(frozen=True)
class HolderLexicon:
    """Aliases (case-folded -> canonical) and dictionary tags (case-folded word -> tag)."""

    aliases: dict[str, str]
    tags: dict[str, str | None]


def holder_lexicon(session: Session) -> HolderLexicon:
    """The alias list and the dictionary's tags, read once per request or export."""
    rows = session.execute(select(HolderAlias.alias, HolderAlias.canonical))
    aliases = {alias.casefold(): canonical for alias, canonical in rows}
    tags = {word.casefold(): tag for word, _, tag in dictionary_words(session)}
    return HolderLexicon(aliases, tags)


def _alias_pattern(aliases: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first so "Yann LeCun" wins over "LeCun"; Latin aliases only as whole words.
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        body = re.escape(alias)
        if alias[:1].isascii() and alias[:1].isalnum():
            body = r"(?<![A-Za-z0-9])" + body
        if alias[-1:].isascii() and alias[-1:].isalnum():
            body += r"(?![A-Za-z0-9])"
        parts.append(body)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _plausible(token: Token, lexicon: HolderLexicon) -> bool:
    word = token.word.strip()
    key = word.casefold()
    if key in lexicon.aliases:
        return True
    if key in lexicon.tags:
        return lexicon.tags[key] in HOLDER_TAGS
    if not word.isascii():
        return bool(_ORGANISATION.fullmatch(word))
    if any(ch.isdigit() for ch in word) or _ACRONYM.fullmatch(word) or word.isupper():
        return False  # GPT-2, v3, CNN, LAMBADA: models, terms and shouted captions
    return len(word) >= 2 and len(word.split()) <= _MAX_LATIN_WORDS


def holder_suggestions(
    tokenizer: Tokenizer, text: str, lexicon: HolderLexicon
) -> list[HolderSuggestion]:
    """Likely holder names plus every alias the text uses, without overlaps."""
    spans: list[tuple[int, int]] = [
        (t.start, t.end) for t in tokenizer.names(text) if _plausible(t, lexicon)
    ]
    pattern = _alias_pattern(lexicon.aliases)  # keys are case-folded; the pattern ignores case
    if pattern is not None:
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
    aliases = lexicon.aliases
    return [
        HolderSuggestion(start, end, text[start:end], aliases.get(text[start:end].casefold()))
        for start, end in sorted(chosen)
    ]
