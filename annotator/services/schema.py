"""Load, validate and install the label schema; every change makes a codebook version."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import Annotation, CodebookVersion, Label, LabelSet, utcnow
from annotator.services.events import record_event
from annotator.services.passage_state import refresh_all_passage_states

SET_FIELDS = ("kind", "scope", "title_zh", "title_en", "definition", "rules")
LABEL_FIELDS = ("title_zh", "title_en", "definition", "examples", "key", "color")


class SchemaError(ValueError):
    """A label schema file is not valid; the message names the place."""


@dataclass(frozen=True)
class LabelSpec:
    name: str
    title_zh: str
    title_en: str
    definition: str = ""
    examples: list[dict[str, Any]] = field(default_factory=list)
    key: str | None = None
    color: str | None = None


@dataclass(frozen=True)
class LabelSetSpec:
    name: str
    kind: str
    title_zh: str
    title_en: str
    labels: list[LabelSpec]
    scope: str = "passage"
    definition: str = ""
    rules: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ApplyResult:
    changed: bool
    version: int


def _text(data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if value is None or (required and not str(value).strip()):
        raise SchemaError(f"{where}: '{key}' is required")
    if not isinstance(value, str):
        raise SchemaError(f"{where}: '{key}' must be text")
    return value


def parse_schema(data: dict[str, Any]) -> list[LabelSetSpec]:
    """Validate a parsed TOML document and return its label sets."""
    raw_sets = data.get("label_sets")
    if not isinstance(raw_sets, list) or not raw_sets:
        raise SchemaError("the file needs at least one [[label_sets]] table")
    sets: list[LabelSetSpec] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_sets, 1):
        where = f"label set {i}"
        name = _text(raw, "name", where)
        where = f"label set {name!r}"
        if name in seen:
            raise SchemaError(f"{where}: defined twice")
        seen.add(name)
        kind = _text(raw, "kind", where)
        if kind not in ("single", "multi", "span"):
            raise SchemaError(f"{where}: kind must be single, multi or span, not {kind!r}")
        scope = raw.get("scope", "passage")
        if scope not in ("passage", "article"):
            raise SchemaError(f"{where}: scope must be passage or article")
        rules = raw.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise SchemaError(f"{where}: rules must be a list of text")
        labels = _parse_labels(raw.get("labels"), where)
        sets.append(
            LabelSetSpec(
                name=name,
                kind=kind,
                scope=scope,
                title_zh=_text(raw, "title_zh", where),
                title_en=_text(raw, "title_en", where),
                definition=_text(raw, "definition", where, required=False),
                rules=list(rules),
                labels=labels,
            )
        )
    return sets


def _parse_labels(raw_labels: Any, where: str) -> list[LabelSpec]:
    if not isinstance(raw_labels, list) or not raw_labels:
        raise SchemaError(f"{where}: needs at least one label")
    labels: list[LabelSpec] = []
    names: set[str] = set()
    for j, raw in enumerate(raw_labels, 1):
        name = _text(raw, "name", f"{where}, label {j}")
        here = f"{where}, label {name!r}"
        if name in names:
            raise SchemaError(f"{here}: defined twice")
        names.add(name)
        examples = raw.get("examples", [])
        if not isinstance(examples, list) or not all(
            isinstance(e, dict) and isinstance(e.get("text"), str) for e in examples
        ):
            raise SchemaError(f"{here}: examples must be tables with a 'text'")
        labels.append(
            LabelSpec(
                name=name,
                title_zh=_text(raw, "title_zh", here),
                title_en=_text(raw, "title_en", here),
                definition=_text(raw, "definition", here, required=False),
                examples=[dict(e) for e in examples],
                key=raw.get("key"),
                color=raw.get("color"),
            )
        )
    return labels


def load_schema_file(path: Path) -> list[LabelSetSpec]:
    """Read and validate a schema TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_schema(data)


def default_schema() -> list[LabelSetSpec]:
    """The schema shipped with the package."""
    text = resources.files("annotator").joinpath("schema/default.toml").read_text("utf-8")
    return parse_schema(tomllib.loads(text))


def snapshot(session: Session) -> dict[str, Any]:
    """The active schema as plain data, in a stable order."""
    sets = session.scalars(
        select(LabelSet).where(LabelSet.retired_at.is_(None)).order_by(LabelSet.position)
    )
    return {
        "label_sets": [
            {
                "name": s.name,
                **{f: getattr(s, f) for f in SET_FIELDS},
                "labels": [
                    {"name": label.name, **{f: getattr(label, f) for f in LABEL_FIELDS}}
                    for label in s.active_labels
                ],
            }
            for s in sets
        ]
    }


def current_codebook_version(session: Session) -> int | None:
    """The newest codebook version number, or None before any schema is installed."""
    return session.scalar(select(func.max(CodebookVersion.version)))


def apply_schema(
    session: Session, specs: list[LabelSetSpec], note: str = "", actor_id: int | None = None
) -> ApplyResult:
    """Make the stored schema match the specs; retire what is gone; version any change."""
    before = snapshot(session)
    existing = {s.name: s for s in session.scalars(select(LabelSet))}
    now = utcnow()
    for position, spec in enumerate(specs):
        label_set = existing.pop(spec.name, None)
        if label_set is None:
            label_set = LabelSet(name=spec.name, kind=spec.kind)
            session.add(label_set)
        elif label_set.kind != spec.kind and _in_use(session, label_set):
            raise SchemaError(
                f"label set {spec.name!r}: cannot change kind from {label_set.kind} "
                f"to {spec.kind} while annotations use it"
            )
        for f in SET_FIELDS:
            setattr(label_set, f, getattr(spec, f))
        label_set.position = position
        label_set.retired_at = None
        _apply_labels(session, label_set, spec.labels, now)
    for gone in existing.values():
        if gone.retired_at is None:
            gone.retired_at = now
    session.flush()
    after = snapshot(session)
    version = current_codebook_version(session)
    if version is not None and after == before:
        return ApplyResult(changed=False, version=version)
    version = (version or 0) + 1
    session.add(CodebookVersion(version=version, note=note, snapshot=after, created_by_id=actor_id))
    record_event(
        session,
        actor_id=actor_id,
        action="schema.update",
        entity="schema",
        entity_id=version,
        before=before if before["label_sets"] else None,
        after=after,
    )
    session.flush()
    # Sets added or retired change what every labelled passage resolves to.
    refresh_all_passage_states(session)
    return ApplyResult(changed=True, version=version)


def _apply_labels(session: Session, label_set: LabelSet, specs: list[LabelSpec], now: Any) -> None:
    current = {label.name: label for label in label_set.labels}
    for position, spec in enumerate(specs):
        label = current.pop(spec.name, None)
        if label is None:
            label = Label(name=spec.name, label_set=label_set)
            session.add(label)
        for f in LABEL_FIELDS:
            setattr(label, f, getattr(spec, f))
        label.position = position
        label.retired_at = None
    # Labels are retired, never deleted: old annotations keep pointing at them.
    for gone in current.values():
        if gone.retired_at is None:
            gone.retired_at = now


def _in_use(session: Session, label_set: LabelSet) -> bool:
    used = session.scalar(
        select(func.count()).select_from(Annotation).where(Annotation.label_set_id == label_set.id)
    )
    return bool(used)
