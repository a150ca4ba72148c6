"""What the export reads for one passage: its columns, its annotators' rows, its gold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from annotator.services.resolution import SpanKey


@dataclass(slots=True)
class AnnotatorRows:
    """Everything one annotator stored on one passage."""

    values: dict[str, set[str]] = field(default_factory=dict)  # set name -> label names
    spans: set[SpanKey] = field(default_factory=set)
    note: str | None = None
    codebook_version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def touch(self, created: datetime, updated: datetime) -> None:
        """Widen the record's time range to cover one more row."""
        self.created_at = created if self.created_at is None else min(self.created_at, created)
        self.updated_at = updated if self.updated_at is None else max(self.updated_at, updated)

    @property
    def has_labels(self) -> bool:
        """Whether the annotator chose a label or marked a span (cleared records do not)."""
        return bool(self.spans) or any(self.values.values())


@dataclass(frozen=True, slots=True)
class GoldProvenance:
    """Who settled one label set's gold, when, and why."""

    reviewer: str
    settled_at: datetime
    reason: str


@dataclass(slots=True)
class PassageData:
    """One passage with its article's metadata, its annotators' rows and its settled gold."""

    id: int
    article_id: int
    uid: str
    index: int
    start: int
    end: int
    kind: str
    text: str
    article_uid: str
    article_title: str
    source: str | None
    published: date | None
    published_precision: str | None
    segmenter_version: str
    annotators: dict[str, AnnotatorRows] = field(default_factory=dict)
    gold_values: dict[str, set[str]] = field(default_factory=dict)  # settled choice sets
    gold_spans: dict[str, set[SpanKey]] = field(default_factory=dict)  # settled span sets
    gold_by: dict[str, GoldProvenance] = field(default_factory=dict)  # settled set -> who, why

    @property
    def labelled(self) -> bool:
        """Whether any annotator, note or settled gold is attached."""
        return bool(self.annotators or self.gold_values or self.gold_spans)
