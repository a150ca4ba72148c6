"""Who holds which stance: the one rule for holder stances and evidence links (pure).

A span labelled `holder` may carry its own stance, a label of the `stance` set; without
one, the holder takes its passage's stance. A span labelled `evidence` may be linked to
one `holder` span of the same annotation, so of the same passage and editor: a link
names the holder by its offsets in that passage, so it cannot reach another passage.
Nothing else carries a stance or a link. The label writer, the gold writer and the
importer all check a span list with `check_links` before storing it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.services.progress import STANCE_SET

__all__ = ["EVIDENCE_LABEL", "HOLDER_LABEL", "STANCE_SET", "SpanLink", "check_links"]

HOLDER_LABEL = "holder"
EVIDENCE_LABEL = "evidence"

SpanKey = tuple[int, int, str]  # (start, end, label) relative to the passage text


@dataclass(frozen=True, order=True)
class SpanLink:
    """What a span says beyond its range: a holder's own stance, an evidence span's holder."""

    stance: str | None = None
    holder: tuple[int, int] | None = None  # (start, end) of the linked holder span

    @property
    def empty(self) -> bool:
        return self.stance is None and self.holder is None

    def as_json(self) -> dict[str, Any]:
        """The keys a span object gains: `stance` and `holder` ({start, end}) when set."""
        out: dict[str, Any] = {}
        if self.stance is not None:
            out["stance"] = self.stance
        if self.holder is not None:
            out["holder"] = {"start": self.holder[0], "end": self.holder[1]}
        return out


NO_LINK = SpanLink()


class LinkProblem(ValueError):
    """A span's stance or link breaks the rule: which span, which field, and why."""

    def __init__(self, index: int, field: str, template: str, **params: object) -> None:
        super().__init__(template % params if params else template)
        self.index = index
        self.field = field
        self.template = template
        self.params = params


def check_links(spans: Sequence[tuple[SpanKey, SpanLink]], stances: Collection[str]) -> None:
    """Refuse a stance off a holder span, an unknown stance, or a link to no holder span."""
    holders = {(s, e) for (s, e, label), _ in spans if label == HOLDER_LABEL}
    for i, ((_, _, label), link) in enumerate(spans):
        if link.stance is not None:
            if label != HOLDER_LABEL:
                raise LinkProblem(i, "stance", "Only a holder span carries its own stance.")
            if link.stance not in stances:
                raise LinkProblem(
                    i, "stance", "%(stance)s is not a stance label.", stance=link.stance
                )
        if link.holder is not None:
            if label != EVIDENCE_LABEL:
                raise LinkProblem(i, "holder", "Only an evidence span is linked to a holder.")
            if link.holder not in holders:
                raise LinkProblem(
                    i, "holder", "The linked holder is not a holder span of this passage."
                )


def agreed_link(links: Sequence[SpanLink]) -> SpanLink:
    """What several annotators' links on one span resolve to: each part where all agree."""
    if not links:
        return NO_LINK
    stances = {link.stance for link in links}
    holders = {link.holder for link in links}
    return SpanLink(
        stances.pop() if len(stances) == 1 else None,
        holders.pop() if len(holders) == 1 else None,
    )
