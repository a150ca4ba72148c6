"""How accurate are label suggestions? Train on part of the labeled passages, score the rest.

    python benchmarks/bench_suggestions.py                 # the app's database (DATABASE_URL)
    python benchmarks/bench_suggestions.py --data FILE     # JSON lines: {"text", "stance", ...}
    python benchmarks/bench_suggestions.py --synthetic 300 # a made-up set, to check the script

Reports, per label set, the learned model's accuracy on a reproducible held-out split next
to a trivial baseline (the most common label; for multi-choice sets "no label") and the
cue-word rules scored on the same held-out passages. With too few human labels it says so
and reports nothing: cue rules cannot stand in for the labels, since scoring cues against
labels made by cues would be circular. Prints JSON; never fails on the numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.services.suggestions.cues import cue_suggestions  # noqa: E402
from annotator.services.suggestions.learning import (  # noqa: E402
    NotEnoughLabels,
    Value,
    evaluate,
    held_out_split,
)
from annotator.text.cues import DEFAULT_CUES  # noqa: E402

STANCE = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]
BIAS = ["data", "model_or_method", "researchers", "deployment_or_society"]
SETS = {"stance": ("single", STANCE), "bias_attribution": ("multi", BIAS)}
LABEL_SETS = {label: name for name, (_, labels) in SETS.items() for label in labels}

# Synthetic vocabulary: cue words mixed with filler, so the script can be tested end to end.
SYNTHETIC_WORDS = {
    "for_open_release": ["开源", "公开代码", "共享", "社区", "复现"],
    "against_open_release": ["不公开", "滥用", "保密", "危险", "假新闻"],
    "neutral_or_mixed": ["一方面", "另一方面", "权衡", "争论", "各有"],
    "not_about_release": ["天气", "会议", "演讲", "历史", "旅行"],
    "data": ["数据集", "训练数据", "样本"],
    "model_or_method": ["算法", "模型结构", "损失函数"],
    "researchers": ["研究人员", "作者", "团队"],
    "deployment_or_society": ["部署", "产品", "社会"],
}
FILLER = ["我们", "认为", "这个", "问题", "今天", "报道", "人工智能", "研究", "表示", "可能"]


def synthetic_records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Made-up labeled passages whose words follow their labels (for testing this script)."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        stance = STANCE[i % len(STANCE)]
        bias = sorted(rng.sample(BIAS, rng.choice([0, 0, 1, 1, 2])))
        words = rng.sample(SYNTHETIC_WORDS[stance], 2) + rng.sample(FILLER, 5)
        for label in bias:
            words += rng.sample(SYNTHETIC_WORDS[label], 1)
        rng.shuffle(words)
        records.append({"text": "".join(words) + "。", "stance": stance, "bias_attribution": bias})
    return records


def _index_texts(texts: Sequence[str]) -> list[str]:
    from annotator.services.search.terms import index_text
    from annotator.text.tokenize import Tokenizer, load_default_words

    tokenizer = Tokenizer(load_default_words())
    return [index_text(tokenizer, t) for t in texts]


def examples_from_records(
    records: Sequence[dict[str, Any]],
) -> dict[str, tuple[str, list[str], list[str], list[Value]]]:
    """Per label set: (kind, raw texts, index texts, values) of the records that answer it."""
    docs = _index_texts([r["text"] for r in records])
    out: dict[str, tuple[str, list[str], list[str], list[Value]]] = {}
    for name, (kind, _) in SETS.items():
        raw, texts, values = [], [], []
        for record, doc in zip(records, docs, strict=True):
            value = record.get(name)
            if kind == "single" and isinstance(value, str) and value:
                raw.append(record["text"]), texts.append(doc), values.append(value)
            elif kind == "multi" and isinstance(value, list):
                raw.append(record["text"]), texts.append(doc), values.append(frozenset(value))
        out[name] = (kind, raw, texts, values)
    return out


def examples_from_database(
    app: Any = None,
) -> dict[str, tuple[str, list[str], list[str], list[Value]]]:
    """The team's resolved labels from the app's database (DATABASE_URL / instance folder)."""
    from sqlalchemy import select

    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import Passage
    from annotator.services.suggestions.model import labeled_examples

    app = app or create_app()
    with app.app_context():
        out = {}
        for name, found in labeled_examples(db.session).items():
            texts = dict(
                db.session.execute(
                    select(Passage.id, Passage.text).where(Passage.id.in_(found.passage_ids))
                ).all()
            )
            raw = [texts[pid] for pid in found.passage_ids]
            out[name] = (found.kind, raw, found.docs, found.values)
        return out


def cue_scores(kind: str, raw: list[str], values: list[Value], test: list[int]) -> dict[str, Any]:
    """The shipped cue rules on the held-out passages: accuracy, and how often they say anything."""
    hits = answered = 0
    for i in test:
        proposed = [
            s.label
            for s in cue_suggestions(raw[i], DEFAULT_CUES, LABEL_SETS)
            if LABEL_SETS[s.label] == ("stance" if kind == "single" else "bias_attribution")
        ]
        if kind == "single":
            answered += bool(proposed)
            hits += bool(proposed) and proposed[0] == values[i]
        else:
            answered += bool(proposed)
            hits += frozenset(proposed) == values[i]
    n = len(test) or 1
    return {"cue_accuracy": hits / n, "cue_coverage": answered / n}


def report(
    examples: dict[str, tuple[str, list[str], list[str], list[Value]]],
    test_fraction: float,
    seed: int,
) -> dict[str, Any]:
    """Per label set: the held-out scores, or why none can be given."""
    result: dict[str, Any] = {}
    for name, (kind, raw, docs, values) in examples.items():
        try:
            scores = evaluate(kind, docs, values, test_fraction=test_fraction, seed=seed)
        except NotEnoughLabels as exc:
            result[name] = {"kind": kind, "labeled": len(docs), "cannot_report": str(exc)}
            continue
        _, test = held_out_split(len(docs), test_fraction, seed)
        result[name] = {"labeled": len(docs), **scores, **cue_scores(kind, raw, values, test)}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", type=Path, help="JSON lines with text and label fields")
    source.add_argument("--synthetic", type=int, metavar="N", help="N made-up labeled passages")
    parser.add_argument("--test-fraction", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.synthetic:
        examples, origin = examples_from_records(synthetic_records(args.synthetic)), "synthetic"
    elif args.data:
        lines = args.data.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        examples, origin = examples_from_records(records), str(args.data)
    else:
        examples, origin = examples_from_database(), "database"
    output = {
        "source": origin,
        "test_fraction": args.test_fraction,
        "seed": args.seed,
        "sets": report(examples, args.test_fraction, args.seed),
    }
    print(json.dumps(output, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
