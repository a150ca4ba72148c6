"""Folder imports: worker processes and batched commits store exactly what one-by-one does."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.importing import bulk, store
from annotator.services.importing.bulk import import_paths
from annotator.services.importing.rows import PASSAGE_COLUMNS
from annotator.services.importing.store import ImportOptions, import_file
from annotator.services.tokenizer import get_tokenizer
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _stored() -> list[tuple[object, ...]]:
    rows = db.session.execute(
        select(
            Article.content_hash,
            Passage.uid,
            Passage.index,
            Passage.start,
            Passage.end,
            Passage.kind,
            Passage.kind_reason,
            Passage.duplicate_of,
            Passage.text,
            Passage.search_text,
            Article.segmenter_version,
        )
        .join(Article)
        .order_by(Article.content_hash, Passage.index)
    )
    return [tuple(r) for r in rows]


def _import(paths: list[Path], workers: int) -> list[store.FileReport]:
    tokenizer = get_tokenizer(db.session)
    return list(
        import_paths(
            db.session,
            paths,
            tokenizer,
            ImportOptions(),
            db.session.commit,
            db.session.rollback,
            workers=workers,
        )
    )


def _clear() -> None:
    db.session.execute(Passage.__table__.delete())
    db.session.execute(Article.__table__.delete())
    db.session.commit()


def test_workers_and_batches_store_what_file_by_file_stores(app: Flask) -> None:
    tokenizer = get_tokenizer(db.session)
    for path in SEED_FILES:
        import_file(db.session, path, tokenizer, ImportOptions())
        db.session.commit()
    expected = _stored()
    _clear()
    reports = _import(SEED_FILES, workers=2)
    assert [r.status for r in reports] == ["imported"] * len(SEED_FILES)
    assert [r.path for r in reports] == [str(p) for p in SEED_FILES]
    assert _stored() == expected
    again = _import(SEED_FILES, workers=2)
    assert [r.status for r in again] == ["unchanged"] * len(SEED_FILES)


def test_a_rejected_file_is_reported_and_the_rest_imported(app: Flask, tmp_path: Path) -> None:
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    reports = _import([SEED_FILES[0], bad, SEED_FILES[1]], workers=0)
    assert [r.status for r in reports] == ["imported", "rejected", "imported"]
    assert reports[1].reason == "empty file"
    assert db.session.scalar(select(func.count()).select_from(Article)) == 2


def test_a_batch_the_database_refuses_is_retried_file_by_file(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    poisoned = tmp_path / "poisoned.txt"
    poisoned.write_text("毒药文章\n\n这一段让数据库拒绝写入。\n", encoding="utf-8")
    real = store._insert_passages

    def refuse_poison(session, rows):  # type: ignore[no-untyped-def]
        text = PASSAGE_COLUMNS.index("text")
        if any("数据库拒绝" in row[text] for row in rows):
            raise RuntimeError("refused")
        real(session, rows)

    monkeypatch.setattr(store, "_insert_passages", refuse_poison)
    reports = _import([SEED_FILES[0], poisoned, SEED_FILES[1]], workers=0)
    assert [r.status for r in reports] == ["imported", "rejected", "imported"]
    assert "refused" in (reports[1].reason or "")
    titles = db.session.scalars(select(Article.filename).order_by(Article.id)).all()
    assert titles == [SEED_FILES[0].name, SEED_FILES[1].name]
    assert all(p.start < p.end for p in db.session.scalars(select(Passage)))


def test_small_imports_use_no_worker_processes() -> None:
    assert bulk.import_workers(bulk.PARALLEL_MIN_FILES - 1) == 0
