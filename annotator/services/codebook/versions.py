"""Codebook versions: what changed in meaning between them, and their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import CodebookVersion, User

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class MeaningChange:
    """One change that can alter what a label means: a definition, the rules, a label."""

    label_set: str
    label: str | None
    change: str  # "definition" | "rules" | "added" | "retired"

    def as_dict(self) -> dict[str, str | None]:
        return {"label_set": self.label_set, "label": self.label, "change": self.change}

    def __str__(self) -> str:
        where = self.label_set if self.label is None else f"{self.label_set}/{self.label}"
        return f"{where}: {self.change}"


@dataclass(frozen=True)
class VersionInfo:
    version: int
    note: str
    created_at: datetime
    created_by: str | None
    changes: list[MeaningChange]


def _norm(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _meaning(snap: Snapshot, set_name: str) -> dict[str, Any] | None:
    """The parts of a label set that say what its labels mean (not titles, keys or examples)."""
    for s in snap.get("label_sets", []):
        if s["name"] == set_name:
            return {
                "definition": _norm(s.get("definition")),
                "rules": [_norm(r) for r in s.get("rules", [])],
                "labels": {lb["name"]: _norm(lb.get("definition")) for lb in s["labels"]},
            }
    return None


def meaning_changes(old: Snapshot, new: Snapshot, set_name: str) -> list[MeaningChange]:
    """How the meaning of one label set differs between two snapshots."""
    before, after = _meaning(old, set_name), _meaning(new, set_name)
    if before is None and after is None:
        return []
    if before is None:
        return [MeaningChange(set_name, None, "added")]
    if after is None:
        return [MeaningChange(set_name, None, "retired")]
    changes = [
        MeaningChange(set_name, None, part)
        for part in ("definition", "rules")
        if before[part] != after[part]
    ]
    old_labels, new_labels = before["labels"], after["labels"]
    for name in [*old_labels, *(n for n in new_labels if n not in old_labels)]:
        if name not in new_labels:
            changes.append(MeaningChange(set_name, name, "retired"))
        elif name not in old_labels:
            changes.append(MeaningChange(set_name, name, "added"))
        elif old_labels[name] != new_labels[name]:
            changes.append(MeaningChange(set_name, name, "definition"))
    return changes


def all_meaning_changes(old: Snapshot, new: Snapshot) -> list[MeaningChange]:
    """Meaning changes of every label set present in either snapshot."""
    names = [s["name"] for s in old.get("label_sets", [])]
    names += [s["name"] for s in new.get("label_sets", []) if s["name"] not in names]
    return [c for name in names for c in meaning_changes(old, new, name)]


def latest_version(session: Session) -> CodebookVersion | None:
    """The newest codebook version, or None before any schema is installed."""
    return session.scalar(select(CodebookVersion).order_by(CodebookVersion.version.desc()))


def get_version(session: Session, version: int) -> CodebookVersion | None:
    """One codebook version by number."""
    return session.scalar(select(CodebookVersion).where(CodebookVersion.version == version))


def snapshots(session: Session, versions: set[int]) -> dict[int, Snapshot]:
    """The stored snapshots of the given versions, in one query."""
    if not versions:
        return {}
    rows = session.execute(
        select(CodebookVersion.version, CodebookVersion.snapshot).where(
            CodebookVersion.version.in_(sorted(versions))
        )
    )
    return {v: snap for v, snap in rows}


def history(session: Session) -> list[VersionInfo]:
    """Every version, newest first, with its note, author and meaning changes."""
    rows = session.execute(
        select(CodebookVersion, User.username)
        .outerjoin(User, User.id == CodebookVersion.created_by_id)
        .order_by(CodebookVersion.version)
    ).all()
    infos: list[VersionInfo] = []
    previous: Snapshot = {"label_sets": []}
    for row, username in rows:
        infos.append(
            VersionInfo(
                version=row.version,
                note=row.note,
                created_at=row.created_at,
                created_by=username,
                changes=all_meaning_changes(previous, row.snapshot),
            )
        )
        previous = row.snapshot
    return infos[::-1]
