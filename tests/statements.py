"""Record the SQL a request runs after its commit (a write request should run none)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def after_commit(engine: Engine) -> Iterator[list[str]]:
    """Statements run after the first COMMIT inside the block, in order."""
    seen: list[str] = []
    committed = [False]

    def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if committed[0]:
            seen.append(sql)

    def commit(conn: Any) -> None:
        committed[0] = True

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
