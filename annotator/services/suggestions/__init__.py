"""Suggestions for a passage: cue words, the learned model, stance holders, repeats elsewhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from annotator.models import Article, Label, LabelSet, Passage, PassageLink
from annotator.services.suggestions.cues import cue_lexicon, cue_suggestions
from annotator.services.suggestions.holders import holder_lexicon, holder_suggestions
from annotator.services.suggestions.model import model_suggestions, train_models
from annotator.services.suggestions.types import HolderSuggestion, LabelSuggestion
from annotator.services.visibility import Viewer
from annotator.text.tokenize import Tokenizer

__all__ = [
    "HolderSuggestion",
    "LabelSuggestion",
    "active_labels",
    "also_in",
    "passage_suggestions",
    "train_models",
]


def active_labels(session: Session) -> dict[str, str]:
    """Active label name -> its label set's name, for passage-level choice sets."""
    rows = session.execute(
        select(Label.name, LabelSet.name)
        .join(LabelSet)
        .where(
            LabelSet.kind.in_(("single", "multi")),
            LabelSet.scope == "passage",
            LabelSet.retired_at.is_(None),
            Label.retired_at.is_(None),
        )
    )
    return {label: set_name for label, set_name in rows}


ALSO_IN_LIMIT = 20


def also_in(
    session: Session, passage_id: int, viewer: Viewer | None = None
) -> list[dict[str, Any]]:
    """Passages in other articles that repeat this one: its first occurrence, then siblings.

    Repeats are linked to the first occurrence only (see services.duplicates), so the
    other copies of a repeat are one hop further, through that first occurrence.
    """
    direct = select(PassageLink.other_id.label("pid"), PassageLink.similarity.label("sim")).where(
        PassageLink.passage_id == passage_id
    )
    first = select(PassageLink.other_id).where(PassageLink.passage_id == passage_id)
    siblings = select(PassageLink.other_id.label("pid"), PassageLink.similarity.label("sim")).where(
        PassageLink.passage_id.in_(first), PassageLink.other_id != passage_id
    )
    linked = direct.union_all(siblings).subquery()
    rows = session.execute(
        select(Passage.id, Passage.article_id, Passage.index, Article.title, linked.c.sim)
        .join(linked, linked.c.pid == Passage.id)
        .join(Article, Article.id == Passage.article_id)
        .where(true() if viewer is None else viewer.passage_visible())
        .order_by(linked.c.sim.desc(), Passage.id)
        .limit(ALSO_IN_LIMIT)
    )
    return [
        {
            "passage_id": pid,
            "article_id": aid,
            "index": index,
            "article_title": title,
            "similarity": similarity,
            "url": f"/articles/{aid}#p-{pid}",
        }
        for pid, aid, index, title, similarity in rows
    ]


def passage_suggestions(
    session: Session, tokenizer: Tokenizer, passage: Passage, viewer: Viewer | None = None
) -> dict[str, Any]:
    """Label hints (model first, then cue words), holder spans, and repeats of the passage."""
    labels: list[LabelSuggestion] = [
        s for s in model_suggestions(session, passage.id) if s.label in active_labels(session)
    ]
    labels += cue_suggestions(passage.text, cue_lexicon(session), active_labels(session))
    holders = holder_suggestions(tokenizer, passage.text, holder_lexicon(session))
    return {
        "labels": [s.as_dict() for s in labels],
        "holders": [h.as_dict() for h in holders],
        "also_in": also_in(session, passage.id, viewer),
    }
