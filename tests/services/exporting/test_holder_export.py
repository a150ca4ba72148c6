"""Holder stances and evidence links in the native export, its schema and its import."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from sqlalchemy import delete

from annotator.extensions import db
from annotator.models import Annotation, GoldAnnotation, Note
from annotator.services.exporting import native_schema
from tests.builders.corpora import golden_corpus
from tests.services.exporting.test_annotation_import import export_text, run_import


def _line(text: str, needle: str) -> dict:
    return next(json.loads(x) for x in text.splitlines() if needle in x)


def test_native_spans_carry_the_stance_and_the_holder_index(app):
    golden_corpus()
    line = _line(export_text(), "杨立昆说")
    Draft202012Validator(native_schema()).validate(line)
    ann = line["annotations"][0]["spans"]
    assert [(s["label"], s["stance"], s["holder"]) for s in ann] == [
        ("holder", "for_open_release", None),
        ("evidence", None, 0),  # the index of its holder in the same list
    ]
    # Both editors gave the holder the same stance: the resolved span keeps it.
    assert [(s["label"], s["stance"], s["holder"]) for s in line["spans"]] == [
        ("holder", "for_open_release", None)
    ]


def _clear() -> None:
    for table in (Annotation, Note, GoldAnnotation):
        db.session.execute(delete(table))
    db.session.commit()


def test_an_import_refuses_a_link_to_no_holder_and_a_stance_off_a_holder(app):
    golden_corpus()
    good = _line(export_text(), "杨立昆说")
    _clear()
    bad_index = json.loads(json.dumps(good))
    bad_index["annotations"][0]["spans"][1]["holder"] = 1  # itself, an evidence span
    bad_stance = json.loads(json.dumps(good))
    bad_stance["annotations"][0]["spans"][1]["stance"] = "for_open_release"
    unknown = json.loads(json.dumps(good))
    unknown["annotations"][0]["spans"][0]["stance"] = "data"
    text = "".join(
        json.dumps(x, ensure_ascii=False) + "\n" for x in (bad_index, bad_stance, unknown)
    )
    report = run_import(text, reviewer="rev")
    reasons = [e.reason for e in report.errors]
    assert len(reasons) == 3
    assert "annotations/0/spans/1/holder: 1 is not the index of a holder span" in reasons[0]
    assert "annotations/0/spans/1/stance: Only a holder span" in reasons[1]
    assert "annotations/0/spans/0/stance: data is not a stance label" in reasons[2]
    assert db.session.query(Annotation).count() == 0
