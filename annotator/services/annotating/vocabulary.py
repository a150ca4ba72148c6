"""The label schema as plain read-only data, cached per process and codebook version.

Every save and every passage read needs the label sets and their labels. Loading them from
the database each time cost two queries and the decoding of every label's JSON examples,
more than the save itself. The schema only changes through `apply_schema`, which records a
new codebook version whenever the stored schema changes, so the newest version number (one
indexed lookup) tells whether a cached copy is still current, whichever process changed it.
Changes made through the ORM in this process (tests edit label sets directly) also drop it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from annotator.models import CodebookVersion, Label, LabelSet
from annotator.services.schema import current_codebook_version


@dataclass(frozen=True)
class LabelInfo:
    """One label of a set, as the schema defines it."""

    id: int
    label_set_id: int
    name: str
    title_zh: str
    title_en: str
    definition: str
    key: str | None
    color: str | None
    position: int
    retired_at: datetime | None

    def title(self, locale: str) -> str:
        """The title in the given UI language."""
        return self.title_en if locale == "en" else self.title_zh


@dataclass(frozen=True)
class LabelSetInfo:
    """A label set with its labels (retired ones too), in position order."""

    id: int
    name: str
    kind: str
    scope: str
    title_zh: str
    title_en: str
    definition: str
    position: int
    retired_at: datetime | None
    labels: tuple[LabelInfo, ...]
    # The codebook version this definition belongs to: what a save stamps on the annotation.
    codebook_version: int | None

    def title(self, locale: str) -> str:
        """The title in the given UI language."""
        return self.title_en if locale == "en" else self.title_zh

    @property
    def active_labels(self) -> list[LabelInfo]:
        return [label for label in self.labels if label.retired_at is None]


@dataclass(frozen=True)
class Vocabulary:
    """All label sets and labels (retired ones too), looked up by name."""

    sets: dict[str, LabelSetInfo]
    codebook_version: int | None = None

    def passage_sets(self) -> list[LabelSetInfo]:
        """Active label sets applied per passage, in schema order."""
        return self.active_sets("passage")

    def active_sets(self, scope: str) -> list[LabelSetInfo]:
        """Active label sets of a scope ("passage" or "article"), in schema order."""
        active = [s for s in self.sets.values() if s.retired_at is None and s.scope == scope]
        return sorted(active, key=lambda s: s.position)


# engine -> the vocabulary last read through it; engines of finished test apps drop out.
_cache: weakref.WeakKeyDictionary[Engine, Vocabulary] = weakref.WeakKeyDictionary()


def load_vocabulary(session: Session) -> Vocabulary:
    """The label schema, from the cache unless the codebook version moved on."""
    # The version first: sets read after it are at least as new, never older than the key.
    version = current_codebook_version(session)
    engine = session.get_bind()
    cached = _cache.get(engine) if isinstance(engine, Engine) else None
    if cached is not None and cached.codebook_version == version:
        return cached
    vocabulary = _read(session, version)
    if isinstance(engine, Engine):
        _cache[engine] = vocabulary
    return vocabulary


def _read(session: Session, version: int | None) -> Vocabulary:
    sets = session.scalars(select(LabelSet).options(selectinload(LabelSet.labels)))
    return Vocabulary(sets={s.name: _set_info(s, version) for s in sets}, codebook_version=version)


def _set_info(s: LabelSet, version: int | None) -> LabelSetInfo:
    return LabelSetInfo(
        id=s.id,
        name=s.name,
        kind=s.kind,
        scope=s.scope,
        title_zh=s.title_zh,
        title_en=s.title_en,
        definition=s.definition,
        position=s.position,
        retired_at=s.retired_at,
        codebook_version=version,
        labels=tuple(
            LabelInfo(
                id=lb.id,
                label_set_id=lb.label_set_id,
                name=lb.name,
                title_zh=lb.title_zh,
                title_en=lb.title_en,
                definition=lb.definition,
                key=lb.key,
                color=lb.color,
                position=lb.position,
                retired_at=lb.retired_at,
            )
            for lb in sorted(s.labels, key=lambda lb: lb.position)
        ),
    )


def forget_vocabulary(*_args: Any) -> None:
    """Drop every cached schema (after an ORM write to label sets, labels or versions)."""
    _cache.clear()


for _model in (LabelSet, Label, CodebookVersion):
    for _name in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _name, forget_vocabulary)
