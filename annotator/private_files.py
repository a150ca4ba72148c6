"""Files only the app's own user may read: the instance folder, the SQLite files, backups.

They hold unpublished articles and password hashes, and the default umask (022) would make
them world-readable (0644). SQLite creates a database's -wal and -shm files with the
database file's own mode, so creating the database file 0600 covers all three.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def _tighten(path: Path, mode: int) -> None:
    """Drop group and other permissions from a path we own (others' files are left alone)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)


def private_dir(path: Path) -> None:
    """Create the folder (and parents) if missing; make it 0700."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR)


def private_file(path: Path) -> None:
    """Create an empty file 0600 if missing; take group and other bits off an existing one."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _tighten(path, PRIVATE_FILE)


def private_sqlite(database: Path) -> None:
    """The database file 0600 before SQLite opens it, and its -wal/-shm files if present."""
    private_file(database)
    for suffix in ("-wal", "-shm"):
        _tighten(database.with_name(database.name + suffix), PRIVATE_FILE)
