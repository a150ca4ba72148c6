"""doccano and Label Studio output against the shapes those tools document."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from jsonschema import Draft202012Validator
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import User
from annotator.services.exporting import ExportOptions, export_lines, labeling_config
from annotator.services.schema import snapshot
from tests.builders.articles import add_article
from tests.builders.labels import annotate
from tests.services.exporting.shapes import (
    DOCCANO_CLASSIFICATION,
    DOCCANO_SEQUENCE,
    LABEL_STUDIO_TASKS,
)
from tests.services.exporting.test_native import check_golden


def text_of(fmt: str, **options: object) -> str:
    return "".join(export_lines(db.session, ExportOptions(format=fmt, **options)))  # type: ignore[arg-type]


def native_by_id() -> dict[str, dict]:
    return {x["id"]: x for x in map(json.loads, text_of("native").splitlines())}


def test_doccano_classification_lines(golden):
    validator = Draft202012Validator(DOCCANO_CLASSIFICATION)
    native = native_by_id()
    lines = [json.loads(x) for x in text_of("doccano").splitlines()]
    assert len(lines) == len(native)
    for line in lines:
        validator.validate(line)
        source = native[line["passage_id"]]
        assert line["text"] == source["text"]
        expected = []
        for name, value in source["labels"].items():
            values = value if isinstance(value, list) else [value] if value else []
            expected += [f"{name}:{v}" for v in values]
        assert line["label"] == expected
        assert line["status"] == source["status"]
    agreed = next(x for x in lines if x["text"].startswith("数据偏差"))
    assert agreed["label"] == [
        "stance:neutral_or_mixed",
        "bias_attribution:data",
        "bias_attribution:researchers",
    ]


def test_doccano_sequence_lines(golden):
    validator = Draft202012Validator(DOCCANO_SEQUENCE)
    lines = [json.loads(x) for x in text_of("doccano-spans").splitlines()]
    spans = [s for line in lines for s in line["label"]]
    assert spans, "the golden corpus has resolved spans"
    for line in lines:
        validator.validate(line)
        units = line["text"].encode("utf-16-le")
        for start, end, _label in line["label"]:
            assert start < end <= len(units) // 2
    # doccano's editor counts UTF-16 code units: the emoji before the span takes two.
    emoji = next(x for x in lines if x["text"].startswith("数据偏差"))
    ((start, end, label),) = emoji["label"]
    assert (start, end) == (13, 16)
    covered = emoji["text"].encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")
    assert (covered, label) == ("研究者", "holder")


def _config_controls(xml: str) -> dict[str, tuple[str, set[str]]]:
    root = ET.fromstring(xml)  # noqa: S314 - our own generated XML
    (text,) = root.findall("Text")
    assert text.get("value") == "$text"
    controls = {}
    for tag in root:
        if tag.tag in ("Choices", "Labels", "TextArea"):
            assert tag.get("toName") == text.get("name")
            values = {child.get("value") for child in tag}
            controls[tag.get("name")] = (tag.tag, values)
    return controls


def test_label_studio_tasks_match_the_documented_shape_and_the_config(golden):
    tasks = json.loads(text_of("label-studio", include_boilerplate=True))
    Draft202012Validator(LABEL_STUDIO_TASKS).validate(tasks)
    controls = _config_controls(labeling_config(snapshot(db.session)))
    kinds = {"choices": "Choices", "labels": "Labels", "textarea": "TextArea"}
    native = native_by_id()
    for task in tasks:
        source = native.get(task["data"]["passage_id"])
        for annotation in task["annotations"]:
            regions = {r["id"]: r for r in annotation["result"] if r["type"] == "labels"}
            for result in annotation["result"]:
                if result["type"] == "relation":  # between two regions of the annotation
                    assert {result["from_id"], result["to_id"]} <= set(regions)
                    assert result["labels"] == ["evidence_of"]
                    continue
                tag, values = controls[result["from_name"]]
                assert kinds[result["type"]] == tag
                value = result["value"]
                if tag == "Choices":
                    assert set(value["choices"]) <= values
                if tag == "Labels":
                    assert set(value["labels"]) <= values
                    assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
        if source is not None:
            humans = [a for a in task["annotations"] if not a["ground_truth"]]
            assert len(humans) == len(source["annotations"])
            assert task["data"]["annotators"] == [a["annotator"] for a in source["annotations"]]
    gold = [t for t in tasks if t["data"]["status"] == "gold"]
    assert gold and all(t["annotations"][-1]["ground_truth"] for t in gold)


def test_label_studio_config_is_single_or_multiple_by_set_kind(app):
    root = ET.fromstring(labeling_config(snapshot(db.session)))  # noqa: S314
    choice = {c.get("name"): c.get("choice") for c in root.findall("Choices")}
    assert choice == {
        "stance": "single",
        "bias_attribution": "multiple",
        "holder_stance": "single",  # per region, for holder regions
    }
    assert [x.get("value") for x in root.find("Labels")] == ["evidence", "holder"]


def test_golden_doccano_and_label_studio(golden):
    check_golden("doccano.jsonl", text_of("doccano"))
    check_golden("doccano-spans.jsonl", text_of("doccano-spans"))
    check_golden("doccano-relations.jsonl", text_of("doccano-relations"))
    check_golden("label-studio.json", text_of("label-studio", include_boilerplate=True))
    check_golden("label-studio-config.xml", labeling_config(snapshot(db.session)))


def test_labeled_in_a_doccano_file_means_a_value_in_its_label_column(golden):
    # spans and no stance: "single" in the native file, nothing for a classification file
    (spans_only,) = add_article(
        db.session, "研究者说了话。", [("研究者说了话。", "body")], title="只有片段"
    )
    ann = db.session.scalar(select(User).where(User.username == "ann"))
    annotate(db.session, spans_only, ann, "spans", spans=[(0, 3, "holder")])
    db.session.commit()
    labeled = [json.loads(x) for x in text_of("native", status="labeled").splitlines()]
    for fmt, has_value in (
        ("doccano", lambda x: any(x["labels"].values())),
        ("doccano-spans", lambda x: bool(x["spans"])),
    ):
        lines = [json.loads(x) for x in text_of(fmt, status="labeled").splitlines()]
        assert lines and all(line["label"] for line in lines)
        expected = [x["id"] for x in labeled if has_value(x)]
        assert [x["passage_id"] for x in lines] == expected
        # each column leaves out labeled passages: the check above is not vacuous
        assert len(expected) < len(labeled)
