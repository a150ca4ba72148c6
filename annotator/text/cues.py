# TEMPORARY SHIM (search branch) until the text branch lands.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    word: str
    label: str


DEFAULT_CUES: dict[str, list[str]] = {
    "against_open_release": ["不公开", "太过强大", "滥用", "保密", "不开源", "不公布"],
    "for_open_release": ["开源", "公开"],
    "data": ["数据集", "训练数据", "数据的偏差"],
    "model_or_method": ["算法", "模型的偏差"],
    "researchers": ["研究人员", "研究者"],
    "deployment_or_society": ["部署", "社会"],
    "_hint": ["偏见", "偏差"],
}


def find_cues(text: str, lexicon: Mapping[str, Sequence[str]]) -> list[Cue]:
    candidates = []
    for label, words in lexicon.items():
        for word in words:
            if not word:
                continue
            i = text.find(word)
            while i >= 0:
                candidates.append(Cue(i, i + len(word), word, label))
                i = text.find(word, i + 1)
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    taken: list[Cue] = []
    for cue in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cue.end <= t.start or cue.start >= t.end for t in taken):
            taken.append(cue)
    return sorted(taken, key=lambda c: c.start)
