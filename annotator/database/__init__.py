"""Database plumbing: the app's engines set up for SQLite, one unit of work per request."""

from annotator.database.engine import configure_engine, init_database
from annotator.database.unit_of_work import unit_of_work

__all__ = ["configure_engine", "init_database", "unit_of_work"]
