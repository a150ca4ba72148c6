"""What the roll-up templates need: roll-ups, label titles in the UI language, my labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from annotator.services.annotating.article_labels import article_states
from annotator.services.annotating.vocabulary import Vocabulary, load_vocabulary
from annotator.services.rollup import CONFLICT, UNTAGGED, rollup_articles
from annotator.services.visibility import Viewer


def label_titles(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    """{set: {label: title}} for every set (retired too), plus the roll-up's own buckets."""
    english = str(get_locale() or "zh") == "en"
    titles: dict[str, dict[str, str]] = {}
    for label_set in vocabulary.sets.values():
        titles[label_set.name] = {
            label.name: label.title_en if english else label.title_zh for label in label_set.labels
        }
        titles[label_set.name][CONFLICT] = _("conflict")
        titles[label_set.name][UNTAGGED] = _("untagged")
    return titles


def rollup_context(session: Session, article_ids: Sequence[int], viewer: Viewer) -> dict[str, Any]:
    """Template names for roll-ups of a page of articles (a fixed number of queries)."""
    vocabulary = load_vocabulary(session)
    return {
        "rollups": rollup_articles(session, list(article_ids), viewer, vocabulary),
        "rollup_titles": label_titles(vocabulary),
    }


def article_rollup_context(session: Session, article_id: int, viewer: Viewer) -> dict[str, Any]:
    """Template names for the roll-up at the top of one article, with my article labels."""
    vocabulary = load_vocabulary(session)
    sets = vocabulary.active_sets("article")
    user_id = viewer.user_id
    return {
        "rollup": rollup_articles(session, [article_id], viewer, vocabulary)[article_id],
        "rollup_titles": label_titles(vocabulary),
        "article_sets": [
            {"name": s.name, "kind": s.kind, "labels": [lb.name for lb in s.active_labels]}
            for s in sets
        ],
        "my_article_labels": article_states(session, article_id, user_id),
    }
