"""A portable backup: every row of every table as JSON lines, restorable on either database.

Line 1 is a header (format, schema revision, each table's columns and how their values
are written); then one `{"t": table, "r": [values...]}` line per row, tables in
foreign-key order and rows in primary-key order; the last line counts the rows, so a
truncated file is refused instead of half-restored.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Column, MetaData, Table, delete, func, insert, literal, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import JSON, Date, DateTime, Integer, LargeBinary

BUNDLE_FORMAT = "annotator-backup/1"
# Rows fetched and inserted per round trip.
CHUNK = 1000
# Tables whose rows are the newsroom's work: a restore only goes into a database
# where these are empty (tables filled by migrations, like label sets, are replaced).
PRECIOUS_TABLES = ("users", "articles", "events")


class BackupError(ValueError):
    """The backup cannot be made or restored as asked; the message says why."""


@dataclass
class BackupSummary:
    """What a backup or restore covered."""

    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _kind(column: Column[Any]) -> str:
    """How a column's values are written: datetimes, dates and bytes as tagged strings."""
    type_ = column.type
    if isinstance(type_, DateTime):
        return "datetime"
    if isinstance(type_, Date):
        return "date"
    if isinstance(type_, LargeBinary):
        return "bytes"
    if isinstance(type_, JSON):
        return "json"
    return "plain"


def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        if value.tzinfo is None:  # SQLite keeps UTC without a zone
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(value: Any, kind: str, dialect: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        moment = datetime.fromisoformat(value).astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect == "sqlite" else moment
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


# Tables of earlier revisions whose rows a restore skips: sign-in failures only ever lived
# for the throttle's window, and revision 0006 replaced them.
RETIRED_TABLES = frozenset({"sign_in_failures"})


def data_tables(conn: Connection) -> list[Table]:
    """The database's own tables in foreign-key order, without derived search structures."""
    from annotator.extensions import db

    reflected = MetaData()
    known = [t.name for t in db.metadata.sorted_tables]
    present = set(conn.dialect.get_table_names(conn))
    reflected.reflect(conn, only=[name for name in known if name in present])
    return list(reflected.sorted_tables)


def _columns(tbl: Table) -> list[Column[Any]]:
    # Generated columns (PostgreSQL's search vector) are rebuilt by the database itself.
    return [c for c in tbl.columns if c.computed is None]


def revision_of(conn: Connection) -> str | None:
    """The Alembic revision the database is at."""
    if "alembic_version" not in set(conn.dialect.get_table_names(conn)):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def write_bundle(conn: Connection, out: IO[str]) -> BackupSummary:
    """Write every row from one consistent snapshot (the caller's transaction) to `out`."""
    tables = data_tables(conn)
    summary = BackupSummary(revision=revision_of(conn))
    header = {
        "format": BUNDLE_FORMAT,
        "revision": summary.revision,
        "dialect": conn.dialect.name,
        "created_at": datetime.now(UTC).isoformat(),
        "tables": [
            {"name": t.name, "columns": [[c.name, _kind(c)] for c in _columns(t)]} for t in tables
        ],
    }
    out.write(_line(header))
    for tbl in tables:
        columns = _columns(tbl)
        kinds = [_kind(c) for c in columns]
        order = list(tbl.primary_key.columns) or columns
        result = conn.execution_options(yield_per=CHUNK).execute(select(*columns).order_by(*order))
        count = 0
        for row in result:
            values = [_encode(v, k) for v, k in zip(row, kinds, strict=True)]
            out.write(_line({"t": tbl.name, "r": values}))
            count += 1
        summary.rows[tbl.name] = count
    out.write(_line({"end": True, "rows": summary.rows}))
    return summary


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_bundle(lines: IO[str]) -> tuple[dict[str, Any], Iterator[tuple[str, list[Any]]]]:
    """The header and an iterator over (table, values); the iterator checks the end line."""
    first = lines.readline()
    try:
        header = json.loads(first)
    except json.JSONDecodeError as exc:
        raise BackupError("not an annotator backup: the first line is not JSON") from exc
    if not isinstance(header, dict) or header.get("format") != BUNDLE_FORMAT:
        raise BackupError(f"not an annotator backup (expected format {BUNDLE_FORMAT})")

    def rows() -> Iterator[tuple[str, list[Any]]]:
        counted: dict[str, int] = {}
        for number, raw in enumerate(lines, start=2):
            try:
                item = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise BackupError(f"line {number} is not JSON: the backup is damaged") from exc
            if item.get("end"):
                expected = {k: v for k, v in item.get("rows", {}).items() if v}
                if counted != expected:
                    raise BackupError("the row counts at the end do not match: damaged backup")
                return
            counted[item["t"]] = counted.get(item["t"], 0) + 1
            yield item["t"], item["r"]
        raise BackupError("the backup ends early (no end line): it is truncated")

    return header, rows()


def ensure_empty(conn: Connection) -> None:
    """Refuse to restore over the newsroom's work."""
    present = set(conn.dialect.get_table_names(conn))
    for name in PRECIOUS_TABLES:
        if name in present and conn.execute(select(literal(1)).select_from(table(name))).first():
            raise BackupError(
                f"the database already has {name}; restore into a new, empty database"
            )


def restore_bundle(
    conn: Connection, header: dict[str, Any], rows: Iterator[tuple[str, list[Any]]]
) -> BackupSummary:
    """Load a bundle into an empty database at the bundle's revision (caller's transaction)."""
    ensure_empty(conn)
    dialect = conn.dialect.name
    tables = {t.name: t for t in data_tables(conn)}
    described = {t["name"]: t["columns"] for t in header["tables"]}
    missing = sorted(set(described) - set(tables) - RETIRED_TABLES)
    if missing:
        raise BackupError(f"this database has no table(s) {', '.join(missing)}")
    for existing in reversed(list(tables.values())):
        # Rows the migrations put there (default aliases, label sets) make way for the backup's.
        if conn.execute(select(func.count()).select_from(existing)).scalar():
            conn.execute(delete(existing))
    summary = BackupSummary(revision=header.get("revision"))
    batch: list[dict[str, Any]] = []
    current: str | None = None

    def flush() -> None:
        if batch and current is not None:
            conn.execute(insert(tables[current]), batch)
            batch.clear()

    for name, values in rows:
        if name in RETIRED_TABLES and name not in tables:
            continue
        if name != current:
            flush()
            current = name
            columns = described[name]
        record = {
            col: _decode(value, kind, dialect)
            for (col, kind), value in zip(columns, values, strict=True)
        }
        batch.append(record)
        summary.rows[name] = summary.rows.get(name, 0) + 1
        if len(batch) >= CHUNK:
            flush()
    flush()
    if dialect == "postgresql":
        _reset_sequences(conn, list(tables.values()))
    return summary


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Point each id sequence past the restored ids, so new rows do not collide."""
    for restored in tables:
        keys = list(restored.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0]
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": restored.name, "c": key.name}
        ).scalar()
        if sequence:
            highest = func.max(key)
            conn.execute(
                select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None)))
            )
