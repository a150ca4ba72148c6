"""Engine set-up: SQLite pragmas and the queue of writing transactions, per engine.

The listeners are attached to each engine the app creates, never to SQLAlchemy's Engine
class, so another engine in the same process (a test's, a backup copy's) is left as it was
made. Whether a transaction is about to write is not looked up here: the caller passes a
function that answers it (the app passes "is this a request that may change state?").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from annotator.database.sqlite_writes import end_turn, take_turn
from annotator.extensions import db

WritesExpected = Callable[[], bool]


def init_database(app: Flask, writes_expected: WritesExpected) -> None:
    """Configure every engine of the app (Flask-SQLAlchemy creates them in init_app)."""
    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine, writes_expected)


def configure_engine(engine: Engine, writes_expected: WritesExpected) -> None:
    """SQLite only: pragmas on every connection; BEGIN IMMEDIATE, in turn, when writing."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", partial(_sqlite_begin, writes_expected))
    event.listen(engine, "commit", _sqlite_commit)
    event.listen(engine, "rollback", _sqlite_rollback)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on, WAL, and a busy timeout for every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(writes_expected: WritesExpected, connection: Connection) -> None:
    """BEGIN IMMEDIATE for requests that write, so concurrent saves queue instead of failing.

    A deferred transaction that reads and then writes must upgrade its lock; when another
    connection committed in between, SQLite refuses at once ("database is locked") without
    waiting out busy_timeout.  Taking the write lock at BEGIN makes writers wait in turn.
    """
    if not writes_expected():
        return
    take_turn(connection)  # wait in a queue rather than in SQLite's sleep-and-retry
    try:
        # pysqlite then sees an open transaction: it adds no BEGIN of its own and its
        # commit() and rollback() end this one.  Reads elsewhere keep pysqlite's behaviour.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        end_turn(connection)
        raise


def _sqlite_commit(connection: Connection) -> None:
    """Commit, then hand the write lock to the next queued writer."""
    end_turn(connection, commit=True)


def _sqlite_rollback(connection: Connection) -> None:
    """Roll back, then hand the write lock to the next queued writer."""
    end_turn(connection, commit=False)
