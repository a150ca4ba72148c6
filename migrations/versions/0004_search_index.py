"""search index, near-duplicate signatures, default holder aliases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 08:00:00

SQLite: an FTS5 external-content table `passage_fts` over passages.search_text
(unicode61: splits on spaces and punctuation, CJK characters are letters, so the
space-joined jieba tokens become terms; trigram could not match 2-character
words), kept in step by triggers inside the writing transaction.
PostgreSQL: a generated `search_vector` tsvector column with a GIN index.

Neither exists as a model (annotator.services.setup.include_object hides them
from drift checks). CAUTION: a later batch migration that recreates `passages`
on SQLite drops these triggers; such a migration must recreate them and run
INSERT INTO passage_fts(passage_fts) VALUES('rebuild').
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
# Written as 0002 on 0001; re-chained after 0003 (article annotations) landed on main first.
down_revision = "0003"
branch_labels = None
depends_on = None


SQLITE_UP = [
    """CREATE VIRTUAL TABLE passage_fts USING fts5(
        search_text, content='passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER passage_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passage_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER passage_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passage_fts(passage_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER passage_fts_update AFTER UPDATE OF search_text ON passages BEGIN
        INSERT INTO passage_fts(passage_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO passage_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS passage_fts_update",
    "DROP TRIGGER IF EXISTS passage_fts_delete",
    "DROP TRIGGER IF EXISTS passage_fts_insert",
    "DROP TABLE IF EXISTS passage_fts",
]
POSTGRES_UP = [
    """ALTER TABLE passages ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED""",
    "CREATE INDEX ix_passages_search_vector ON passages USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_passages_search_vector",
    "ALTER TABLE passages DROP COLUMN IF EXISTS search_vector",
]

# Frozen here (not imported from the app) so the migration means the same thing forever.
DEFAULT_ALIASES = {
    "Yann LeCun": ["Yann LeCun", "Yann Lecun", "LeCun", "Lecun", "杨立昆", "杨乐昆"],
    "Timnit Gebru": ["Timnit Gebru", "Gebru"],
    "OpenAI": ["OpenAI", "Open AI", "CloseAI"],
    "Elon Musk": ["Elon Musk", "Elon", "马斯克", "埃隆·马斯克"],
    "Ian Goodfellow": ["Ian Goodfellow", "Goodfellow", "Lan Goodfellow", "古德费洛"],
    "Geoffrey Hinton": ["Geoffrey Hinton", "Geoff Hinton", "Hinton", "辛顿"],
    "Yoshua Bengio": ["Yoshua Bengio", "Bengio", "本吉奥"],
    "Sam Altman": ["Sam Altman", "Altman"],
    "Luca Massaron": ["Luca Massaron", "Luca"],
    "Aleksander Madry": ["Aleksander Madry", "Madry"],
    "Terry Sejnowski": ["Terry Sejnowski", "Sejnowski"],
    "Kunihiko Fukushima": ["福岛邦彦", "Kunihiko Fukushima"],
    "Duke University": ["杜克大学", "Duke University"],
    "Facebook": ["Facebook", "脸书"],
}


def upgrade():
    op.create_table(
        "passage_signatures",
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["passage_id"], ["passages.id"],
            name=op.f("fk_passage_signatures_passage_id_passages"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("passage_id", "band", name=op.f("pk_passage_signatures")),
    )
    with op.batch_alter_table("passage_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passage_signatures_key"), ["key"], unique=False)

    bind = op.get_bind()
    for statement in SQLITE_UP if bind.dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)

    aliases = sa.table("holder_aliases", sa.column("alias", sa.String), sa.column("canonical", sa.String))
    present = set(bind.execute(sa.select(aliases.c.alias)).scalars())
    rows = [
        {"alias": alias, "canonical": canonical}
        for canonical, names in DEFAULT_ALIASES.items()
        for alias in names
        if alias not in present
    ]
    if rows:
        op.bulk_insert(aliases, rows)


def downgrade():
    bind = op.get_bind()
    for statement in SQLITE_DOWN if bind.dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    aliases = sa.table("holder_aliases", sa.column("alias", sa.String), sa.column("canonical", sa.String))
    defaults = [(a, c) for c, names in DEFAULT_ALIASES.items() for a in names]
    for alias, canonical in defaults:
        op.execute(
            aliases.delete().where(aliases.c.alias == alias, aliases.c.canonical == canonical)
        )
    with op.batch_alter_table("passage_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passage_signatures_key"))
    op.drop_table("passage_signatures")
