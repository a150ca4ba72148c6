"""Insert many plain rows at the driver's speed: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection


def insert_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in `columns` order) into `table` inside the current transaction.

    Straight to the driver: SQLAlchemy's per-row parameter processing costs more than the
    database's own work for the hundreds of thousands of rows an import writes.
    """
    if not rows:
        return
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if connection.dialect.name == "postgresql":
        # COPY streams rows in one command: several times faster than executemany's statements.
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(columns))
    # Table and column names come from the code, never from input: nothing to inject.
    connection.exec_driver_sql(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
