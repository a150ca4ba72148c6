"""One user's labels for one passage, whatever file they came from, and how lines say it.

A native line, a minimal pre-annotation line, a doccano record and a Label Studio
annotation all become a Proposal: where the passage is (a Locator), the labels in the
native shape, spans in code points relative to the passage, and a note. The importer
plans every Proposal the same way.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.exporting.native import native_schema


@dataclass(frozen=True)
class Locator:
    """How a record names its passage: the stable id, article and offsets, or exact text."""

    passage_id: str | None = None
    article_id: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass
class Proposal:
    """Labels, spans and a note one user gives one passage."""

    locator: Locator
    labels: dict[str, Any] = field(default_factory=dict)  # set -> name/null or list
    spans: list[dict[str, Any]] = field(default_factory=list)  # start, end, label[, text]
    note: str | None = None
    user: str | None = None  # None: the --as user
    status: str | None = None  # what the line claims, when it says


@cache
def _minimal_validator() -> Draft202012Validator:
    # The native line's schema with nothing required but labels: every field a line
    # carries is checked, none but the labels has to be there.
    schema = copy.deepcopy(native_schema())
    schema["required"] = ["labels"]
    schema["properties"]["note"] = {"type": ["string", "null"]}
    schema["$defs"]["span"]["required"] = ["start", "end", "label"]
    return Draft202012Validator(schema)


def parse_minimal_line(text: str) -> Proposal:
    """A pre-annotation line: a passage locator, labels, optional spans and note."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineInvalid(f"broken JSON: {exc.msg} at column {exc.colno}") from exc
    errors = sorted(_minimal_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(line)"
        raise LineInvalid(f"{where}: {errors[0].message}")
    proposal = Proposal(
        locator=Locator(
            passage_id=data.get("id"),
            article_id=data.get("article_id"),
            start=data.get("start"),
            end=data.get("end"),
            text=data.get("text"),
        ),
        labels=data["labels"],
        spans=data.get("spans", []),
        note=data.get("note"),
        status=data.get("status"),
    )
    check_consistent(proposal)
    return proposal


def check_consistent(proposal: Proposal) -> None:
    """Refuse a line whose status says it has no labels while it carries some."""
    if proposal.status in ("unlabeled", "conflict"):
        chosen = [name for name, value in proposal.labels.items() if value]
        if chosen or proposal.spans:
            what = ", ".join(chosen + (["spans"] if proposal.spans else []))
            raise LineInvalid(
                f"status: the line says {proposal.status} but sets {what}; "
                "drop the status or the labels"
            )
