"""doccano relations and Label Studio relations/per-region choices: shape and round trip."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from sqlalchemy import delete

from annotator.extensions import db
from annotator.models import Annotation, GoldAnnotation, Note
from annotator.services.exporting import ExportOptions, export_lines
from tests.builders.articles import add_article
from tests.builders.labels import annotate
from tests.builders.users import make_users
from tests.services.exporting.shapes import DOCCANO_RELATIONS, LABEL_STUDIO_TASKS

TEXT = "😀OpenAI不开源,网友嘲讽CloseAI。"


def _corpus():
    (p,) = add_article(db.session, TEXT, [(TEXT, "body")], title="关系", published=(2019, 1, 1))
    ann = make_users(db.session, "ann")["ann"]
    annotate(db.session, p, ann, "stance", ["neutral_or_mixed"])
    openai, netizens, mocking = (1, 7, "holder"), (11, 13, "holder"), (13, 22, "evidence")
    annotate(
        db.session,
        p,
        ann,
        "spans",
        spans=[openai, netizens, mocking],
        links={openai: ("against_open_release", None), mocking: (None, (11, 13))},
    )
    db.session.commit()


def _export(fmt: str) -> str:
    options = ExportOptions(format=fmt, status="labeled")
    return "".join(export_lines(db.session, options))


def _clear() -> None:
    for table in (Annotation, Note, GoldAnnotation):
        db.session.execute(delete(table))
    db.session.commit()


def _import(runner, tmp_path, name, text, *args):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-annotations", str(path), *args, "--as", "ann"])
    assert result.exit_code == 0, result.output


def test_doccano_relations_lines_have_the_documented_shape_and_round_trip(app, runner, tmp_path):
    _corpus()
    native_before = _export("native")
    text = _export("doccano-relations")
    (line,) = [json.loads(x) for x in text.splitlines()]
    Draft202012Validator(DOCCANO_RELATIONS).validate(line)
    # UTF-16 offsets: the emoji before the text takes two units.
    assert line["entities"] == [
        {"id": 1, "label": "holder:against_open_release", "start_offset": 2, "end_offset": 8},
        {"id": 2, "label": "holder", "start_offset": 12, "end_offset": 14},
        {"id": 3, "label": "evidence", "start_offset": 14, "end_offset": 23},
    ]
    assert line["relations"] == [{"id": 1, "from_id": 3, "to_id": 2, "type": "evidence_of"}]
    _clear()
    _import(runner, tmp_path, "d.jsonl", text, "--from", "doccano")
    assert _export("doccano-relations") == text
    # The spans, stances and link come back exactly (the passage stance is not in this file).
    after = json.loads(_export("native"))
    assert after["annotations"][0]["spans"] == json.loads(native_before)["annotations"][0]["spans"]


def test_label_studio_relations_and_region_stances_round_trip(app, runner, tmp_path):
    _corpus()
    text = _export("label-studio")
    tasks = json.loads(text)
    Draft202012Validator(LABEL_STUDIO_TASKS).validate(tasks)
    results = tasks[0]["annotations"][0]["result"]
    stance = next(r for r in results if r["from_name"] == "holder_stance" if "from_name" in r)
    assert stance["id"] == "span0" and stance["value"]["choices"] == ["against_open_release"]
    relation = next(r for r in results if r["type"] == "relation")
    assert (relation["from_id"], relation["to_id"]) == ("span2", "span1")
    _clear()
    _import(runner, tmp_path, "ls.json", text, "--from", "label-studio")

    def untimed(tasks):  # Label Studio's export of ours carries no times an import keeps
        for task in tasks:
            for annotation in task["annotations"]:
                annotation.pop("created_at", None)
                annotation.pop("updated_at", None)
        return tasks

    assert untimed(json.loads(_export("label-studio"))) == untimed(tasks)


def test_a_relation_to_no_entity_is_reported_with_its_line(app, runner, tmp_path):
    _corpus()
    line = json.loads(_export("doccano-relations"))
    _clear()
    line["relations"][0]["to_id"] = 9
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(
        args=["import-annotations", str(path), "--from", "doccano", "--as", "ann"]
    )
    assert result.exit_code == 1
    assert "record 1: relations/0: from_id and to_id must name entities" in result.output
