"""Agreement on holder stances: match two editors' holder spans, then compare their stances.

Matching rule (documented in docs/reliability): on one passage, each editor's holder spans
are grouped into units, editors taken by username and their holder spans in text order.
A holder span joins an existing unit that has no span of its editor yet when

- it names the same holder: its text and the unit's first span's text are equal after
  alias folding (`HolderAlias`, then `holder_key`: width, case and spaces folded), so
  杨立昆 and LeCun match once an alias says so; or
- it overlaps the unit's first span by at least half of the longer of the two spans,
  counted in characters.

Among several such units it joins the one it overlaps most (a name match counts as full
overlap), the earliest on a tie; otherwise it starts a unit of its own. Each editor's value
on a unit is the stance their holder span holds: its own stance, else the stance that
editor gave the passage (no value when neither is set). Units that only one editor coded
do not count, exactly as for the passage sets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Passage
from annotator.services.holder_links import HOLDER_LABEL, STANCE_SET
from annotator.services.records import EditorRecord
from annotator.services.rollup.compute import holder_aliases, holder_key

HOLDER_STANCE = "holder_stance"  # the report's name, beside the passage sets'
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class HolderMention:
    """One editor's holder span on a passage: range, folded name, the stance it holds."""

    editor: str
    start: int
    end: int
    name: str
    stance: str | None


def _overlap(a: HolderMention, b: HolderMention) -> float:
    """Shared characters as a share of the longer span; 1.0 for the same folded name."""
    if a.name and a.name == b.name:
        return 1.0
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(shared, 0) / max(a.end - a.start, b.end - b.start)


def match_holders(mentions: Sequence[HolderMention]) -> list[dict[str, HolderMention]]:
    """Units of matched holder spans ({editor: mention}), by the rule above."""
    units: list[dict[str, HolderMention]] = []
    firsts: list[HolderMention] = []
    for m in sorted(mentions, key=lambda m: (m.editor, m.start, m.end)):
        best, best_score = None, 0.0
        for i, unit in enumerate(units):
            if m.editor in unit:
                continue
            score = _overlap(m, firsts[i])
            if score >= MIN_OVERLAP and score > best_score:
                best, best_score = i, score
        if best is None:
            units.append({m.editor: m})
            firsts.append(m)
        else:
            units[best][m.editor] = m
    return units


def mentions_of(
    editors: Sequence[EditorRecord], text: str, fold: Callable[[str], str]
) -> list[HolderMention]:
    """Every editor's holder spans on a passage, with the stance each holds."""
    out = []
    for editor in editors:
        passage_stance = next(iter(sorted(editor.labels.get(STANCE_SET, ()))), None)
        for start, end, label in sorted(editor.spans):
            if label != HOLDER_LABEL:
                continue
            link = editor.links.get((start, end, label))
            own = link.stance if link is not None else None
            name = fold(text[start:end])
            out.append(HolderMention(editor.username, start, end, name, own or passage_stance))
    return out


def holder_ratings(
    session: Session, units: Sequence[tuple[int, Sequence[EditorRecord]]]
) -> dict[int, dict[str, str]]:
    """Reliability data: unit number -> {editor: the stance their holder holds}."""
    aliases = holder_aliases(session)

    def fold(spelling: str) -> str:
        key = holder_key(spelling)
        return holder_key(aliases.get(key, spelling)) if key else ""

    ids = [pid for pid, _ in units]
    texts: Mapping[int, str] = (
        dict(session.execute(select(Passage.id, Passage.text).where(Passage.id.in_(ids))).all())
        if ids
        else {}
    )
    ratings: dict[int, dict[str, str]] = {}
    for pid, editors in units:
        for unit in match_holders(mentions_of(editors, texts[pid], fold)):
            coded = {who: m.stance for who, m in unit.items() if m.stance is not None}
            ratings[len(ratings)] = coded
    return ratings
