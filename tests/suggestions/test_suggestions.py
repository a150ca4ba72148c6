"""Cue-word, learned and holder suggestions: stored apart, exported apart, never labels."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Annotation, Event, Passage, Prediction
from annotator.services import wordlists
from annotator.services.suggestions import active_labels, passage_suggestions, train_models
from annotator.services.suggestions.cues import cue_lexicon, cue_suggestions
from annotator.services.suggestions.export import export_predictions_jsonl
from annotator.services.suggestions.holders import holder_lexicon, holder_suggestions
from annotator.services.suggestions.learning import NotEnoughLabels, evaluate, fit
from annotator.services.tokenizer import get_tokenizer
from tests.builders.articles import import_text
from tests.builders.labels import annotate, ensure_alias
from tests.builders.users import make_user

FOR_WORDS = ["开源", "公开代码", "共享", "社区", "透明", "复现", "发布模型"]
AGAINST_WORDS = ["滥用", "危险", "保密", "风险", "封闭", "假新闻", "不公开"]
FILLER = ["研究", "人工智能", "今天", "我们", "认为", "这个", "问题", "团队", "报道", "模型"]


def synthetic(rng: random.Random, words: list[str]) -> str:
    picks = rng.sample(words, 3) + rng.sample(FILLER, 5)
    rng.shuffle(picks)
    return "".join(picks) + "。"


def test_cue_words_propose_labels_with_the_words_as_reason(app):
    labels = active_labels(db.session)
    found = cue_suggestions("担心模型太过强大而不开源,怕被滥用", cue_lexicon(db.session), labels)
    against = next(s for s in found if s.label == "against_open_release")
    assert against.label_set == "stance" and against.source == "cue" and against.confidence is None
    assert "不开源" in against.reason and "滥用" in against.reason
    assert "开源" not in against.reason.replace("不开源", "")  # 不开源 is not also 开源
    assert all(s.label in labels for s in found)  # general hints propose nothing


def test_added_cue_words_join_the_lexicon(app):
    text = "这家公司最终选择闭源"
    assert not cue_suggestions(text, cue_lexicon(db.session), active_labels(db.session))
    wordlists.add_cue_word(db.session, "闭源", "against_open_release")
    found = cue_suggestions(text, cue_lexicon(db.session), active_labels(db.session))
    assert [(s.label, s.reason) for s in found] == [("against_open_release", "闭源")]


def test_holders_come_from_names_and_aliases(app):
    ensure_alias(db.session, "LeCun", "Yann LeCun")
    ensure_alias(db.session, "Yann LeCun", "Yann LeCun")
    ensure_alias(db.session, "杨立昆", "Yann LeCun")
    text = "Yann LeCun今天在Twitter上提问,杨立昆说CNN和GPT-2不该保密。"
    holders = holder_suggestions(get_tokenizer(db.session), text, holder_lexicon(db.session))
    spans = {h.text: h for h in holders}
    assert spans["Yann LeCun"].canonical == "Yann LeCun" and "LeCun" not in spans
    assert spans["杨立昆"].canonical == "Yann LeCun"
    assert "CNN" not in spans and "GPT-2" not in spans  # things, not holders
    for h in holders:
        assert text[h.start : h.end] == h.text
    starts = [h.start for h in holders]
    assert starts == sorted(starts) and all(
        a.end <= b.start for a, b in zip(holders, holders[1:], strict=False)
    )


def _labeled_corpus(n: int = 40, seed: int = 3) -> list[Passage]:
    rng = random.Random(seed)
    editor = make_user(db.session, "ann")
    lines = []
    for i in range(n):
        label = "for_open_release" if i % 2 else "against_open_release"
        lines.append((synthetic(rng, FOR_WORDS if i % 2 else AGAINST_WORDS), label))
    import_text(db.session, "train.txt", "训练\n\n" + "\n\n".join(t for t, _ in lines))
    passages = []
    for text, label in lines:
        passage = db.session.scalar(select(Passage).where(Passage.text == text))
        annotate(db.session, passage, editor, "stance", [label])
        passages.append(passage)
    db.session.commit()
    return passages


def test_training_needs_enough_labels(app):
    _labeled_corpus(n=10)
    report = train_models(db.session)
    stance = next(s for s in report.sets if s.label_set == "stance")
    assert stance.status == "not enough labels" and "20" in stance.message
    assert db.session.scalar(select(func.count()).select_from(Prediction)) == 0


def test_training_stores_versioned_predictions_and_never_labels(app):
    _labeled_corpus()
    annotations = db.session.scalar(select(func.count()).select_from(Annotation))
    report = train_models(db.session)
    db.session.commit()
    stance = next(s for s in report.sets if s.label_set == "stance")
    assert stance.status == "trained" and stance.version.startswith("tfidf-lr-single-n40-")
    body = db.session.scalar(select(func.count()).where(Passage.kind == "body"))
    assert stance.predictions == body  # one top label per body passage
    assert db.session.scalar(select(func.count()).select_from(Annotation)) == annotations
    assert db.session.scalar(select(Event.action).where(Event.action == "suggestions.train"))
    # A new passage in the "against" vocabulary is predicted against.
    import_text(
        db.session, "new.txt", "新的\n\n" + "这个模型太危险,必须保密,否则会被滥用来制造假新闻。"
    )
    assert train_models(db.session).sets[0].status == "unchanged"
    train_models(db.session, force=True)
    db.session.commit()
    new = db.session.scalar(select(Passage).where(Passage.text.contains("必须保密")))
    data = passage_suggestions(db.session, get_tokenizer(db.session), new)
    model = [s for s in data["labels"] if s["source"] == "model"]
    assert model[0]["label"] == "against_open_release" and 0.5 < model[0]["confidence"] <= 1
    assert model[0]["model_version"] == stance.version.replace("n40", "n40")
    assert data["labels"][0]["source"] == "model"  # the model's hint comes first


def test_learning_beats_the_baseline_on_separable_data():
    rng = random.Random(1)
    docs, values = [], []
    for i in range(120):
        label = ["for", "against", "neutral"][i % 3]
        words = {"for": FOR_WORDS, "against": AGAINST_WORDS, "neutral": FILLER}[label]
        docs.append(" ".join(rng.sample(words, 3) + rng.sample(FILLER, 4)))
        values.append(label)
    report = evaluate("single", docs, values)
    assert report["accuracy"] > report["baseline_accuracy"] + 0.3
    with pytest.raises(NotEnoughLabels):
        fit("single", docs[:5], values[:5])
    multi = evaluate(
        "multi", docs, [frozenset({v}) if v != "neutral" else frozenset() for v in values]
    )
    assert multi["micro_f1"] > 0.7


def test_predictions_export_apart_from_labels(app):
    ensure_alias(db.session, "LeCun", "Yann LeCun")
    import_text(
        db.session,
        "x.txt",
        "标题\n\nLeCun说:担心模型太强大而不开源,干脆别研究AI。\n\n今天天气很好。",
    )
    db.session.commit()
    lines = list(export_predictions_jsonl(db.session, get_tokenizer(db.session)))
    records = [json.loads(line) for line in lines]
    assert all(line.endswith("\n") and "\\u" not in line for line in lines)
    lecun = next(r for r in records if any(h["text"] == "LeCun" for h in r["holders"]))
    assert list(lecun) == [
        "schema_version",
        "passage_uid",
        "article_uid",
        "passage_id",
        "labels",
        "holders",
    ]
    holder = next(h for h in lecun["holders"] if h["text"] == "LeCun")
    assert holder["canonical"] == "Yann LeCun" and holder["source"] == "names"
    assert any(
        s["label"] == "against_open_release" and s["source"] == "cue" for s in lecun["labels"]
    )
    assert not any("今天天气很好" in json.dumps(r, ensure_ascii=False) for r in records)


def test_holders_skip_things_and_jiebas_noisy_name_tags(app):
    text = "这篇论文说谢谢,GPT-2和StyleGAN被滥用,杜克大学的研究者和马斯克都有看法。"
    holders = holder_suggestions(get_tokenizer(db.session), text, holder_lexicon(db.session))
    assert {h.text for h in holders} == {"杜克大学", "马斯克"}
