"""The shipped codebook: every example is a real quote from its seed, every label is taught."""

from __future__ import annotations

import pytest

from annotator.services.schema import default_schema
from annotator.text.normalise import normalise
from tests.conftest import SEEDS

SETS = default_schema()
LABELS = [(s, label) for s in SETS for label in s.labels]


def _seed_text(name: str) -> str:
    path = SEEDS / name
    assert path.is_file(), f"example source {name!r} is not a seed file"
    return normalise(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "set_name, label_name, example",
    [(s.name, label.name, e) for s, label in LABELS for e in label.examples],
)
def test_every_example_is_quoted_verbatim_from_its_seed(set_name, label_name, example):
    assert set(example) == {"text", "source", "positive", "note"}
    assert isinstance(example["positive"], bool) and example["note"].strip()
    assert normalise(example["text"]) in _seed_text(example["source"])


@pytest.mark.parametrize("set_name, label_name", [(s.name, lb.name) for s, lb in LABELS])
def test_every_label_has_a_definition_and_two_positive_examples(set_name, label_name):
    label = next(lb for s, lb in LABELS if s.name == set_name and lb.name == label_name)
    assert label.definition.strip()
    positives = [e for e in label.examples if e["positive"]]
    assert len(positives) >= 2
    # Two different quotes, not the same one twice.
    assert len({e["text"] for e in positives}) == len(positives)


def test_every_set_has_a_definition_and_decision_rules():
    for s in SETS:
        assert s.definition.strip(), s.name
        assert len(s.rules) >= 3, s.name


def test_the_issue_examples_are_in_the_codebook():
    by_label = {
        (s.name, lb.name): " ".join(e["text"] for e in lb.examples if e["positive"])
        for s, lb in LABELS
    }
    assert "担心AI过于强大而不开源太矫情" in by_label[("stance", "for_open_release")]
    assert "OpenAI给出的理由是" in by_label[("stance", "against_open_release")]
    assert "机器学习系统的偏差是因为数据的偏差" in by_label[("bias_attribution", "data")]
    assert "我所害怕的是在应用之后" in by_label[("bias_attribution", "deployment_or_society")]


def test_the_issue_rules_are_in_the_codebook():
    rules = " ".join(next(s for s in SETS if s.name == "stance").rules)
    assert "not the author" in rules and "`for_open_release`" in rules
    assert "headline" in rules.lower() and "question" in rules.lower() and "chrome" in rules


def test_article_stance_is_an_optional_article_scope_copy_of_the_stance_values():
    sets = {s.name: s for s in SETS}
    article = sets["article_stance"]
    assert article.scope == "article" and article.kind == "single"
    assert [lb.name for lb in article.labels] == [lb.name for lb in sets["stance"].labels]
    assert all(s.scope == "passage" for s in SETS if s.name != "article_stance")
