"""What an article's roll-up holds, in plain data that templates and exports share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Passages whose labels cannot be counted under a label: editors disagree, or nobody chose one.
CONFLICT = "conflict"
UNTAGGED = "untagged"


@dataclass
class HolderSummary:
    """A stance holder named in an article's holder spans, with the stances it holds there.

    `stances` counts every stance; `stance_sources` says how many came from the holder's
    own stance ("holder") and how many from its passage's stance ("passage").
    """

    name: str
    passages: int = 0
    stances: dict[str, int] = field(default_factory=dict)
    spellings: dict[str, int] = field(default_factory=dict)
    stance_sources: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"holder": {}, "passage": {}}
    )

    @property
    def main_source(self) -> str | None:
        """Where the main stance comes from: "holder", "passage" or "both"."""
        main = self.main_stance
        if main is None:
            return None
        found = [src for src in ("holder", "passage") if self.stance_sources[src].get(main)]
        return found[0] if len(found) == 1 else "both"

    def count(self, stance: str, source: str) -> None:
        """Count one passage's stance of this holder, taken from `source`."""
        self.stances[stance] = self.stances.get(stance, 0) + 1
        by_source = self.stance_sources[source]
        by_source[stance] = by_source.get(stance, 0) + 1

    @property
    def main_stance(self) -> str | None:
        """The stance most of this holder's passages take (None when none has one)."""
        counted = {k: v for k, v in self.stances.items() if v}
        return max(counted, key=lambda k: counted[k]) if counted else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passages": self.passages,
            "stances": self.stances,
            "stance_sources": self.stance_sources,
        }


@dataclass
class ArticleLabelSummary:
    """Editors' article-level labels for one set, resolved like a passage's."""

    status: str
    value: str | list[str] | None
    votes: dict[str, int]
    annotators: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "value": self.value,
            "votes": self.votes,
            "annotators": self.annotators,
        }


@dataclass
class ArticleRollup:
    """One article at a glance: passage label distribution, holders, article-level labels."""

    article_id: int
    uid: str
    title: str
    source: str | None
    published: date | None
    passages: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    # {set: {label: n, ...}}; single-choice sets also count "conflict" and "untagged".
    label_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    holders: list[HolderSummary] = field(default_factory=list)
    article_labels: dict[str, ArticleLabelSummary] = field(default_factory=dict)

    def bar(self, set_name: str) -> list[tuple[str, int, float]]:
        """(segment, count, percent) for a stacked bar of one set; segments with 0 left out."""
        counts = self.label_counts.get(set_name, {})
        total = sum(counts.values())
        if not total:
            return []
        return [(k, n, 100.0 * n / total) for k, n in counts.items() if n]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.uid,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "passages": self.passages,
            "passage_status": self.statuses,
            "label_counts": self.label_counts,
            "holders": [h.as_dict() for h in self.holders],
            "article_labels": {k: v.as_dict() for k, v in self.article_labels.items()},
        }
