"""Label Studio tasks (a JSON list) and the labeling config that matches them.

Each passage is one task: `data.text` plus its metadata, one annotation per annotator
(choices, labels and a textarea for the note), and, for gold passages, the reviewer's
decision as an annotation marked `ground_truth`.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

TEXT_NAME = "text"
NOTE_NAME = "note"
DATA_KEYS = ("article_id", "article_title", "source", "published", "passage_index", "status")


def _choices(label_set: str, value: Any) -> dict[str, Any] | None:
    chosen = value if isinstance(value, list) else [] if value is None else [value]
    if not chosen:
        return None  # Label Studio has no empty choices result
    return {
        "from_name": label_set,
        "to_name": TEXT_NAME,
        "type": "choices",
        "value": {"choices": chosen},
    }


def _result(
    labels: dict[str, Any],
    spans: list[dict[str, Any]],
    span_set_of: dict[str, str],
    note: str | None,
) -> list[dict[str, Any]]:
    result = [r for name, value in labels.items() if (r := _choices(name, value))]
    for n, span in enumerate(spans):
        result.append(
            {
                "id": f"span{n}",
                "from_name": span_set_of.get(span["label"], "spans"),
                "to_name": TEXT_NAME,
                "type": "labels",
                "value": {
                    "start": span["start"],
                    "end": span["end"],
                    "text": span["text"],
                    "labels": [span["label"]],
                },
            }
        )
    if note:
        result.append(
            {
                "from_name": NOTE_NAME,
                "to_name": TEXT_NAME,
                "type": "textarea",
                "value": {"text": [note]},
            }
        )
    return result


def task(native: dict[str, Any], span_set_of: dict[str, str]) -> dict[str, Any]:
    """One Label Studio task from a native line."""
    data: dict[str, Any] = {
        "text": native["text"],
        "passage_id": native["id"],
        **{key: native[key] for key in DATA_KEYS},
        # Label Studio annotations name their author by a user id of its own: keep ours here.
        "annotators": [a["annotator"] for a in native["annotations"]],
    }
    annotations = [
        {
            "result": _result(a["labels"], a["spans"], span_set_of, a["note"]),
            "ground_truth": False,
            "created_at": a["created_at"],
            "updated_at": a["updated_at"],
        }
        for a in native["annotations"]
    ]
    if native["status"] == "gold":
        annotations.append(
            {
                "result": _result(native["labels"], native["spans"], span_set_of, None),
                "ground_truth": True,
            }
        )
    return {"data": data, "annotations": annotations}


def labeling_config(snapshot: dict[str, Any]) -> str:
    """The Label Studio labeling config (XML) for the active label schema."""
    lines = ["<View>", f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>']
    for label_set in snapshot["label_sets"]:
        if label_set["scope"] != "passage":
            continue
        name = quoteattr(label_set["name"])
        lines.append(f"  <Header value={quoteattr(label_set['title_en'])}/>")
        if label_set["kind"] == "span":
            lines.append(f'  <Labels name={name} toName="{TEXT_NAME}">')
            tag = "Label"
        else:
            choice = "single" if label_set["kind"] == "single" else "multiple"
            lines.append(f'  <Choices name={name} toName="{TEXT_NAME}" choice="{choice}">')
            tag = "Choice"
        for label in label_set["labels"]:
            # Choices show a hint on hover; Label has no such attribute.
            hint = f" hint={quoteattr(label['title_en'])}" if tag == "Choice" else ""
            lines.append(f"    <{tag} value={quoteattr(label['name'])}{hint}/>")
        lines.append("  </Labels>" if label_set["kind"] == "span" else "  </Choices>")
    lines.append(f'  <TextArea name="{NOTE_NAME}" toName="{TEXT_NAME}" rows="2"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"
