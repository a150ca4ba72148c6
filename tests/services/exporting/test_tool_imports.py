"""doccano 1.8 and Label Studio 1.23 exports import with their labels and spans, and go back out.

The fixtures follow each tool's export code: doccano's JSONL writes `id` (its example
number), `text`, the example's metadata, `label` (sorted category names, or sorted
[start, end, label] in UTF-16 units) and `Comments`; Label Studio's JSON export is a list
of tasks with `data`, `annotations` (each with `completed_by`, `result`, `was_cancelled`,
`ground_truth`, …) and `predictions`.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Annotation
from annotator.services.exporting import ExportOptions, export_lines
from tests.builders.articles import add_article
from tests.builders.users import make_users

FIRST = "😀开源𠮷好，研究者说：证据在此。"
SECOND = "❤️🇨🇳也有人担心被滥用。"


@pytest.fixture
def passages(app):  # type: ignore[no-untyped-def]
    found = add_article(
        db.session,
        f"{FIRST}\n\n{SECOND}",
        [(FIRST, "body"), (SECOND, "body")],
        title="迁移",
        published=(2019, 1, 1),
        precision="year",
    )
    make_users(db.session, "ann", "bob")
    db.session.commit()
    return found


def utf16(text: str, piece: str) -> list[int]:
    """[start, end] of piece in text, counted in UTF-16 code units (independently of the app)."""
    start = len(text[: text.index(piece)].encode("utf-16-le")) // 2
    return [start, start + len(piece.encode("utf-16-le")) // 2]


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def exported(fmt: str, **options: object) -> str:
    return "".join(export_lines(db.session, ExportOptions(format=fmt, **options)))  # type: ignore[arg-type]


def test_doccano_classification_and_sequence_exports_import_and_go_back_out(
    passages, runner, tmp_path
):
    first, second = passages
    meta = {"passage_id": first.uid, "article_id": first.uid[:16], "article_title": "迁移"}
    classification = [
        # a project made from our export: categories are set:label, metadata comes back
        {
            "id": 11,
            "text": FIRST,
            **meta,
            "label": ["bias_attribution:data", "stance:for_open_release"],
            "Comments": [],
        },
        # a project of its own: bare label names that only one set has
        {"id": 12, "text": SECOND, "label": ["against_open_release"], "Comments": ["看过"]},
    ]
    spans = [
        {
            "id": 21,
            "text": FIRST,
            **meta,
            "label": sorted(
                [[*utf16(FIRST, "证据在此"), "evidence"], [*utf16(FIRST, "研究者"), "holder"]]
            ),
            "Comments": [],
        },
        {"id": 22, "text": SECOND, "label": [[*utf16(SECOND, "有人"), "holder"]], "Comments": []},
    ]
    for name, records in (("c.jsonl", classification), ("s.jsonl", spans)):
        path = write(tmp_path, name, jsonl(records))
        result = runner.invoke(
            args=["import-annotations", path, "--from", "doccano", "--as", "ann"]
        )
        assert result.exit_code == 0, result.output
    native = {x["id"]: x for x in map(json.loads, exported("native").splitlines())}
    assert native[first.uid]["labels"] == {
        "stance": "for_open_release",
        "bias_attribution": ["data"],
    }
    assert native[second.uid]["labels"]["stance"] == "against_open_release"
    assert {(s["text"], s["label"]) for s in native[first.uid]["spans"]} == {
        ("证据在此", "evidence"),
        ("研究者", "holder"),
    }
    assert [(s["text"], s["label"]) for s in native[second.uid]["spans"]] == [("有人", "holder")]
    # back out in doccano's shapes: the same categories and the same UTF-16 spans
    back = [json.loads(x) for x in exported("doccano", status="labeled").splitlines()]
    assert [sorted(x["label"]) for x in back] == [
        ["bias_attribution:data", "stance:for_open_release"],
        ["stance:against_open_release"],
    ]
    back = [json.loads(x) for x in exported("doccano-spans", status="labeled").splitlines()]
    assert [(x["text"], sorted(x["label"])) for x in back] == [
        (r["text"], r["label"]) for r in spans
    ]


def test_doccano_code_point_offsets_unknown_labels_and_the_map(passages, runner, tmp_path):
    first, second = passages
    holder = FIRST.index("研究者")
    path = write(
        tmp_path,
        "d.jsonl",
        jsonl(
            [
                {"id": 1, "text": FIRST, "label": [[holder, holder + 3, "PER"]]},
                {"id": 2, "text": SECOND, "label": ["positive"]},
                {"id": 3, "text": "数据库里没有这段话。", "label": ["for_open_release"]},
            ]
        ),
    )
    base = ["import-annotations", path, "--from", "doccano", "--as", "ann"]
    result = runner.invoke(args=[*base, "--offset-unit", "codepoint"])
    assert result.exit_code == 1
    errors = dict(x.split(": ", 1) for x in result.output.splitlines() if x.startswith("record "))
    assert list(errors) == ["record 1", "record 2", "record 3"]
    assert "'PER' is not a span label" in errors["record 1"] and "--map PER=" in errors["record 1"]
    assert "'positive' is not a choice label" in errors["record 2"]
    assert "no passage has exactly this text" in errors["record 3"]
    assert db.session.scalar(select(func.count()).select_from(Annotation)) == 0
    # in UTF-16 units (the default) offset 1 falls inside 😀: refused, not shifted
    maps = ["--map", "PER=holder", "--map", "positive=stance:for_open_release"]
    result = runner.invoke(args=[*base, "--offset-unit", "codepoint", *maps, "--skip-invalid"])
    assert "record 3:" in result.output and "1 skipped" in result.output
    native = {x["id"]: x for x in map(json.loads, exported("native").splitlines())}
    assert [(s["text"], s["label"]) for s in native[first.uid]["spans"]] == [("研究者", "holder")]
    # in UTF-16 units (the default) offset 1 falls inside 😀: refused, not shifted
    inside = write(
        tmp_path, "e.jsonl", jsonl([{"id": 5, "text": FIRST, "label": [[1, 3, "holder"]]}])
    )
    result = runner.invoke(args=["import-annotations", inside, "--from", "doccano", "--as", "bob"])
    assert result.exit_code == 1 and "record 1: label/0: offset 1 falls inside" in result.output
    assert native[second.uid]["labels"]["stance"] == "for_open_release"


def label_studio_task(task_id: int, text: str, data: dict, annotations: list[dict]) -> dict:
    """A task as Label Studio 1.23's JSON export writes it."""
    return {
        "id": task_id,
        "annotations": annotations,
        "file_upload": "tasks.json",
        "drafts": [],
        "predictions": [
            {
                "id": 9,
                "model_version": "v1",
                "score": 0.5,
                "result": [
                    {
                        "from_name": "sentiment",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["not_about_release"]},
                    }
                ],
            }
        ],
        "data": {"text": text, **data},
        "meta": {},
        "created_at": "2026-01-05T08:00:00.000000Z",
        "updated_at": "2026-01-05T09:00:00.000000Z",
        "inner_id": task_id,
        "total_annotations": len(annotations),
        "cancelled_annotations": 0,
        "total_predictions": 1,
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": 3,
        "updated_by": 1,
        "comment_authors": [],
    }


