"""Export suggestions as JSON lines, apart from people's labels (never mixed into them)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Article, Label, LabelSet, Passage, Prediction
from annotator.services.suggestions import active_labels
from annotator.services.suggestions.cues import cue_lexicon, cue_suggestions
from annotator.services.suggestions.holders import holder_lexicon, holder_suggestions
from annotator.text.tokenize import Tokenizer

SCHEMA_VERSION = 1
ARTICLES_PER_QUERY = 10


def _model_rows(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            Prediction.passage_id,
            LabelSet.name,
            Label.name,
            Prediction.confidence,
            Prediction.reason,
            Prediction.model_version,
        )
        .join(Label, Prediction.label_id == Label.id)
        .join(LabelSet)
        .where(Prediction.passage_id.in_(ids), Prediction.source == "model")
        .order_by(Prediction.passage_id, Prediction.confidence.desc())
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, set_name, label, confidence, reason, version in rows:
        found[pid].append(
            {
                "label_set": set_name,
                "label": label,
                "source": "model",
                "confidence": confidence,
                "reason": reason,
                "model_version": version,
            }
        )
    return found


def prediction_records(
    session: Session, tokenizer: Tokenizer, *, kind: str | None = "body"
) -> Iterator[dict[str, Any]]:
    """One record per passage that has any suggestion, in article and passage order."""
    lexicon, holders_lexicon = cue_lexicon(session), holder_lexicon(session)
    labels = active_labels(session)
    names_version = f"names-{tokenizer.version}"
    article_ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    for i in range(0, len(article_ids), ARTICLES_PER_QUERY):
        stmt = (
            select(Passage, Article.content_hash)
            .join(Article)
            .where(Passage.article_id.in_(article_ids[i : i + ARTICLES_PER_QUERY]))
            .order_by(Article.id, Passage.index)
        )
        if kind:
            stmt = stmt.where(Passage.kind == kind)
        rows = session.execute(stmt).all()
        models = _model_rows(session, [p.id for p, _ in rows])
        for passage, content_hash in rows:
            suggested = models.get(passage.id, []) + [
                s.as_dict() for s in cue_suggestions(passage.text, lexicon, labels)
            ]
            holders = [
                {**h.as_dict(), "source": "names", "model_version": names_version}
                for h in holder_suggestions(tokenizer, passage.text, holders_lexicon)
            ]
            if not suggested and not holders:
                continue
            yield {
                "schema_version": SCHEMA_VERSION,
                "passage_uid": passage.uid,
                "article_uid": content_hash[:16],
                "passage_id": passage.id,
                "labels": suggested,
                "holders": holders,
            }


def export_predictions_jsonl(session: Session, tokenizer: Tokenizer) -> Iterator[str]:
    """The prediction records as UTF-8 JSON lines (keys in a fixed order)."""
    for record in prediction_records(session, tokenizer):
        yield json.dumps(record, ensure_ascii=False) + "\n"
