"""Label names from other tools resolved to the schema's label sets, through --map.

doccano has one flat list of categories and Label Studio names results by the controls
of its own labeling config, so a label arrives as a bare name. A name resolves when it
is `set:label` (our doccano export's categories), or a label name that only one active
set has; any other name must be mapped with `--map OLD=NEW` (NEW in either form), or the
record is refused.
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.exporting.vocabulary import ExportVocabulary


class LabelNames:
    """Resolve a tool's label names to (label set, label) of the active schema."""

    def __init__(self, vocabulary: ExportVocabulary, mapping: dict[str, str]) -> None:
        self.vocabulary = vocabulary
        self.mapping = mapping
        self.kinds = {s.name: s.kind for s in vocabulary.choice_sets}
        self.span_sets = {s.name for s in vocabulary.span_sets}

    def _resolve(self, name: str, sets: set[str], what: str) -> tuple[str, str]:
        target = self.mapping.get(name, name)
        active = self.vocabulary.active_labels
        set_name, _, label = target.partition(":")
        if label and set_name in sets and label in active[set_name]:
            return set_name, label
        owners = sorted(s for s in sets if target in active[s])
        if len(owners) == 1:
            return owners[0], target
        if owners:
            raise LineInvalid(
                f"{name!r} is a label of {' and '.join(owners)}: "
                f"say which with --map {name}={owners[0]}:{target}"
            )
        mapped = f" (mapped to {target!r})" if target != name else ""
        raise LineInvalid(
            f"{name!r}{mapped} is not a {what} of the schema; map it with --map {name}=SET:LABEL"
        )

    def choice(self, name: str) -> tuple[str, str]:
        """The choice set and label a category name stands for."""
        return self._resolve(name, set(self.kinds), "choice label")

    def span(self, name: str) -> str:
        """The span label a span's label name stands for."""
        return self._resolve(name, self.span_sets, "span label")[1]

    def labels(self, names: list[str]) -> dict[str, Any]:
        """Category names as native labels: a name per single-choice set, lists for multiple."""
        chosen: dict[str, list[str]] = {}
        for name in names:
            set_name, label = self.choice(name)
            chosen.setdefault(set_name, [])
            if label not in chosen[set_name]:
                chosen[set_name].append(label)
        out: dict[str, Any] = {}
        for set_name, labels in chosen.items():
            if self.kinds[set_name] == "multi":
                out[set_name] = sorted(labels)
            elif len(labels) > 1:
                raise LineInvalid(f"{set_name} takes one label; the record has {sorted(labels)}")
            else:
                out[set_name] = labels[0]
        return out


def parse_mapping(pairs: tuple[str, ...] | list[str], option: str = "--map") -> dict[str, str]:
    """OLD=NEW options as a dict; a malformed pair is a ValueError naming it."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            raise ValueError(f"{option} {pair!r}: write OLD=NEW")
        mapping[old] = new
    return mapping
