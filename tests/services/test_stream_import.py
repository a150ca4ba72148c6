"""A large JSONL or CSV file is streamed: stored as it is prepared, yet exactly as if read whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from annotator.extensions import db
from annotator.models import Article, Passage, PassageLink, PassageSignature
from annotator.services.importing import ImportOptions, ImportSource, bulk, import_files, stream
from annotator.services.importing.store import FileReport
from tests.conftest import SEEDS


def _articles(count: int) -> list[dict[str, object]]:
    """Articles recombined from the seeds' paragraphs, so some passages repeat (and link)."""
    paragraphs = [
        line.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [
        {
            "text": f"第 {n} 篇\r\n\r\n" + "\n\n".join(paragraphs[n % 7 :: 5][:12]),
            "source": "流",
            "meta": {"n": n},
        }
        for n in range(count)
    ]


def _jsonl(records: list[dict[str, object]], bad: dict[int, str] | None = None) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for number, line in (bad or {}).items():
        lines.insert(number - 1, line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(records: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "source", "meta"])
    for r in records:
        writer.writerow([r["text"], r["source"], json.dumps(r["meta"])])
    return out.getvalue().encode("utf-8")


def _stored() -> list[tuple[object, ...]]:
    rows = db.session.execute(
        select(
            Article.content_hash,
            Article.title,
            Article.meta,
            Article.text,
            Article.encoding,
            Article.segmenter_version,
            Passage.uid,
            Passage.index,
            Passage.start,
            Passage.end,
            Passage.kind,
            Passage.kind_reason,
            Passage.duplicate_of,
            Passage.text,
            Passage.search_text,
        )
        .join(Article)
        .order_by(Passage.id)
    )
    other = aliased(Passage)
    links = db.session.execute(
        select(Passage.uid, other.uid, PassageLink.similarity)
        .join(Passage, Passage.id == PassageLink.passage_id)
        .join(other, other.id == PassageLink.other_id)
        .order_by(Passage.uid, other.uid)
    )
    # Ids differ between runs on PostgreSQL (sequences do not restart): compare by uid.
    signatures = db.session.execute(
        select(Passage.uid, PassageSignature.band, PassageSignature.key)
        .join(Passage, Passage.id == PassageSignature.passage_id)
        .order_by(Passage.uid, PassageSignature.band)
    )
    return [tuple(r) for r in rows] + [tuple(r) for r in links] + [tuple(r) for r in signatures]


def _clear() -> None:
    for table in (PassageLink, PassageSignature, Passage, Article):
        db.session.execute(table.__table__.delete())
    db.session.commit()


def _import(name: str, data: bytes, *, skip_invalid: bool = False, workers: int = 0) -> FileReport:
    options = ImportOptions(skip_invalid=skip_invalid)
    (report,) = import_files(
        db.session,
        [ImportSource.from_bytes(name, data)],
        options,
        commit=db.session.commit,
        rollback=db.session.rollback,
        workers=workers,
    )
    return report


@pytest.fixture
def small_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSONL/CSV file streamed, in many small tasks and store batches."""
    monkeypatch.setattr(bulk, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(stream, "TASK_CHARS", 2_000)
    monkeypatch.setattr(stream, "IN_FLIGHT_CHARS", 6_000)
    monkeypatch.setattr(stream, "STORE_PASSAGES", 40)


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "STREAM_MIN_BYTES", 10**12)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_streamed_stores_what_whole_stores(
    app: Flask, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    records = _articles(30)
    records.append(records[3])  # the same article twice in one file: stored once
    data = _jsonl(records) if fmt == "jsonl" else _csv(records)
    with monkeypatch.context() as whole:
        _whole(whole)
        expected_report = _import(f"a.{fmt}", data)
        expected = _stored()
    _clear()
    monkeypatch.setattr(bulk, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(stream, "TASK_CHARS", 2_000)
    monkeypatch.setattr(stream, "STORE_PASSAGES", 40)
    report = _import(f"a.{fmt}", data)
    assert report.status == expected_report.status == "imported"
    assert len(report.article_ids) == 30
    assert report.passages == expected_report.passages
    assert db.session.scalar(select(func.count()).select_from(PassageLink)) > 0
    assert _stored() == expected
    assert _import(f"a.{fmt}", data).status == "unchanged"


def test_streamed_in_worker_processes(app: Flask, small_stream: None) -> None:
    data = _jsonl(_articles(12))
    report = _import("a.jsonl", data, workers=2)
    assert report.status == "imported"
    assert len(report.article_ids) == 12
    assert db.session.scalar(select(func.count()).select_from(Article)) == 12


def test_a_bad_line_late_in_the_file_rejects_it_whole(app: Flask, small_stream: None) -> None:
    data = _jsonl(_articles(20), bad={19: "{broken", 20: "[1]"})
    report = _import("a.jsonl", data)
    assert report.status == "rejected"
    assert report.reason == (
        "line 19: broken JSON: Expecting property name enclosed in double quotes at column 2"
        " (and 1 more)"
    )
    assert [e.line for e in report.errors] == [19, 20]
    assert report.article_ids == [] and report.passages == 0
    # Articles before the bad line had been stored; the rollback took them back.
    assert db.session.scalar(select(func.count()).select_from(Article)) == 0
    assert db.session.scalar(select(func.count()).select_from(Passage)) == 0


def test_skip_invalid_reports_the_bad_lines_and_stores_the_rest(
    app: Flask, small_stream: None
) -> None:
    data = _jsonl(_articles(10), bad={4: '{"text": 5}'})
    report = _import("a.jsonl", data, skip_invalid=True)
    assert report.status == "imported"
    assert report.reason == "1 invalid line(s) skipped"
    assert [(e.line, e.reason) for e in report.errors] == [(4, "'text' must be a string")]
    assert len(report.article_ids) == 10


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n\n", "empty file"),
        (b"text\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n....", "binary file (PNG image)"),
    ],
)
def test_unusable_streamed_files_are_refused_like_whole_ones(
    app: Flask, monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str
) -> None:
    name = "a.csv" if data.startswith(b"text") else "a.jsonl"
    with monkeypatch.context() as whole:
        _whole(whole)
        expected = _import(name, data)
    monkeypatch.setattr(bulk, "STREAM_MIN_BYTES", 0)
    report = _import(name, data)
    assert (
        (report.status, report.reason)
        == (expected.status, expected.reason)
        == (
            "rejected",
            reason,
        )
    )


def test_a_legacy_encoding_is_streamed_after_decoding_whole(app: Flask, small_stream: None) -> None:
    records = _articles(6)
    report = _import("a.jsonl", _jsonl(records).decode("utf-8").encode("gb18030"))
    assert report.status == "imported"
    encodings = db.session.scalars(select(Article.encoding).distinct()).all()
    assert encodings == ["gb18030"]


def test_progress_reaches_every_byte(app: Flask, small_stream: None, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(_jsonl(_articles(15)))
    seen: list[tuple[int, int]] = []
    list(
        import_files(
            db.session,
            [path],
            ImportOptions(),
            commit=db.session.commit,
            rollback=db.session.rollback,
            workers=0,
            on_progress=lambda done, total: seen.append((done, total)),
        )
    )
    size = path.stat().st_size
    assert len(seen) > 2
    assert all(total == size for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (size, size)
