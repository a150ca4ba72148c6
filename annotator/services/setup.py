"""Bring a database to the newest schema with the project's Alembic migrations."""

from __future__ import annotations

from typing import Any

# Search structures that exist only in migrations, per dialect, and not as models.
MIGRATION_ONLY_TABLES = frozenset({"passage_fts", "passage_search_order"})
MIGRATION_ONLY_PREFIXES = ("passage_fts_",)
MIGRATION_ONLY_COLUMNS = frozenset({"search_vector"})
MIGRATION_ONLY_INDEX_PREFIX = "ix_passages_search"


def upgrade_database() -> None:
    """Run every migration up to head (needs an app context)."""
    from flask_migrate import upgrade  # Alembic: imported when a database is upgraded only

    upgrade()


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave dialect-specific search structures out of autogenerate comparisons."""
    if not name:
        return True
    if type_ == "table":
        return name not in MIGRATION_ONLY_TABLES and not name.startswith(MIGRATION_ONLY_PREFIXES)
    if type_ == "column":
        return name not in MIGRATION_ONLY_COLUMNS
    if type_ == "index":
        return not name.startswith(MIGRATION_ONLY_INDEX_PREFIX)
    return True
