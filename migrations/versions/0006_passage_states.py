"""maintained passage label state (status per passage and per label set, resolved labels and spans)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 22:30:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUS_CHECK = "status IN ('unlabeled', 'single', 'agreed', 'conflict', 'gold')"


def upgrade() -> None:
    op.create_table(
        "passage_states",
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("gold", sa.String(length=16), nullable=False),
        sa.Column("editors", sa.Integer(), nullable=False),
        sa.CheckConstraint(STATUS_CHECK, name=op.f("ck_passage_states_status_known")),
        sa.CheckConstraint(
            "gold IN ('none', 'settled', 'reopened')", name=op.f("ck_passage_states_gold_known")
        ),
        sa.CheckConstraint("editors >= 0", name=op.f("ck_passage_states_editors_counted")),
        sa.CheckConstraint(
            "(gold = 'settled') = (status = 'gold')",
            name=op.f("ck_passage_states_gold_status_agrees"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], ondelete="CASCADE",
            name=op.f("fk_passage_states_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["passage_id"], ["passages.id"], ondelete="CASCADE",
            name=op.f("fk_passage_states_passage_id_passages"),
        ),
        sa.PrimaryKeyConstraint("passage_id", name=op.f("pk_passage_states")),
    )
    op.create_index(
        "ix_passage_states_article_status", "passage_states", ["article_id", "status"]
    )
    op.create_index("ix_passage_states_status", "passage_states", ["status", "editors"])
    op.create_table(
        "passage_set_states",
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("label_set_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("annotators", sa.Integer(), nullable=False),
        sa.CheckConstraint(STATUS_CHECK, name=op.f("ck_passage_set_states_status_known")),
        sa.CheckConstraint(
            "annotators >= 0", name=op.f("ck_passage_set_states_annotators_counted")
        ),
        sa.ForeignKeyConstraint(
            ["label_set_id"], ["label_sets.id"],
            name=op.f("fk_passage_set_states_label_set_id_label_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["passage_id"], ["passage_states.passage_id"], ondelete="CASCADE",
            name=op.f("fk_passage_set_states_passage_id_passage_states"),
        ),
        sa.PrimaryKeyConstraint("passage_id", "label_set_id", name=op.f("pk_passage_set_states")),
    )
    op.create_index(
        "ix_passage_set_states_set_status", "passage_set_states", ["label_set_id", "status"]
    )
    op.create_table(
        "passage_resolved_labels",
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_passage_resolved_labels_label_id_labels")
        ),
        sa.ForeignKeyConstraint(
            ["passage_id"], ["passage_states.passage_id"], ondelete="CASCADE",
            name=op.f("fk_passage_resolved_labels_passage_id_passage_states"),
        ),
        sa.PrimaryKeyConstraint("passage_id", "label_id", name=op.f("pk_passage_resolved_labels")),
    )
    op.create_index(
        "ix_passage_resolved_labels_label", "passage_resolved_labels", ["label_id", "passage_id"]
    )
    op.create_table(
        "passage_resolved_spans",
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            '0 <= start AND start < "end"', name=op.f("ck_passage_resolved_spans_offsets_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_passage_resolved_spans_label_id_labels")
        ),
        sa.ForeignKeyConstraint(
            ["passage_id"], ["passage_states.passage_id"], ondelete="CASCADE",
            name=op.f("fk_passage_resolved_spans_passage_id_passage_states"),
        ),
        sa.PrimaryKeyConstraint(
            "passage_id", "label_id", "start", "end", name=op.f("pk_passage_resolved_spans")
        ),
    )
    op.create_index(
        "ix_passage_resolved_spans_label", "passage_resolved_spans", ["label_id", "passage_id"]
    )
    # Backfill from the raw rows with the same code the writer maintains them with. That
    # code reads the holder links of revision 0009: before those columns exist the backfill
    # is left to 0009, which runs it at its end.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("spans")}
    if "stance_label_id" not in columns:
        return
    from annotator.services.passage_state import refresh_all_passage_states

    session = Session(bind=op.get_bind())
    refresh_all_passage_states(session)
    session.flush()


def downgrade() -> None:
    op.drop_table("passage_resolved_spans")
    op.drop_table("passage_resolved_labels")
    op.drop_table("passage_set_states")
    op.drop_table("passage_states")
