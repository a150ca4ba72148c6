"""SQLite write requests queue for the database's write lock instead of polling for it.

SQLite allows one writer. A writer that finds the lock taken sleeps in SQLite's busy handler
1, 2, 5, 10 … 100 ms between tries, and whoever tries while the lock is free wins: under
a few concurrent saves (each holding the lock ~3 ms) some waited hundreds of milliseconds
while others overtook them. Here a write request first takes a lock the waiters are woken
from as soon as it is free: a thread lock between the threads of one worker, then an
flock(2) on a file beside the database between worker processes (the kernel drops it if
a process dies). Only then does it run BEGIN IMMEDIATE, which then rarely waits at all.
"""

from __future__ import annotations

import fcntl
import os
import threading
from typing import Any

# As long as SQLite's busy_timeout: past it a write fails with "database is locked" anyway.
WAIT_SECONDS = 10.0
_INFO_KEY = "annotator_write_queue"


class WriteQueue:
    """One writing transaction at a time per database file, across threads and processes."""

    def __init__(self, database: str) -> None:
        self.path = database + "-writers.lock"
        # Re-entrant: a request that opens a second writing connection waits in SQLite's
        # busy handler for itself, as it did before this queue, instead of here.
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int | None:
        # After a fork the child needs its own open file: flock is held per open file.
        if self._fd is None or self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                self._fd = None  # a read-only folder: fall back to SQLite's own waiting
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> bool:
        """Wait for our turn; False (nothing held) if it did not come within WAIT_SECONDS."""
        if not self._threads.acquire(timeout=WAIT_SECONDS):
            return False
        self._depth += 1
        fd = self._file() if self._depth == 1 else None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass  # the lock file is unusable: BEGIN IMMEDIATE still serialises writers
        return True

    def release(self) -> None:
        """Let the next writer in (called by the thread that acquired)."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None and self._pid == os.getpid():
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            except OSError:
                pass
        try:
            self._threads.release()
        except RuntimeError:
            pass  # not the acquiring thread (cannot happen through take_turn/end_turn)


_queues: dict[str, WriteQueue] = {}
_queues_lock = threading.Lock()


def queue_for(database: str | None) -> WriteQueue | None:
    """The queue of one SQLite database file (None for in-memory databases)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.abspath(database)
    with _queues_lock:
        if path not in _queues:
            _queues[path] = WriteQueue(path)
        return _queues[path]


def take_turn(connection: Any) -> None:
    """Queue for this connection's write transaction; ended by `end_turn` at commit/rollback."""
    queue = queue_for(connection.engine.url.database)
    if queue is not None and queue.acquire():
        connection.info[_INFO_KEY] = queue


def end_turn(connection: Any, commit: bool | None = None) -> None:
    """Let the next writer in, if this connection holds the turn.

    Called from SQLAlchemy's commit and rollback events, which run just before the driver's
    commit or rollback; `commit` True/False ends the transaction first, so the next writer
    finds the database free (the driver's own call that follows then has nothing to do).
    """
    queue = connection.info.pop(_INFO_KEY, None)
    if queue is None:
        return
    try:
        if commit is not None:
            dbapi = connection.connection.dbapi_connection
            if commit:
                dbapi.commit()
            else:
                dbapi.rollback()
    except Exception:  # noqa: S110  (SQLAlchemy's own call, next, raises it properly)
        pass
    finally:
        queue.release()
