"""Cue-based label suggestions: words from the lexicon that hint at a label."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from annotator.services.cue_lexicon import cue_lexicon
from annotator.services.suggestions.types import LabelSuggestion
from annotator.text.cues import find_cues

__all__ = ["cue_lexicon", "cue_suggestions", "lexicon_version"]


def lexicon_version(lexicon: dict[str, list[str]]) -> str:
    """A short fingerprint: suggestions made with the same lexicon carry the same version."""
    data = json.dumps(lexicon, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return "cues-" + hashlib.sha256(data).hexdigest()[:8]


def cue_suggestions(
    text: str, lexicon: dict[str, list[str]], label_sets: dict[str, str]
) -> list[LabelSuggestion]:
    """Labels whose cue words occur in the text, most distinct cue words first.

    label_sets maps each active label name to its label set's name; cue labels the
    schema does not know (and general hints) propose nothing.
    """
    found: dict[str, list[str]] = defaultdict(list)
    for cue in find_cues(text, lexicon):
        if cue.label in label_sets and cue.word not in found[cue.label]:
            found[cue.label].append(cue.word)
    version = lexicon_version(lexicon)
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    return [
        LabelSuggestion(
            label_set=label_sets[label],
            label=label,
            source="cue",
            confidence=None,
            reason="、".join(words),
            model_version=version,
        )
        for label, words in ranked
    ]
