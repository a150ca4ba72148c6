"""Database plumbing: the app's engines set up for SQLite."""

from annotator.database.engine import configure_engine, init_database

__all__ = ["configure_engine", "init_database"]
