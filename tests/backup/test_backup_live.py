"""A backup taken while a writer commits is one consistent moment of the database."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from annotator.extensions import db
from tests.builders.articles import import_seeds


@contextmanager
def ticking_writer(url: str) -> Iterator[list[int]]:
    """A thread committing, as fast as it can, one event and the matching counter together."""
    engine = create_engine(url)
    done = threading.Event()
    committed = [0]

    def run() -> None:
        with engine.connect() as conn:
            conn.execute(
                text("INSERT INTO settings (key, value, updated_at) VALUES ('ticks', '0', :t)"),
                {"t": datetime.now(UTC).replace(tzinfo=None)},
            )
            conn.commit()
            n = 0
            while not done.is_set():
                n += 1
                conn.execute(
                    text(
                        "INSERT INTO events (at, action, entity, entity_id) "
                        "VALUES (:t, 'tick', 'tick', :n)"
                    ),
                    {"t": datetime.now(UTC).replace(tzinfo=None), "n": str(n)},
                )
                conn.execute(
                    text("UPDATE settings SET value = :v WHERE key = 'ticks'"), {"v": json.dumps(n)}
                )
                conn.commit()
                committed[0] = n

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        while committed[0] < 20:
            done.wait(0.01)
        yield committed
    finally:
        done.set()
        thread.join(timeout=10)
        engine.dispose()


def _bundle_ticks(path: Path) -> tuple[int, int]:
    events, ticks = 0, None
    with path.open(encoding="utf-8") as fh:
        header = json.loads(fh.readline())
        columns = {t["name"]: [c[0] for c in t["columns"]] for t in header["tables"]}
        for line in fh:
            item = json.loads(line)
            if item.get("t") == "events":
                row = dict(zip(columns["events"], item["r"], strict=True))
                events += row["action"] == "tick"
            elif item.get("t") == "settings":
                row = dict(zip(columns["settings"], item["r"], strict=True))
                if row["key"] == "ticks":
                    ticks = row["value"]
    assert ticks is not None
    return events, int(ticks)


@pytest.mark.parametrize("kind", ["bundle", "sqlite-copy"])
def test_backup_while_writing_is_consistent(
    app: Flask, backend: str, kind: str, tmp_path: Path
) -> None:
    if kind == "sqlite-copy" and backend != "sqlite":
        pytest.skip("SQLite copies need SQLite")
    import_seeds(db.session)  # something sizeable to copy, so the writer commits during the copy
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    runner = app.test_cli_runner()
    with ticking_writer(url) as committed:
        for attempt in range(3):
            start = committed[0]
            path = tmp_path / (f"b{attempt}.jsonl" if kind == "bundle" else f"b{attempt}.sqlite3")
            result = runner.invoke(args=["backup", str(path)])
            assert result.exit_code == 0, result.output
            if kind == "bundle":
                events, ticks = _bundle_ticks(path)
            else:
                with sqlite3.connect(path) as copy:
                    events = copy.execute(
                        "SELECT count(*) FROM events WHERE action = 'tick'"
                    ).fetchone()[0]
                    (value,) = copy.execute(
                        "SELECT value FROM settings WHERE key = 'ticks'"
                    ).fetchone()
                    # JSON columns have numeric affinity in SQLite: '7' comes back as 7.
                    ticks = int(value if isinstance(value, int) else json.loads(value))
                    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # Every tick is an event and a counter in one transaction: a torn copy differs.
            assert events == ticks
            assert ticks >= start
        assert committed[0] > ticks  # the writer kept committing after the copy's moment
