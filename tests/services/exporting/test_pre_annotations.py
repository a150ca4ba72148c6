"""Pre-annotations from a script: minimal lines, each way of naming a passage, and refusals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Annotation, Note
from tests.builders.articles import add_article
from tests.builders.labels import annotate, write_note
from tests.builders.users import make_users
from tests.services.exporting.test_annotation_import import (
    export_text,
    fresh_database,
    lines_of,
    run_import,
)

FIRST = "😀开源𠮷好，研究者说：证据在此。"
SECOND = "❤️🇨🇳也有人担心被滥用。"
REPEATED = "编辑：文强"


@pytest.fixture
def corpus(app):  # type: ignore[no-untyped-def]
    text = f"{FIRST}\n\n{SECOND}\n\n{REPEATED}\n\n{REPEATED}"
    passages = add_article(
        db.session,
        text,
        [(FIRST, "body"), (SECOND, "body"), (REPEATED, "body"), (REPEATED, "body")],
        title="预标注",
    )
    make_users(db.session, "model")
    db.session.commit()
    return passages


def jsonl(*lines: dict) -> str:
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


def test_minimal_lines_load_by_id_by_article_and_offsets_and_by_text(corpus):
    first, second, third, _ = corpus
    holder = FIRST.index("研究者")
    report = run_import(
        jsonl(
            {
                "id": first.uid,
                "labels": {"stance": "for_open_release"},
                "spans": [{"start": holder, "end": holder + 3, "label": "holder"}],
                "note": "模型 v2",
            },
            {
                "article_id": first.uid[:16],
                "start": second.start,
                "end": second.end,
                "labels": {"bias_attribution": ["data"]},
            },
            {"text": SECOND, "labels": {"stance": "against_open_release"}, "status": "single"},
            {"article_id": third.uid[:16], "start": third.start, "end": third.end, "labels": {}},
        ),
        as_user="model",
    )
    assert report.errors == []
    db.session.commit()
    by_id = {x["id"]: x for x in lines_of(export_text())}
    one, two = by_id[first.uid], by_id[second.uid]
    assert one["labels"]["stance"] == "for_open_release"
    assert [(s["text"], s["label"]) for s in one["spans"]] == [("研究者", "holder")]
    assert one["annotations"][0]["note"] == "模型 v2"
    assert two["labels"] == {"stance": "against_open_release", "bias_attribution": ["data"]}
    assert [a["annotator"] for a in two["annotations"]] == ["model"]
    assert by_id[third.uid]["status"] == "unlabeled"  # empty labels add nothing


def test_contradicting_and_malformed_lines_are_refused_with_their_numbers(corpus, runner, tmp_path):
    first, second, third, _ = corpus
    path = tmp_path / "predictions.jsonl"
    path.write_text(
        jsonl(
            {"id": first.uid, "labels": {"stance": "for_open_release"}},
            {"id": second.uid, "status": "unlabeled", "labels": {"stance": "for_open_release"}},
            {"labels": {"stance": "for_open_release"}},
            {"text": REPEATED, "labels": {"stance": "for_open_release"}},
            {"id": first.uid, "start": "0", "labels": {}},
            {"id": second.uid, "text": "别的", "labels": {}},
            {"id": first.uid, "labels": {"stance": "maybe"}},
            {"id": first.uid, "spans": [{"start": 0, "end": 1, "label": "holder"}]},
            {
                "text": SECOND,
                "status": "conflict",
                "labels": {},
                "spans": [{"start": 0, "end": 1, "label": "holder"}],
            },
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-annotations", str(path), "--as", "model"])
    assert result.exit_code == 1
    errors = dict(x.split(": ", 1) for x in result.output.splitlines() if x.startswith("line "))
    assert list(errors) == [f"line {n}" for n in range(2, 10)]
    assert "says unlabeled but sets stance" in errors["line 2"]
    assert "no passage named" in errors["line 3"]
    assert "several passages have this text" in errors["line 4"]
    assert "start" in errors["line 5"] and "not of type 'integer'" in errors["line 5"]
    assert "differs from the stored passage" in errors["line 6"]
    assert "'maybe' is not a label" in errors["line 7"]
    assert "'labels' is a required property" in errors["line 8"]
    assert "says conflict but sets spans" in errors["line 9"]
    assert db.session.scalar(select(func.count()).select_from(Annotation)) == 0


def test_a_cleared_stance_with_a_note_round_trips_without_a_codebook_version(
    app, backend, tmp_path, request
):
    (passage,) = add_article(db.session, FIRST, [(FIRST, "body")], title="清除")
    ann = make_users(db.session, "ann")["ann"]
    annotate(db.session, passage, ann, "stance", [], codebook_version=1)  # chosen, then cleared
    write_note(db.session, passage, ann, "拿不准")
    db.session.commit()
    before = export_text()
    (record,) = lines_of(before)[0]["annotations"]
    assert (record["note"], record["codebook_version"]) == ("拿不准", None)
    with fresh_database(backend, tmp_path, request):
        add_article(db.session, FIRST, [(FIRST, "body")], title="清除")
        make_users(db.session, "ann")
        db.session.commit()
        assert run_import(before).errors == []
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Note)) == 1
        assert export_text() == before
