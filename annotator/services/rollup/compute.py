"""Roll many articles up at once: resolve each passage, then count per article."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import Article, HolderAlias, Passage
from annotator.services.annotating.vocabulary import LabelSetInfo as SchemaSet
from annotator.services.annotating.vocabulary import Vocabulary, load_vocabulary
from annotator.services.holder_links import HOLDER_LABEL, STANCE_SET
from annotator.services.resolution import STATUSES, LabelSetInfo, resolve
from annotator.services.rollup.records import (
    article_records,
    counted_passages,
    in_articles,
    passage_outcomes,
)
from annotator.services.rollup.summary import (
    CONFLICT,
    UNTAGGED,
    ArticleLabelSummary,
    ArticleRollup,
    HolderSummary,
)
from annotator.services.visibility import Viewer


def _choice_sets(vocabulary: Vocabulary) -> dict[str, list[SchemaSet]]:
    """Active single- and multi-choice sets by scope, in schema order."""
    return {
        scope: [s for s in vocabulary.active_sets(scope) if s.kind in ("single", "multi")]
        for scope in ("passage", "article")
    }


def holder_key(text: str) -> str:
    """How two spellings of a holder are compared: width-folded, case-folded, spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def holder_aliases(session: Session) -> dict[str, str]:
    """Every alias (folded by holder_key) with the canonical name it stands for."""
    return {
        holder_key(alias): canonical
        for alias, canonical in session.execute(select(HolderAlias.alias, HolderAlias.canonical))
    }


def rollup_articles(
    session: Session,
    article_ids: Sequence[int] | None = None,
    viewer: Viewer | None = None,
    vocabulary: Vocabulary | None = None,
) -> dict[int, ArticleRollup]:
    """Roll-ups for the given articles (None: all), from a fixed number of grouped queries.

    With a viewer, each roll-up counts only what the visibility rule shows them (no viewer:
    everything, for exports and the CLI). A caller that has loaded the vocabulary passes it.
    """
    sets = _choice_sets(vocabulary or load_vocabulary(session))
    choice_sets = sets["passage"]

    rollups: dict[int, ArticleRollup] = {}
    # A correlated count per article reads only that article's passages (an index range);
    # an outer join and GROUP BY let PostgreSQL without statistics scan every passage.
    counted = (
        select(func.count())
        .where(Passage.article_id == Article.id, counted_passages())
        .correlate(Article)
        .scalar_subquery()
    )
    counts = (
        select(
            Article.id,
            Article.content_hash,
            Article.title,
            Article.source,
            Article.published,
            counted,
        )
        .where(in_articles(Article.id, article_ids))
        .order_by(Article.id)
    )
    for article_id, content_hash, title, source, published, n in session.execute(counts):
        rollup = ArticleRollup(article_id, content_hash[:16], title, source, published, n)
        rollup.statuses = dict.fromkeys(STATUSES, 0)
        rollup.statuses["unlabeled"] = n
        for s in choice_sets:
            labels = dict.fromkeys((lb.name for lb in s.active_labels), 0)
            if s.kind == "single":
                labels.update({CONFLICT: 0, UNTAGGED: n})
            rollup.label_counts[s.name] = labels
        rollups[article_id] = rollup

    holders_by_passage: dict[int, list[tuple[int, int, str | None]]] = {}
    stance_of: dict[int, str | None] = {}
    for passage_id, found in passage_outcomes(session, article_ids, viewer, HOLDER_LABEL).items():
        rollup = rollups[found.article_id]
        rollup.statuses["unlabeled"] -= 1
        rollup.statuses[found.status] += 1
        for s in choice_sets:
            chosen = sorted(found.labels.get(s.name, []))
            counts_for = rollup.label_counts[s.name]
            if s.kind == "single":
                conflict = found.set_status.get(s.name) == "conflict"
                key = CONFLICT if conflict else (chosen[0] if chosen else None)
                if key is not None:
                    counts_for[UNTAGGED] -= 1
                    counts_for[key] = counts_for.get(key, 0) + 1
            else:
                for name in chosen:
                    counts_for[name] = counts_for.get(name, 0) + 1
        stance = found.labels.get(STANCE_SET)
        stance_of[passage_id] = stance[0] if stance else None
        if found.holders:
            holders_by_passage[passage_id] = found.holders

    _add_holders(session, rollups, holders_by_passage, stance_of)
    _add_article_labels(session, rollups, article_ids, sets["article"], viewer)
    return rollups


def _add_holders(
    session: Session,
    rollups: dict[int, ArticleRollup],
    spans: dict[int, list[tuple[int, int, str | None]]],
    stance_of: dict[int, str | None],
) -> None:
    """Group holder spans by name (aliases applied) and count the stances they hold.

    A holder's stance in a passage is its own where a holder span of it has one (several
    own stances in one passage count once each), else the passage's stance; the summary
    keeps which was which.
    """
    if not spans:
        return
    aliases = holder_aliases(session)
    texts = session.execute(
        select(Passage.id, Passage.article_id, Passage.text).where(Passage.id.in_(list(spans)))
    )
    grouped: dict[int, dict[str, HolderSummary]] = {}
    for passage_id, article_id, text in texts:
        own: dict[str, set[str]] = {}  # holder key -> its own stances in this passage
        for start, end, stance in spans[passage_id]:
            spelling = re.sub(r"\s+", " ", text[start:end]).strip()
            if not spelling:
                continue
            name = aliases.get(holder_key(spelling), spelling)
            key = holder_key(name)
            summary = grouped.setdefault(article_id, {}).setdefault(key, HolderSummary(name))
            summary.spellings[spelling] = summary.spellings.get(spelling, 0) + 1
            if key not in own:
                # A holder named twice in one passage counts that passage once.
                summary.passages += 1
                own[key] = set()
            if stance:
                own[key].add(stance)
        for key, stances in own.items():
            summary = grouped[article_id][key]
            passage_stance = stance_of.get(passage_id)
            if stances:
                for stance in stances:
                    summary.count(stance, "holder")
            elif passage_stance:
                summary.count(passage_stance, "passage")
    for article_id, by_key in grouped.items():
        for summary in by_key.values():
            if summary.name not in aliases.values():
                # Without an alias, show the spelling editors used most.
                summary.name = Counter(summary.spellings).most_common(1)[0][0]
        rollups[article_id].holders = sorted(
            by_key.values(), key=lambda h: (-h.passages, holder_key(h.name))
        )


def _add_article_labels(
    session: Session,
    rollups: dict[int, ArticleRollup],
    article_ids: Sequence[int] | None,
    sets: list[SchemaSet],
    viewer: Viewer | None,
) -> None:
    """Resolve editors' article-level labels per article, with the votes for each value."""
    if not sets:
        return
    infos = [LabelSetInfo(s.name, s.kind) for s in sets]
    found = article_records(session, article_ids, viewer)
    for article_id, rollup in rollups.items():
        editors = found.get(article_id, {})
        records = [d.record(str(uid), infos) for uid, d in sorted(editors.items())]
        resolution = resolve(infos, records)
        for s in sets:
            votes = Counter(name for d in editors.values() for name in d.labels.get(s.name, set()))
            annotators = sum(1 for d in editors.values() if s.name in d.labels)
            rollup.article_labels[s.name] = ArticleLabelSummary(
                status=resolution.status if annotators else "unlabeled",
                value=resolution.labels.get(s.name),
                votes={lb.name: votes[lb.name] for lb in s.active_labels if votes[lb.name]},
                annotators=annotators,
            )
