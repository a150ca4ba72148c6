"""Index a bulk insert of passages in one statement instead of one trigger call per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.engine import Connection

# Below this many rows the per-row trigger is cheap enough, and leaving the schema alone
# spares every other connection from re-preparing its statements.
DEFER_MIN_ROWS = 2_000
_TRIGGER = "passage_fts_insert"


@contextmanager
def deferred_passage_index(connection: Connection, rows: int) -> Iterator[None]:
    """Around inserting `rows` new passages: SQLite indexes them for search in one go at the end.

    The FTS5 insert trigger costs ~10x more than the insert itself when fired row by row from
    executemany (FTS5 flushes its pending terms at each statement), so for a bulk insert it is
    dropped, the new rows are indexed with one INSERT ... SELECT, and the trigger is created
    again from its own stored definition, all inside the caller's transaction: a rollback
    restores it, and no other connection can write passages meanwhile (SQLite has one writer).
    PostgreSQL's generated tsvector column needs nothing of this.
    """
    if connection.dialect.name != "sqlite" or rows < DEFER_MIN_ROWS:
        yield
        return
    definition = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_TRIGGER,)
    ).scalar()
    if definition is None:  # a database without the search index (before migration 0004)
        yield
        return
    # Dropping first takes the write lock, so no other connection can add passages between
    # reading the largest id and inserting.  New rowids are then above it (INTEGER PRIMARY
    # KEY without AUTOINCREMENT gives max + 1), so `id > last` is exactly the rows inserted.
    connection.exec_driver_sql(f"DROP TRIGGER {_TRIGGER}")
    last = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM passages").scalar()
    try:
        yield
    except BaseException:
        # The caller rolls back, which restores the trigger; recreate it anyway in case it
        # keeps the transaction, unless the failure already ended it (then it exists).
        with suppress(Exception):
            connection.exec_driver_sql(definition)
        raise
    connection.exec_driver_sql(
        "INSERT INTO passage_fts(rowid, search_text) SELECT id, search_text FROM passages"
        " WHERE id > ?",
        (last,),
    )
    connection.exec_driver_sql(definition)
