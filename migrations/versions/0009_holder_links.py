"""a stance per holder span, evidence spans linked to their holder

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 01:00:00

spans and gold_spans gain stance_label_id (a holder's own stance, a label of the stance
set) and holder_span_id (an evidence span's holder in the same annotation; deleting the
holder unlinks it). passage_resolved_spans keeps the resolved stance and the holder's
offsets. Batch mode on SQLite copies the three tables: no other table refers to them.
A database that comes from before 0006 gets its maintained state backfilled here (see 0006).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _linked_span_columns(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column("stance_label_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("holder_span_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f(f"fk_{table}_stance_label_id_labels"), "labels", ["stance_label_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f(f"fk_{table}_holder_span_id_{table}"),
            table,
            ["holder_span_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            "holder_not_self", "holder_span_id IS NULL OR holder_span_id <> id"
        )


def upgrade() -> None:
    _linked_span_columns("spans")
    _linked_span_columns("gold_spans")
    with op.batch_alter_table("passage_resolved_spans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stance_label_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("holder_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("holder_end", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_passage_resolved_spans_stance_label_id_labels"),
            "labels",
            ["stance_label_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            "holder_offsets_ordered",
            "(holder_start IS NULL AND holder_end IS NULL)"
            " OR (0 <= holder_start AND holder_start < holder_end)",
        )
    # 0006 leaves its backfill of the maintained passage state here when a database comes
    # from before it (the writer's code it runs reads these columns): states still empty.
    if op.get_bind().execute(sa.text("SELECT 1 FROM passage_states LIMIT 1")).first() is None:
        from annotator.services.passage_state import refresh_all_passage_states

        session = Session(bind=op.get_bind())
        refresh_all_passage_states(session)
        session.flush()


def downgrade() -> None:
    with op.batch_alter_table("passage_resolved_spans", schema=None) as batch_op:
        batch_op.drop_constraint("holder_offsets_ordered", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_passage_resolved_spans_stance_label_id_labels"), type_="foreignkey"
        )
        batch_op.drop_column("holder_end")
        batch_op.drop_column("holder_start")
        batch_op.drop_column("stance_label_id")
    for table in ("gold_spans", "spans"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint("holder_not_self", type_="check")
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_holder_span_id_{table}"), type_="foreignkey"
            )
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_stance_label_id_labels"), type_="foreignkey"
            )
            batch_op.drop_column("holder_span_id")
            batch_op.drop_column("stance_label_id")