def ls_annotation(completed_by: object, result: list[dict], **extra: object) -> dict:
    return {
        "id": 100 + len(result),
        "completed_by": completed_by,
        "result": result,
        "was_cancelled": False,
        "ground_truth": False,
        "created_at": "2026-01-05T08:30:00.000000Z",
        "updated_at": "2026-01-05T08:31:00.000000Z",
        "draft_created_at": None,
        "lead_time": 12.5,
        "prediction": {},
        "result_count": 0,
        "unique_id": "5d3c1a9e-0000-4000-8000-000000000000",
        "import_id": None,
        "last_action": None,
        "bulk_created": False,
        "task": 1,
        "project": 3,
        "updated_by": 1,
        "parent_prediction": None,
        "parent_annotation": None,
        "last_created_by": None,
        **extra,
    }


def choices(control: str, *names: str) -> dict:
    return {
        "id": f"c-{control}",
        "from_name": control,
        "to_name": "text",
        "type": "choices",
        "origin": "manual",
        "value": {"choices": list(names)},
    }


def span(text: str, piece: str, label: str, control: str = "ner") -> dict:
    start = text.index(piece)  # Label Studio's Text offsets are code points
    return {
        "id": f"s-{start}",
        "from_name": control,
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": start + len(piece), "text": piece, "labels": [label]},
    }


