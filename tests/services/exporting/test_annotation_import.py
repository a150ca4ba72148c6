"""import-annotations: the exact round trip, per-line errors, atomicity and the --as modes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator import create_app
from annotator.extensions import db
from annotator.models import Annotation, Event, GoldAnnotation, Note, User
from annotator.services.annotation_import import (
    AnnotationImportError,
    AnnotationImportOptions,
    import_annotations,
)
from annotator.services.exporting import ExportOptions, export_lines
from tests.builders.articles import import_seeds
from tests.builders.corpora import golden_articles, golden_corpus, tag_corpus
from tests.builders.users import make_users
from tests.conftest import _reset_postgres, base_config


def export_text(**options: object) -> str:
    opts = ExportOptions(include_boilerplate=True, **options)  # type: ignore[arg-type]
    return "".join(export_lines(db.session, opts))


@contextmanager
def fresh_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[None]:
    """A second, empty database (migrated, default schema) in its own app context."""
    db.session.remove()
    db.engine.dispose()
    folder = tmp_path / "fresh"
    folder.mkdir()
    if backend == "sqlite":
        path = folder / "fresh.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_url")
        _reset_postgres(url, folder)
    with create_app(base_config(folder, url)).app_context():
        yield
        db.session.remove()
        db.engine.dispose()


def run_import(text: str, **options: object) -> object:
    raw = text.encode("utf-8").splitlines(keepends=True)
    return import_annotations(db.session, raw, AnnotationImportOptions(**options))  # type: ignore[arg-type]


def test_round_trip_through_a_fresh_database_is_exact(app, backend, tmp_path, request):
    tag_corpus()
    before = export_text()
    with fresh_database(backend, tmp_path, request):
        import_seeds(db.session)
        make_users(db.session, "rev", role="reviewer")
        db.session.commit()
        report = run_import(before, create_users=True, reviewer="rev")
        assert report.errors == []
        db.session.commit()
        assert export_text() == before
        # the annotators came back as deactivated accounts
        ann = db.session.scalar(select(User).where(User.username == "ann"))
        assert ann is not None and not ann.active
        # importing the same file again changes nothing
        events = db.session.scalar(select(func.count()).select_from(Event))
        again = run_import(before, create_users=True, reviewer="rev")
        assert (again.imported, again.rows, again.errors) == (0, 0, [])
        assert db.session.scalar(select(func.count()).select_from(Event)) == events


def test_round_trip_keeps_boilerplate_offsets_astral_characters_and_gold_spans(
    app, backend, tmp_path, request
):
    golden_corpus()
    before = export_text()
    with fresh_database(backend, tmp_path, request):
        golden_articles()
        make_users(db.session, "ann", "bob")
        make_users(db.session, "rev", role="reviewer")
        db.session.commit()
        assert run_import(before, reviewer="rev").errors == []
        db.session.commit()
        assert export_text() == before


def lines_of(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines()]


def dump(lines: list[dict]) -> str:
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(app, runner, tmp_path):
    golden_corpus()
    good = lines_of(export_text())
    db.session.execute(Annotation.__table__.delete())
    db.session.execute(Note.__table__.delete())
    db.session.execute(GoldAnnotation.__table__.delete())
    db.session.commit()
    unknown_label = json.loads(json.dumps(good[1]))
    unknown_label["annotations"][0]["labels"]["stance"] = "maybe"
    wrong_offsets = dict(good[2], start=good[2]["start"] + 1)
    unknown_article = dict(good[3], article_id="0" * 16)
    bad_span = json.loads(json.dumps(good[1]))
    bad_span["annotations"][0]["spans"][0]["text"] = "别的"
    unknown_user = json.loads(json.dumps(good[0]))
    unknown_user["annotations"][0]["annotator"] = "nobody"
    text = (
        dump([good[0]])
        + "{not json\n"
        + "\n"
        + dump([unknown_label, wrong_offsets, unknown_article, bad_span, unknown_user])
        + '{"schema_version": 1}\n'
        + dump(good[5:])
    )
    path = tmp_path / "in.jsonl"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-annotations", str(path), "--reviewer", "rev"])
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if x.startswith("line ")]
    assert [x.split(":")[0] for x in lines] == [f"line {n}" for n in (2, 4, 5, 6, 7, 8, 9)]
    assert "'maybe' is not a label of this set" in lines[1]
    assert "no passage at" in lines[2]
    assert "no article 0000000000000000" in lines[3]
    assert "is not what the offsets cover" in lines[4]
    assert "no user 'nobody'" in lines[5]
    assert "required property" in lines[6]
    assert "nothing imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(Annotation)) == 0
    # with --skip-invalid the good lines go in and the bad ones are still reported
    result = runner.invoke(
        args=["import-annotations", str(path), "--reviewer", "rev", "--skip-invalid"]
    )
    assert result.exit_code == 1 and "line 9:" in result.output
    assert db.session.scalar(select(func.count()).select_from(Annotation)) > 0


def clear_labels() -> None:
    for table in (Annotation, Note, GoldAnnotation):
        db.session.execute(table.__table__.delete())
    db.session.commit()


def test_as_user_imports_the_resolved_labels_as_pre_annotations(golden):
    text = export_text()
    clear_labels()
    make_users(db.session, "model", role="editor")
    report = run_import(text, as_user="model")
    assert report.errors == []
    db.session.commit()
    lines = {x["id"]: x for x in lines_of(export_text())}
    before = {x["id"]: x for x in lines_of(text)}
    for uid, line in lines.items():
        resolved = before[uid]
        has_labels = resolved["spans"] or any(
            v not in (None, []) for v in resolved["labels"].values()
        )
        if not has_labels:
            assert line["status"] == "unlabeled"
            continue
        assert line["status"] == "single"
        assert [a["annotator"] for a in line["annotations"]] == ["model"]
        assert line["labels"] == resolved["labels"] and line["spans"] == resolved["spans"]
        assert line["annotations"][0]["codebook_version"] == 1
    events = db.session.scalars(select(Event).where(Event.action == "annotation.import")).all()
    model = db.session.scalar(select(User.id).where(User.username == "model"))
    assert events and {e.actor_id for e in events} == {model}
    assert all(e.passage_id is not None and e.after["user"] == "model" for e in events)


def test_as_gold_settles_every_line_that_has_a_verdict(golden):
    text = export_text()
    clear_labels()
    report = run_import(text, as_user="rev", as_gold=True)
    assert report.errors == []
    db.session.commit()
    after = lines_of(export_text())
    before = {x["id"]: x for x in lines_of(text)}
    verdicts = [x for x in after if before[x["id"]]["status"] not in ("unlabeled", "conflict")]
    assert verdicts and all(x["status"] == "gold" for x in verdicts)
    assert all(x["labels"] == before[x["id"]]["labels"] for x in verdicts)
    assert {x["status"] for x in after} - {"gold"} == {"unlabeled"}
    with pytest.raises(AnnotationImportError, match="editor"):
        run_import(text, as_user="ann", as_gold=True)
    with pytest.raises(AnnotationImportError, match="--as REVIEWER"):
        run_import(text, as_gold=True)


def test_gold_lines_need_a_reviewer_and_stored_work_is_never_overwritten(golden):
    text = export_text()
    report = run_import(text)  # everything is already stored, gold with who settled it
    assert report.errors == [] and report.imported == 0
    # A gold line that does not say who settled it (an older export) needs --reviewer.
    anonymous = [{**x, "gold": None} for x in lines_of(text)]
    report = run_import(dump(anonymous))
    gold_lines = [n for n, x in enumerate(anonymous, 1) if x["status"] == "gold"]
    assert gold_lines and [e.line for e in report.errors] == gold_lines
    assert "--reviewer" in report.errors[0].reason
    changed = lines_of(text)
    changed[0]["annotations"][0]["labels"]["stance"] = "against_open_release"
    changed[0]["annotations"][0]["note"] = "另一条"
    report = run_import(dump(changed[:1]))
    assert [e.line for e in report.errors] == [1]
    assert "ann already has different stance labels" in report.errors[0].reason


def test_a_bom_and_blank_lines_are_fine_and_non_utf8_is_reported(golden):
    text = export_text()
    clear_labels()
    raw = b"\xef\xbb\xbf" + text.encode("utf-8").replace(b"\n", b"\n\n", 1) + b"\xff\xfe\n"
    report = import_annotations(
        db.session, raw.splitlines(keepends=True), AnnotationImportOptions(reviewer="rev")
    )
    assert [(e.line, e.reason) for e in report.errors] == [
        (len(text.splitlines()) + 2, "not UTF-8 text")
    ]
    assert report.imported == 6  # every line but the unlabeled boilerplate passage
