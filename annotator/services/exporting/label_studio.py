"""Label Studio tasks (a JSON list) and the labeling config that matches them.

Each passage is one task: `data.text` plus its metadata, one annotation per annotator
(choices, labels and a textarea for the note), and, for gold passages, the reviewer's
decision as an annotation marked `ground_truth`. A holder span's own stance is a
per-region `choices` result (control `holder_stance`, the same `id` as the span's region);
an evidence span's holder is a `relation` result from the evidence region to the holder's,
labelled `evidence_of`.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.services.holder_links import HOLDER_LABEL, STANCE_SET

TEXT_NAME = "text"
NOTE_NAME = "note"
HOLDER_STANCE_NAME = "holder_stance"
EVIDENCE_OF = "evidence_of"
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
    for n, span in enumerate(spans):
        if span.get("stance"):
            result.append(
                {
                    "id": f"span{n}",
                    "from_name": HOLDER_STANCE_NAME,
                    "to_name": TEXT_NAME,
                    "type": "choices",
                    "value": {
                        "start": span["start"],
                        "end": span["end"],
                        "text": span["text"],
                        "choices": [span["stance"]],
                    },
                }
            )
        if span.get("holder") is not None:
            result.append(
                {
                    "from_id": f"span{n}",
                    "to_id": f"span{span['holder']}",
                    "type": "relation",
                    "direction": "right",
                    "labels": [EVIDENCE_OF],
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
    lines += _holder_controls(snapshot)
    lines.append(f'  <TextArea name="{NOTE_NAME}" toName="{TEXT_NAME}" rows="2"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def _holder_controls(snapshot: dict[str, Any]) -> list[str]:
    """A per-region stance for holder regions, and the evidence_of relation."""
    sets = {s["name"]: s for s in snapshot["label_sets"] if s["scope"] == "passage"}
    stance = sets.get(STANCE_SET)
    span_labels = {lb["name"] for s in sets.values() if s["kind"] == "span" for lb in s["labels"]}
    if stance is None or HOLDER_LABEL not in span_labels:
        return []
    lines = [
        f'  <Choices name="{HOLDER_STANCE_NAME}" toName="{TEXT_NAME}" perRegion="true"'
        f' whenLabelValue="{HOLDER_LABEL}" choice="single">'
    ]
    for label in stance["labels"]:
        hint = quoteattr(label["title_en"])
        lines.append(f"    <Choice value={quoteattr(label['name'])} hint={hint}/>")
    lines.append("  </Choices>")
    lines.append(f'  <Relations>\n    <Relation value="{EVIDENCE_OF}"/>\n  </Relations>')
    return lines
