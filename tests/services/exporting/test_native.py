"""The native export line: statuses, labels, spans, annotators, filters and the schema."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select, update

from annotator.extensions import db
from annotator.models import LabelSet, Passage, utcnow
from annotator.services.exporting import ExportOptions, export_lines, native_schema
from annotator.services.exporting.native import dumps
from tests.builders.articles import body_passages
from tests.builders.labels import annotate, settle
from tests.conftest import ROOT

KEYS = [
    "schema_version",
    "id",
    "article_id",
    "article_title",
    "source",
    "published",
    "passage_index",
    "start",
    "end",
    "kind",
    "text",
    "labels",
    "spans",
    "status",
    "set_status",
    "gold",
    "annotations",
]
ANNOTATION_KEYS = [
    "annotator",
    "labels",
    "spans",
    "note",
    "codebook_version",
    "created_at",
    "updated_at",
]


def export(**options: object) -> list[dict]:
    text = "".join(export_lines(db.session, ExportOptions(**options)))  # type: ignore[arg-type]
    return [json.loads(line) for line in text.splitlines()]


def test_the_published_schema_is_the_packaged_one():
    published = json.loads((ROOT / "docs" / "native-line.schema.json").read_text("utf-8"))
    assert published == native_schema()
    Draft202012Validator.check_schema(published)


def test_every_line_validates_and_keeps_its_key_order(tagged):
    validator = Draft202012Validator(native_schema())
    lines = export(include_boilerplate=True)
    assert len(lines) == db.session.query(Passage).count()
    for line in lines:
        assert list(line) == KEYS
        validator.validate(line)
        for a in line["annotations"]:
            assert list(a) == ANNOTATION_KEYS
        for span in line["spans"] + [s for a in line["annotations"] for s in a["spans"]]:
            assert line["text"][span["start"] : span["end"]] == span["text"]


def test_statuses_and_resolved_labels(tagged):
    lines = export()
    by_index = {line["id"]: line for line in lines}
    p = [by_index[x.uid] for x in body_passages(db.session)]
    assert [x["status"] for x in p[:7]] == [
        "single",
        "agreed",
        "conflict",
        "gold",
        "single",
        "unlabeled",
        "unlabeled",
    ]
    assert p[0]["labels"] == {
        "stance": "for_open_release",
        "bias_attribution": ["data", "researchers"],
    }
    assert [(s["start"], s["end"], s["label"]) for s in p[0]["spans"]] == [
        (0, 2, "holder"),
        (1, 4, "evidence"),
    ]
    # agreed: only the span both annotators marked
    assert p[1]["labels"]["stance"] == "against_open_release"
    assert [(s["start"], s["end"], s["label"]) for s in p[1]["spans"]] == [(0, 3, "evidence")]
    # conflict: nulls and empty lists
    assert p[2]["labels"] == {"stance": None, "bias_attribution": []}
    # gold on stance; bias left to the annotators, who agree on nothing chosen
    assert p[3]["labels"] == {"stance": "neutral_or_mixed", "bias_attribution": []}
    # a reopened gold decision is ignored
    assert p[4]["labels"]["stance"] == "for_open_release"


def test_per_annotator_records_with_timestamps_and_notes(tagged):
    line = export()[0]
    (ann,) = line["annotations"]
    assert ann["annotator"] == "ann"
    assert ann["note"] == "引用了研究者的话"
    assert ann["codebook_version"] == 1
    # min/max over the annotator's rows on the passage, notes included
    assert ann["created_at"] == "2024-05-01T08:30:00.123456Z"
    assert ann["updated_at"] == "2024-05-03T10:15:30.000005Z"


def test_a_note_alone_is_listed_but_does_not_label_and_a_cleared_record_is_dropped(tagged):
    p = {line["id"]: line for line in export()}
    passages = body_passages(db.session)
    noted, cleared = p[passages[5].uid], p[passages[6].uid]
    assert noted["status"] == "unlabeled"
    assert [(a["annotator"], a["note"], a["labels"]["stance"]) for a in noted["annotations"]] == [
        ("bob", "看不懂", None)
    ]
    assert cleared["status"] == "unlabeled" and cleared["annotations"] == []


def test_partial_gold_keeps_what_the_annotators_agree_on(tagged):
    users = tagged
    p = body_passages(db.session)[7]
    for name in ("ann", "bob"):
        stance = "for_open_release" if name == "ann" else "neutral_or_mixed"
        annotate(db.session, p, users[name], "stance", [stance])
        annotate(db.session, p, users[name], "bias_attribution", ["data"])
        annotate(db.session, p, users[name], "spans", spans=[(0, 1, "holder")])
    settle(db.session, p, users["rev"], "stance", ["for_open_release"])
    line = next(x for x in export() if x["id"] == p.uid)
    assert line["status"] == "gold"
    assert line["labels"] == {"stance": "for_open_release", "bias_attribution": ["data"]}
    assert [s["label"] for s in line["spans"]] == ["holder"]
    settle(db.session, p, users["rev"], "spans", spans=[])
    line = next(x for x in export() if x["id"] == p.uid)
    assert line["spans"] == []  # a settled empty span set overrides the annotators


def test_status_filters(tagged):
    every = export()
    labeled = export(status="labeled")
    gold = export(status="gold")
    assert {x["status"] for x in labeled} == {"single", "agreed", "gold"}
    assert len(labeled) == sum(x["status"] in ("single", "agreed", "gold") for x in every)
    assert [x["status"] for x in gold] == ["gold"]


def test_boilerplate_is_left_out_unless_asked(tagged):
    p = body_passages(db.session)[1]
    db.session.execute(update(Passage).where(Passage.id == p.id).values(kind="boilerplate"))
    db.session.commit()
    assert p.uid not in {x["id"] for x in export()}
    included = {x["id"]: x for x in export(include_boilerplate=True)}
    assert included[p.uid]["kind"] == "boilerplate"


def test_retired_label_sets_leave_the_labels(tagged):
    db.session.execute(
        update(LabelSet).where(LabelSet.name == "bias_attribution").values(retired_at=utcnow())
    )
    db.session.commit()
    line = export()[0]
    assert list(line["labels"]) == ["stance"]
    assert list(line["annotations"][0]["labels"]) == ["stance"]


def test_article_order_then_passage_order(tagged):
    lines = export(include_boilerplate=True)
    rows = (
        db.session.execute(select(Passage.uid).order_by(Passage.article_id, Passage.index))
        .scalars()
        .all()
    )
    assert [x["id"] for x in lines] == rows


def test_lines_are_utf8_unescaped_and_refuse_nan(tagged):
    text = "".join(export_lines(db.session, ExportOptions()))
    assert "新智元" in text and "\\u" not in text
    with pytest.raises(ValueError):
        dumps({"x": math.nan})


def test_nothing_to_export_is_an_empty_file(app):
    assert "".join(export_lines(db.session, ExportOptions())) == ""
    assert "".join(export_lines(db.session, ExportOptions(format="label-studio"))) == "[\n]\n"


def test_golden_native(golden):
    text = "".join(export_lines(db.session, ExportOptions(include_boilerplate=True)))
    check_golden("native.jsonl", text)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/services/exporting/golden/NAME; UPDATE_GOLDEN=1 rewrites it."""
    import os

    path = Path(__file__).parent / "golden" / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
