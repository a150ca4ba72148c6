"""Label Studio JSON exports as proposals: one per annotation of each task.

An export is a JSON list of tasks: `data` (the text and, for a project made from our
export, `passage_id` and `article_id`), and `annotations`, each with `completed_by` (a
user id, or an object with `id` and `email`) and a `result` list. Results are read by
type, whatever the control names of the project's labeling config: `choices` by their
label names, `labels` as spans (code-point offsets, as Label Studio counts them), and
`textarea` as the note. A `choices` result on a region (it names the region's `id` and
offsets) is that holder span's own stance; a `relation` result from one region to another
links an evidence span to its holder. Predictions and cancelled annotations are not
imported, nor the authorless ground-truth annotation our own export adds for gold passages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.services.annotation_import.label_names import LabelNames
from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.annotation_import.proposals import Locator, Proposal


def _author(completed_by: Any, users: dict[str, str], as_user: str | None, where: str) -> str:
    """Our username for a Label Studio author: mapped with --user, else the --as user."""
    if isinstance(completed_by, dict):
        keys = [str(completed_by.get("id")), str(completed_by.get("email"))]
    else:
        keys = [] if completed_by is None else [str(completed_by)]
    for key in keys:
        if key in users:
            return users[key]
    if as_user is not None:
        return as_user
    who = f"Label Studio user {keys[0]}" if keys else "an annotation without completed_by"
    raise LineInvalid(
        f"{where}/completed_by: {who} has no user here; "
        f"map it with --user {keys[0] if keys else 'ID'}=USERNAME or name one with --as"
    )


def _annotation(
    result: list[Any], text: str, names: LabelNames, where: str
) -> tuple[list[str], list[dict[str, Any]], str | None]:
    categories: list[str] = []
    spans: list[dict[str, Any]] = []
    notes: list[str] = []
    regions: dict[str, int] = {}  # region id -> index of its (first) span
    stances: list[tuple[str, list[str], str]] = []
    relations: list[tuple[str, str, str]] = []
    for i, item in enumerate(result):
        here = f"{where}/result/{i}"
        kind, value = item.get("type"), item.get("value") or {}
        if kind == "choices" and "start" in value:
            stances.append((str(item.get("id")), value.get("choices", []), here))
        elif kind == "choices":
            categories += value.get("choices", [])
        elif kind == "relation":
            relations.append((str(item.get("from_id")), str(item.get("to_id")), here))
        elif kind == "labels":
            start, end = value.get("start"), value.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
                raise LineInvalid(f"{here}: a span needs offsets start < end")
            regions.setdefault(str(item.get("id")), len(spans))
            for label in value.get("labels", []):
                span = {"start": start, "end": end, "label": names.span(label)}
                if "text" in value:
                    span["text"] = value["text"]
                spans.append(span)
        elif kind == "textarea":
            notes += value.get("text", [])
        else:
            raise LineInvalid(f"{here}: results of type {kind!r} are not imported")
    for region, chosen, here in stances:
        if region not in regions or len(chosen) != 1:
            raise LineInvalid(f"{here}: a region's stance names one region and one choice")
        spans[regions[region]]["stance"] = chosen[0]
    for source, target, here in relations:
        if source not in regions or target not in regions:
            raise LineInvalid(f"{here}: a relation joins two regions of this annotation")
        spans[regions[source]]["holder"] = regions[target]
    return categories, spans, "\n".join(notes) or None


def task_proposals(
    task: Any, names: LabelNames, users: dict[str, str], as_user: str | None
) -> list[Proposal]:
    """The proposals of one task: one per annotation that has a result."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise LineInvalid("a Label Studio task is an object with data")
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str) or not text:
        raise LineInvalid("data/text: the task has no text")
    locator = Locator(
        passage_id=data.get("passage_id") or None,
        article_id=data.get("article_id") or None,
        text=text,
    )
    proposals: list[Proposal] = []
    authors: set[str] = set()
    for n, annotation in enumerate(task.get("annotations") or []):
        where = f"annotations/{n}"
        if annotation.get("was_cancelled"):
            continue
        if annotation.get("ground_truth") and annotation.get("completed_by") is None:
            continue  # our export's gold decision: it has no author to give it to
        user = _author(annotation.get("completed_by"), users, as_user, where)
        if user in authors:
            raise LineInvalid(f"{where}: a second annotation by {user} on this task")
        authors.add(user)
        categories, spans, note = _annotation(annotation.get("result") or [], text, names, where)
        proposals.append(Proposal(locator, names.labels(categories), spans, note, user))
    return proposals


def read_tasks(raw_lines: Iterable[bytes]) -> Iterator[tuple[int, Any]]:
    """The numbered tasks of an export (one JSON list, not lines), or why it cannot be read."""
    try:
        tasks = json.loads(b"".join(raw_lines).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield 0, LineInvalid(f"not a Label Studio JSON export: {exc}")
        return
    if not isinstance(tasks, list):
        yield 0, LineInvalid("a Label Studio export is a JSON list of tasks")
        return
    yield from enumerate(tasks, 1)
