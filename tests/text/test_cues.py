"""Cue highlighting: longest match, Latin whole words, offsets, and the default lexicon."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.cues import DEFAULT_CUES, Cue, find_cues

SEEDS = [
    p.read_text(encoding="utf-8")
    for p in sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
]


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(c.word, c.label) for c in find_cues(text, DEFAULT_CUES)]


def test_negated_release_is_one_cue_against() -> None:
    # Seed 000: OpenAI's reason for withholding GPT-2.
    text = "说他们担心模型“太过强大”,开源后可能遭人滥用,这次决定不公布具体参数和训练数据集"
    assert _pairs(text) == [
        ("模型", "model_or_method"),
        ("太过强大", "against_open_release"),
        ("开源", "for_open_release"),
        ("滥用", "against_open_release"),
        ("不公布", "against_open_release"),
        ("参数", "model_or_method"),
        ("训练数据集", "data"),
    ]
    assert _pairs("OpenAI决定不开源") == [
        ("OpenAI", "researchers"),
        ("不开源", "against_open_release"),
    ]


def test_bias_blamed_on_data_beats_bare_hint() -> None:
    # Seed 001: LeCun's tweet.
    assert _pairs("机器学习系统的偏差是因为数据的偏差。") == [
        ("机器学习系统", "model_or_method"),
        ("偏差", "_hint"),
        ("数据的偏差", "data"),
    ]


def test_latin_whole_words_any_case() -> None:
    assert _pairs("StyleGAN 和 GANs 以及 gan") == [
        ("StyleGAN", "model_or_method"),
        ("GANs", "model_or_method"),
        ("gan", "model_or_method"),
    ]
    assert _pairs("CNNs") == []  # not the word CNN


def test_offsets_and_word_as_written() -> None:
    text = "𠮷 yann lecun 说"
    cues = find_cues(text, DEFAULT_CUES)
    assert cues == [Cue(2, 12, "yann lecun", "researchers")]
    assert text[cues[0].start : cues[0].end] == cues[0].word


def test_equal_length_overlap_keeps_earlier_and_shared_word_keeps_both_labels() -> None:
    lexicon = {"a": ["开源模"], "b": ["源模型"], "c": ["开源模"]}
    assert find_cues("开源模型", lexicon) == [Cue(0, 3, "开源模", "a"), Cue(0, 3, "开源模", "c")]


def test_empty_inputs() -> None:
    assert find_cues("", DEFAULT_CUES) == []
    assert find_cues("开源", {"x": [""]}) == []


def test_default_lexicon_shape() -> None:
    expected = {
        "against_open_release",
        "for_open_release",
        "data",
        "model_or_method",
        "researchers",
        "deployment_or_society",
        "_hint",
    }
    assert set(DEFAULT_CUES) == expected
    words = [w for ws in DEFAULT_CUES.values() for w in ws]
    assert len(words) == len(set(words))  # each word has one meaning in the default lexicon
    for word in ["不公开", "太过强大", "滥用", "保密", "不开源"]:
        assert word in DEFAULT_CUES["against_open_release"]


def test_every_default_cue_is_found_in_the_seeds_or_listed_deliberately() -> None:
    corpus = "\n".join(SEEDS).translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    )
    missing = [w for ws in DEFAULT_CUES.values() for w in ws if w.lower() not in corpus]
    # Read off the seeds, plus three natural variants a newsroom will meet.
    assert set(missing) <= {"可重复", "数据偏差", "监管"}


@given(st.text(alphabet="开源不公布数据集的偏差GANsStyle ", max_size=40))
def test_cues_never_overlap_and_match_their_slice(text: str) -> None:
    cues = find_cues(text, DEFAULT_CUES)
    spans = sorted({(c.start, c.end) for c in cues})
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[c.start : c.end] == c.word for c in cues)
    assert [c.start for c in cues] == sorted(c.start for c in cues)
