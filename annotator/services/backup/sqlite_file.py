"""SQLite backups with the online backup API: a consistent copy while the app writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.private_files import private_file
from annotator.services.backup.bundle import PRECIOUS_TABLES, BackupError

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether the file is an SQLite database (by its header, not its name)."""
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy a live SQLite database page by page into a new file, as one snapshot.

    The backup API reads inside one read transaction when copying all pages in one step,
    so in WAL mode writers carry on and the copy is the database as of that moment.
    """
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    private_file(partial)  # a copy of the whole database: 0600, like the database itself
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the copy failed its integrity check: {check}")
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)  # only a complete copy takes the file's name


def restore_sqlite_file(backup: Path, target: Path) -> None:
    """Copy an SQLite backup into the (new or empty) database file the app uses."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the backup failed its integrity check: {check}")
        private_file(target)
        dst = sqlite3.connect(target, timeout=30)
        try:
            tables = {
                r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            for name in PRECIOUS_TABLES:
                query = f'SELECT 1 FROM "{name}" LIMIT 1'  # noqa: S608 - a fixed table name
                if name in tables and dst.execute(query).fetchone():
                    raise BackupError(
                        f"the database already has {name}; restore into a new, empty database"
                    )
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()
