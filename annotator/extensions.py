"""Flask extensions, created unbound and bound to the app in create_app."""

from __future__ import annotations

from typing import Any

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from annotator.models.base import Base
from annotator.sqlite_writes import end_turn, take_turn

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on, WAL, and a busy timeout for every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE for requests that write, so concurrent saves queue instead of failing.

    A deferred transaction that reads and then writes must upgrade its lock; when another
    connection committed in between, SQLite refuses at once ("database is locked") without
    waiting out busy_timeout.  Taking the write lock at BEGIN makes writers wait in turn.
    """
    if connection.dialect.name != "sqlite":
        return
    from flask import has_request_context, request

    if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
        take_turn(connection)  # wait in a queue rather than in SQLite's sleep-and-retry
        try:
            # pysqlite then sees an open transaction: it adds no BEGIN of its own and its
            # commit() and rollback() end this one.  Reads elsewhere keep pysqlite's behaviour.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            end_turn(connection)
            raise


@event.listens_for(Engine, "commit")
def _sqlite_commit(connection: Any) -> None:
    """Commit, then hand the write lock to the next queued writer."""
    end_turn(connection, commit=True)


@event.listens_for(Engine, "rollback")
def _sqlite_rollback(connection: Any) -> None:
    """Roll back, then hand the write lock to the next queued writer."""
    end_turn(connection, commit=False)
