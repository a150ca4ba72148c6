"""Index a bulk insert of passages in one statement instead of one trigger call per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.engine import Connection

# Below this many rows the per-row trigger is cheap enough, and leaving the schema alone
# spares every other connection from re-preparing its statements.
DEFER_MIN_ROWS = 2_000
# Each SQLite insert trigger on passages that feeds a search structure, and the statement
# that fills that structure for the rows inserted after passage id `?` in one go.
_FILLS = {
    "passage_fts_insert": (
        "INSERT INTO passage_fts(rowid, search_text) SELECT id, search_text FROM passages"
        " WHERE id > ?"
    ),
    "passage_search_order_insert": (
        "INSERT INTO passage_search_order(id, kind, article_id)"
        " SELECT id, kind, article_id FROM passages WHERE id > ?"
    ),
}


@contextmanager
def deferred_passage_index(connection: Connection, rows: int) -> Iterator[None]:
    """Around inserting `rows` new passages: SQLite indexes them for search in one go at the end.

    The FTS5 insert trigger costs ~10x more than the insert itself when fired row by row from
    executemany (FTS5 flushes its pending terms at each statement), so for a bulk insert the
    search triggers are dropped, the new rows are indexed with one INSERT ... SELECT each, and
    the triggers are created again from their own stored definitions, all inside the caller's
    transaction: a rollback restores them, and no other connection can write passages
    meanwhile (SQLite has one writer). PostgreSQL's generated tsvector column needs nothing.
    """
    if connection.dialect.name != "sqlite" or rows < DEFER_MIN_ROWS:
        yield
        return
    definitions = {
        name: sql
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
        if name in _FILLS
    }
    if not definitions:  # a database without the search index (before migration 0004)
        yield
        return
    # Dropping first takes the write lock, so no other connection can add passages between
    # reading the largest id and inserting.  New rowids are then above it (INTEGER PRIMARY
    # KEY without AUTOINCREMENT gives max + 1), so `id > last` is exactly the rows inserted.
    for name in definitions:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    last = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM passages").scalar()
    try:
        yield
    except BaseException:
        # The caller rolls back, which restores the triggers; recreate them anyway in case it
        # keeps the transaction, unless the failure already ended it (then they exist).
        for definition in definitions.values():
            with suppress(Exception):
                connection.exec_driver_sql(definition)
        raise
    for name, definition in definitions.items():
        connection.exec_driver_sql(_FILLS[name], (last,))
        connection.exec_driver_sql(definition)
