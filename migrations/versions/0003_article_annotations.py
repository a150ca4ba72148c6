"""article annotations: editors' labels for whole articles (article-scope label sets)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-21 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
# Written while 0001 was the head on main; re-chain to 0002 if the search migration lands first.
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('article_annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label_set_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('codebook_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version > 0', name=op.f('ck_article_annotations_version_positive')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_annotations_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_set_id'], ['label_sets.id'], name=op.f('fk_article_annotations_label_set_id_label_sets')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_article_annotations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_annotations')),
    sa.UniqueConstraint('article_id', 'user_id', 'label_set_id', name='uq_article_annotations_article_user_set')
    )
    with op.batch_alter_table('article_annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_annotations_user_id'), ['user_id'], unique=False)

    op.create_table('article_annotation_values',
    sa.Column('article_annotation_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_annotation_id'], ['article_annotations.id'], name=op.f('fk_article_annotation_values_article_annotation_id_article_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_article_annotation_values_label_id_labels')),
    sa.PrimaryKeyConstraint('article_annotation_id', 'label_id', name=op.f('pk_article_annotation_values'))
    )


def downgrade():
    op.drop_table('article_annotation_values')
    with op.batch_alter_table('article_annotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_annotations_user_id'))
    op.drop_table('article_annotations')
