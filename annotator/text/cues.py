# TEMPORARY SHIM until the text branch lands: the interface of the real cue finder.
from typing import NamedTuple

DEFAULT_CUES = {
    "_hint": ["开源", "公开", "不公开", "滥用", "偏见", "数据集", "训练数据"],
}


class Cue(NamedTuple):
    start: int
    end: int
    word: str
    label: str | None


def find_cues(text, lexicon):
    found = []
    for label, words in lexicon.items():
        for word in words:
            at = text.find(word)
            while word and at >= 0:
                found.append(Cue(at, at + len(word), word, None if label == "_hint" else label))
                at = text.find(word, at + len(word))
    return sorted(found)
