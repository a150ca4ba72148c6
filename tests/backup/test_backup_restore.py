"""Backups restore into an empty database, on either engine, and export identical JSONL."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from annotator import create_app
from annotator.extensions import db
from annotator.models import Annotation, Passage, User
from tests.builders.corpora import tag_corpus
from tests.builders.search_index import search_order_drift
from tests.conftest import base_config


def _export(app: Flask, path: Path) -> bytes:
    result = app.test_cli_runner().invoke(args=["export", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def _restored_app(url: str, tmp_path: Path) -> Flask:
    return create_app(base_config(tmp_path / "restored", url))


def _cli(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        db.session.remove()
        db.engine.dispose()
    return result


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_bundle_restores_into_an_empty_database_with_identical_export(
    app: Flask,
    backend: str,
    target: str,
    suffix: str,
    tmp_path: Path,
    empty_database: Callable[[str], str],
) -> None:
    if suffix == ".jsonl.gz" and target != backend:
        pytest.skip("compression is tested on one pair")
    tag_corpus()
    before = _export(app, tmp_path / "before.jsonl")
    assert before.count(b"\n") > 50
    bundle = tmp_path / f"backup{suffix}"
    result = app.test_cli_runner().invoke(args=["backup", str(bundle)])
    assert result.exit_code == 0, result.output
    if suffix.endswith(".gz"):
        assert gzip.open(bundle, "rt", encoding="utf-8").readline().startswith("{")

    restored = _restored_app(empty_database(target), tmp_path)
    result = _cli(restored, "restore", str(bundle))
    assert result.exit_code == 0, result.output
    assert "rows restored" in result.output
    with restored.app_context():
        after = _export(restored, tmp_path / "after.jsonl")
        if target == "sqlite":  # the restored passages reach what search ranks from
            assert search_order_drift(db.session) == (set(), set())
            assert db.session.scalar(text("SELECT count(*) FROM passage_search_order")) > 50
        # New rows get fresh ids after a restore (PostgreSQL sequences were moved on).
        user = User(username="after-restore", password_hash="x")
        db.session.add(user)
        db.session.commit()
        assert user.id > max(db.session.scalars(select(User.id).where(User.id != user.id)))
        db.session.remove()
        db.engine.dispose()
    assert after == before


def test_sqlite_copy_restores_and_exports_identically(
    app: Flask, backend: str, tmp_path: Path, empty_database: Callable[[str], str]
) -> None:
    if backend != "sqlite":
        pytest.skip("an SQLite copy is made from SQLite")
    tag_corpus()
    before = _export(app, tmp_path / "before.jsonl")
    copy = tmp_path / "backup.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    restored = _restored_app(empty_database("sqlite"), tmp_path)
    assert _cli(restored, "restore", str(copy)).exit_code == 0
    with restored.app_context():
        assert _export(restored, tmp_path / "after.jsonl") == before
        db.engine.dispose()


def test_restore_refuses_a_database_with_work_in_it(
    app: Flask, backend: str, tmp_path: Path
) -> None:
    tag_corpus()
    bundle = tmp_path / "backup.jsonl"
    assert app.test_cli_runner().invoke(args=["backup", str(bundle)]).exit_code == 0
    users = db.session.scalar(select(func.count()).select_from(User))
    result = app.test_cli_runner().invoke(args=["restore", str(bundle)])
    assert result.exit_code != 0
    assert "already has users" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == users


def test_a_damaged_bundle_restores_nothing(
    app: Flask, backend: str, tmp_path: Path, empty_database: Callable[[str], str]
) -> None:
    tag_corpus()
    bundle = tmp_path / "backup.jsonl"
    assert app.test_cli_runner().invoke(args=["backup", str(bundle)]).exit_code == 0
    lines = bundle.read_text(encoding="utf-8").splitlines(keepends=True)
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    garbled = tmp_path / "garbled.jsonl"
    garbled.write_text("".join(lines[:-3]) + "{not json\n" + "".join(lines[-2:]), "utf-8")
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"hello": 1}\n', encoding="utf-8")
    for broken, message in (
        (truncated, "truncated"),
        (garbled, "not JSON"),
        (foreign, "not an annotator backup"),
    ):
        restored = _restored_app(empty_database(backend), tmp_path)
        result = _cli(restored, "restore", str(broken))
        assert result.exit_code != 0 and message in result.output, result.output
        with restored.app_context():
            tables = set(db.inspect(db.engine).get_table_names())
            if "users" in tables:
                assert db.session.scalar(select(func.count()).select_from(Passage)) == 0
                assert db.session.scalar(select(func.count()).select_from(User)) == 0
            db.session.remove()
            db.engine.dispose()


def test_backup_never_overwrites_a_file(app: Flask, tmp_path: Path) -> None:
    existing = tmp_path / "keep.jsonl"
    existing.write_text("precious", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "exists" in result.output
    assert existing.read_text(encoding="utf-8") == "precious"


def test_bundle_header_names_the_revision_and_counts_rows(
    app: Flask, backend: str, tmp_path: Path
) -> None:
    tag_corpus()
    bundle = tmp_path / "b.jsonl"
    assert app.test_cli_runner().invoke(args=["backup", str(bundle)]).exit_code == 0
    lines = [json.loads(line) for line in bundle.read_text(encoding="utf-8").splitlines()]
    header, end = lines[0], lines[-1]
    revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert header["revision"] == revision
    annotations = db.session.scalar(select(func.count()).select_from(Annotation))
    assert end["rows"]["annotations"] == annotations
    assert sum(1 for line in lines[1:-1] if line["t"] == "annotations") == annotations
