"""What a suggestion is: a proposed label or holder span, never a person's label."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class LabelSuggestion:
    label_set: str
    label: str
    source: str  # "cue" | "model"
    confidence: float | None  # a model's probability; None for cue words
    reason: str
    model_version: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class HolderSuggestion:
    start: int  # code points relative to the passage text
    end: int
    text: str
    canonical: str | None  # the alias list's name for this holder, if it knows one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