def test_label_studio_export_imports_by_label_names_and_goes_back_out(passages, runner, tmp_path):
    first, second = passages
    tasks = [
        label_studio_task(
            1,
            FIRST,
            {"passage_id": first.uid, "article_id": first.uid[:16]},
            [
                ls_annotation(
                    1,
                    [
                        choices("sentiment", "for_open_release"),
                        choices("who_is_blamed", "data", "researchers"),
                        span(FIRST, "研究者", "holder"),
                        {
                            "id": "n",
                            "from_name": "remarks",
                            "to_name": "text",
                            "type": "textarea",
                            "origin": "manual",
                            "value": {"text": ["看过"]},
                        },
                    ],
                ),
                ls_annotation(
                    {"id": 2, "email": "bob@example.org", "first_name": "", "last_name": ""},
                    [
                        choices("sentiment", "neutral_or_mixed"),
                        span(FIRST, "证据在此", "evidence", "spans"),
                    ],
                ),
                ls_annotation(3, [choices("sentiment", "not_about_release")], was_cancelled=True),
            ],
        ),
        label_studio_task(2, SECOND, {}, [ls_annotation(1, [span(SECOND, "有人", "holder")])]),
    ]
    path = write(tmp_path, "export.json", json.dumps(tasks, ensure_ascii=False))
    args = ["import-annotations", path, "--from", "label-studio", "--user", "1=ann"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "record 1: annotations/1/completed_by" in result.output
    assert "--user 2=USERNAME" in result.output
    result = runner.invoke(args=[*args, "--user", "bob@example.org=bob"])
    assert result.exit_code == 0, result.output
    out = json.loads(exported("label-studio", status="all"))
    assert [t["data"]["text"] for t in out] == [FIRST, SECOND]
    assert out[0]["data"]["annotators"] == ["ann", "bob"]

    def seen(annotation: dict) -> set:
        found = set()
        for r in annotation["result"]:
            value = r["value"]
            if r["type"] == "choices":
                found |= {("choice", c) for c in value["choices"]}
            elif r["type"] == "labels":
                found.add(("span", value["start"], value["end"], value["text"], *value["labels"]))
            else:
                found.add(("note", *value["text"]))
        return found

    for task_in, task_out in zip(tasks, out, strict=True):
        kept = [a for a in task_in["annotations"] if not a["was_cancelled"]]
        assert [seen(a) for a in task_out["annotations"]] == [seen(a) for a in kept]


def test_label_studio_needs_a_user_for_each_annotation(passages, runner, tmp_path):
    (first, _) = passages
    tasks = [label_studio_task(1, FIRST, {}, [ls_annotation(7, [choices("x", "maybe")])])]
    path = write(tmp_path, "export.json", json.dumps(tasks, ensure_ascii=False))
    result = runner.invoke(args=["import-annotations", path, "--from", "label-studio"])
    assert result.exit_code == 2 and "needs --as USER" in result.output
    result = runner.invoke(
        args=["import-annotations", path, "--from", "label-studio", "--as", "ann"]
    )
    assert result.exit_code == 1 and "record 1: 'maybe' is not a choice label" in result.output
