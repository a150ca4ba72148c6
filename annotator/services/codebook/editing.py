"""Edit the codebook (definitions, rules, examples) in the app; each save is a new version."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from annotator.services.schema import (
    ApplyResult,
    LabelSetSpec,
    LabelSpec,
    SchemaError,
    apply_schema,
    current_codebook_version,
    snapshot,
)

MAX_TEXT = 20_000
MAX_EXAMPLES = 50
MAX_RULES = 50


class CodebookError(ValueError):
    """An edit was refused; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleCodebook(CodebookError):
    """Someone saved the codebook after this editor opened it."""


def specs_from_snapshot(data: dict[str, Any]) -> list[LabelSetSpec]:
    """The label-set specs a snapshot describes, ready for apply_schema."""
    return [
        LabelSetSpec(
            name=s["name"],
            kind=s["kind"],
            scope=s.get("scope", "passage"),
            title_zh=s["title_zh"],
            title_en=s["title_en"],
            definition=s.get("definition", ""),
            rules=list(s.get("rules", [])),
            labels=[
                LabelSpec(
                    name=label["name"],
                    title_zh=label["title_zh"],
                    title_en=label["title_en"],
                    definition=label.get("definition", ""),
                    examples=[dict(e) for e in label.get("examples", [])],
                    key=label.get("key"),
                    color=label.get("color"),
                )
                for label in s["labels"]
            ],
        )
        for s in data["label_sets"]
    ]


def clean_examples(examples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Examples with text, trimmed, in the stored shape {text, source, positive, note}."""
    cleaned: list[dict[str, Any]] = []
    for i, example in enumerate(examples, 1):
        text = normalise_text(str(example.get("text") or ""))
        if not text:
            continue
        if len(text) > MAX_TEXT:
            raise CodebookError(f"Example {i} is too long.", "examples")
        cleaned.append(
            {
                "text": text,
                "source": str(example.get("source") or "").strip(),
                "positive": bool(example.get("positive", True)),
                "note": normalise_text(str(example.get("note") or "")),
            }
        )
    if len(cleaned) > MAX_EXAMPLES:
        raise CodebookError(f"At most {MAX_EXAMPLES} examples per label.", "examples")
    return cleaned


def normalise_text(text: str) -> str:
    """Text as stored: LF line ends (browsers send CRLF from textareas), no outer blank space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _keep(old: str, new: str) -> str:
    # Saving a form untouched must not make a version because of line ends or a final newline.
    return old if normalise_text(old) == normalise_text(new) else normalise_text(new)


def _checked(session: Session, seen_version: int | None, note: str) -> list[LabelSetSpec]:
    if not note.strip():
        raise CodebookError("Say what changed and why: a change note is required.", "note")
    if seen_version != current_codebook_version(session):
        raise StaleCodebook(
            "Someone saved the codebook after you opened it; reload and make your change again.",
            "version",
        )
    return specs_from_snapshot(snapshot(session))


def _index(specs: list[LabelSetSpec], set_name: str) -> int:
    for i, spec in enumerate(specs):
        if spec.name == set_name:
            return i
    raise CodebookError(f"No label set named {set_name!r}.", "label_set")


def _apply(
    session: Session, specs: list[LabelSetSpec], note: str, actor_id: int | None
) -> ApplyResult:
    try:
        return apply_schema(session, specs, note=note.strip(), actor_id=actor_id)
    except SchemaError as exc:
        raise CodebookError(str(exc)) from exc


def edit_label_set(
    session: Session,
    set_name: str,
    *,
    definition: str,
    rules: list[str],
    note: str,
    actor_id: int | None,
    seen_version: int | None,
) -> ApplyResult:
    """Change a label set's definition and decision rules; unchanged text makes no version."""
    specs = _checked(session, seen_version, note)
    i = _index(specs, set_name)
    rules = [normalise_text(r) for r in rules if r.strip()]
    if len(rules) > MAX_RULES or any(len(r) > MAX_TEXT for r in rules):
        raise CodebookError(f"At most {MAX_RULES} rules of reasonable length.", "rules")
    if len(definition) > MAX_TEXT:
        raise CodebookError("The definition is too long.", "definition")
    old = specs[i]
    if rules == [normalise_text(r) for r in old.rules]:
        rules = list(old.rules)
    specs[i] = replace(old, definition=_keep(old.definition, definition), rules=rules)
    return _apply(session, specs, note, actor_id)


def edit_label(
    session: Session,
    set_name: str,
    label_name: str,
    *,
    definition: str,
    examples: list[dict[str, Any]],
    note: str,
    actor_id: int | None,
    seen_version: int | None,
) -> ApplyResult:
    """Change a label's definition and examples; unchanged text makes no version."""
    specs = _checked(session, seen_version, note)
    i = _index(specs, set_name)
    labels = list(specs[i].labels)
    j = next((k for k, lb in enumerate(labels) if lb.name == label_name), None)
    if j is None:
        raise CodebookError(f"No label {label_name!r} in {set_name!r}.", "label")
    label = labels[j]
    if len(definition) > MAX_TEXT:
        raise CodebookError("The definition is too long.", "definition")
    new_examples = clean_examples(examples)
    if new_examples == clean_examples(label.examples):
        new_examples = label.examples
    labels[j] = replace(
        label, definition=_keep(label.definition, definition), examples=new_examples
    )
    specs[i] = replace(specs[i], labels=labels)
    return _apply(session, specs, note, actor_id)
