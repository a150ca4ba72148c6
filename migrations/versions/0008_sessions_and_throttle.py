"""sign-in throttle per account and client; look-alike usernames share a unique key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 22:00:00

sign_in_failures (one row per failure, counted per account and per address) becomes
sign_in_throttles (one row per account and client, with a progressive delay); the old
rows are dropped: they only ever lived for the throttle's 15-minute window.
users.username_key is what a name reads as (annotator.services.usernames); existing
names that read alike keep their accounts, the later one's key gets "#<id>" appended.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen copy of annotator.services.usernames.username_key as of this revision.
_LOOK_ALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))


def _username_key(name: str) -> str:
    key = unicodedata.normalize("NFKC", name).strip().casefold()
    for seen, meant in _LOOK_ALIKES:
        key = key.replace(seen, meant)
    return key[:128]


def upgrade() -> None:
    op.drop_table("sign_in_failures")
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "failures >= 0", name=op.f("ck_sign_in_throttles_failures_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("account", "client", name=op.f("uq_sign_in_throttles_account_client")),
    )
    op.create_index(op.f("ix_sign_in_throttles_last_at"), "sign_in_throttles", ["last_at"])

    # ADD COLUMN, not a batch copy of `users`: on SQLite a batch drops and renames the table,
    # which the foreign keys of every table that names a user refuse.
    op.add_column(
        "users",
        sa.Column("username_key", sa.String(length=128), nullable=False, server_default=""),
    )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("username_key", sa.String),
    )
    conn = op.get_bind()
    taken: set[str] = set()
    rows = conn.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    for user_id, username in rows:
        key = _username_key(username)
        if key in taken:
            key = f"{key}#{user_id}"
        taken.add(key)
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    if conn.dialect.name != "sqlite":
        op.alter_column("users", "username_key", server_default=None)
    op.create_index(op.f("ix_users_username_key"), "users", ["username_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_username_key"), table_name="users")
    op.drop_column("users", "username_key")
    op.drop_index(op.f("ix_sign_in_throttles_last_at"), table_name="sign_in_throttles")
    op.drop_table("sign_in_throttles")
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_account_at", "sign_in_failures", ["account", "at"])
    op.create_index("ix_sign_in_failures_address_at", "sign_in_failures", ["address", "at"])
    op.create_index(op.f("ix_sign_in_failures_at"), "sign_in_failures", ["at"])
