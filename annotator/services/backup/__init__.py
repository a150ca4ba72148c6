"""Back up and restore the whole database: SQLite file copies and portable JSONL bundles."""

from annotator.services.backup.bundle import (
    BUNDLE_FORMAT,
    BackupError,
    BackupSummary,
    read_bundle,
    restore_bundle,
    write_bundle,
)
from annotator.services.backup.sqlite_file import (
    is_sqlite_file,
    restore_sqlite_file,
    sqlite_backup,
)

__all__ = [
    "BUNDLE_FORMAT",
    "BackupError",
    "BackupSummary",
    "is_sqlite_file",
    "read_bundle",
    "restore_bundle",
    "restore_sqlite_file",
    "sqlite_backup",
    "write_bundle",
]
