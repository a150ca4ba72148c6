"""search order: what ranking a search reads from each match, in a narrow table (SQLite)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 04:00:00

A search orders its matches body first, then by score, then by passage id, and filters
them on the passage's article (visibility, the article filter) and kind. Read from
`passages`, that is one lookup into a wide row (text and index text) per match: ~13 ms of
a common word's search on the 2,000-article benchmark (16,538 matches). SQLite:
`passage_search_order` holds only (id, kind, article_id) of every passage, a few
megabytes, kept in step by triggers inside the writing transaction, as passage_fts is.
(A covering index on passages(id, kind, article_id) holds the same, but SQLite's planner
prefers the rowid lookup without ANALYZE statistics, and a hint cannot be written in
SQLAlchemy's SQLite dialect.) PostgreSQL ranks from the tsvector in the heap row either way,
so it gets nothing here.

Not a model (annotator.services.setup.include_object hides it from drift checks).
CAUTION, as for passage_fts: a later batch migration that recreates `passages` on SQLite
drops these triggers; it must recreate them and refill the table.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


SQLITE_UP = [
    """CREATE TABLE passage_search_order (
        id INTEGER NOT NULL PRIMARY KEY,
        kind VARCHAR(16) NOT NULL,
        article_id INTEGER NOT NULL
    )""",
    """CREATE TRIGGER passage_search_order_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passage_search_order(id, kind, article_id)
        VALUES (new.id, new.kind, new.article_id);
    END""",
    """CREATE TRIGGER passage_search_order_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passage_search_order WHERE id = old.id;
    END""",
    """CREATE TRIGGER passage_search_order_update AFTER UPDATE OF id, kind, article_id
    ON passages BEGIN
        DELETE FROM passage_search_order WHERE id = old.id;
        INSERT INTO passage_search_order(id, kind, article_id)
        VALUES (new.id, new.kind, new.article_id);
    END""",
    "INSERT INTO passage_search_order(id, kind, article_id) SELECT id, kind, article_id FROM passages",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS passage_search_order_update",
    "DROP TRIGGER IF EXISTS passage_search_order_delete",
    "DROP TRIGGER IF EXISTS passage_search_order_insert",
    "DROP TABLE IF EXISTS passage_search_order",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
