"""account settings: temporary passwords (an invited or reset user chooses their own at
first sign-in) and each editor's tagging layout (compact, cue underlines)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows it with a constant default): batch mode would copy
    # the users table, which the foreign keys of every other table refuse.
    op.add_column(
        "users",
        sa.Column("password_is_temporary", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "users",
        sa.Column("compact_tagging", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "users",
        sa.Column("cue_underlines", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    op.drop_column("users", "cue_underlines")
    op.drop_column("users", "compact_tagging")
    op.drop_column("users", "password_is_temporary")
