"""A passage's editors and its resolution side by side (the repeated-passages page).

Both come from the labels core: each editor's work from `records.load_records`, the one
reader of who labelled what, and the resolution from the maintained passage state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from annotator.services.records import EditorRecord, load_records
from annotator.services.search.shown import shown_labels


@dataclass(frozen=True)
class PassageLabels:
    """Every editor who labelled one passage, and what the passage resolves to."""

    records: list[EditorRecord]
    status: str
    labels: dict[str, Any]  # resolved labels, sets without a value left out


def load_passage_labels(session: Session, passage_ids: Sequence[int]) -> dict[int, PassageLabels]:
    """Editors' records and the resolution of each passage (nobody's: unlabeled)."""
    ids = list(passage_ids)
    records = load_records(session, ids)
    resolved = shown_labels(session, ids, None)
    out = {}
    for pid in ids:
        editors = [
            r
            for r in sorted(records.get(pid, {}).values(), key=lambda r: r.username)
            if r.has_labels
        ]
        status, labels = resolved[pid]
        out[pid] = PassageLabels(editors, status, labels)
    return out
