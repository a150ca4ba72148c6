"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 07:32:10.852703

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


APPEND_ONLY_SQLITE = """
CREATE TRIGGER events_no_{op} BEFORE {OP} ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
"""
APPEND_ONLY_POSTGRES = [
    """CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'events are append-only'; END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only()""",
]


def _append_only_events():
    """The audit log is append-only: the database itself refuses updates and deletes."""
    if op.get_bind().dialect.name == "sqlite":
        for name in ("update", "delete"):
            op.execute(APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))
    else:
        for statement in APPEND_ONLY_POSTGRES:
            op.execute(statement)


def upgrade():
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_precision', sa.String(length=8), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=500), nullable=True),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('segmenter_version', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("published_precision IS NULL OR published_precision IN ('day', 'month', 'year')", name=op.f('ck_articles_published_precision_known')),
    sa.CheckConstraint('length(content_hash) = 64', name=op.f('ck_articles_content_hash_sha256')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash'))
    )
    op.create_table('cue_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cue_words')),
    sa.UniqueConstraint('word', 'label', name='uq_cue_words_word_label')
    )
    op.create_table('dictionary_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('freq', sa.Integer(), nullable=True),
    sa.Column('tag', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dictionary_words')),
    sa.UniqueConstraint('word', name=op.f('uq_dictionary_words_word'))
    )
    op.create_table('holder_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('canonical', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holder_aliases')),
    sa.UniqueConstraint('alias', name=op.f('uq_holder_aliases_alias'))
    )
    op.create_table('label_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('title_zh', sa.String(length=128), nullable=False),
    sa.Column('title_en', sa.String(length=128), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('single', 'multi', 'span')", name=op.f('ck_label_sets_kind_known')),
    sa.CheckConstraint("scope IN ('passage', 'article')", name=op.f('ck_label_sets_scope_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_sets')),
    sa.UniqueConstraint('name', name=op.f('uq_label_sets_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=128), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'reviewer', 'editor')", name=op.f('ck_users_role_known')),
    sa.CheckConstraint('length(username) > 0', name=op.f('ck_users_username_not_empty')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('token_hash', sa.String(length=128), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('article_editors',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_editors_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_article_editors_user_id_users')),
    sa.PrimaryKeyConstraint('article_id', 'user_id', name=op.f('pk_article_editors'))
    )
    with op.batch_alter_table('article_editors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_editors_user_id'), ['user_id'], unique=False)

    op.create_table('codebook_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version > 0', name=op.f('ck_codebook_versions_version_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_codebook_versions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codebook_versions')),
    sa.UniqueConstraint('version', name=op.f('uq_codebook_versions_version'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('passage_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_events_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_passage_id'), ['passage_id'], unique=False)

    op.create_table('labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label_set_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title_zh', sa.String(length=128), nullable=False),
    sa.Column('title_en', sa.String(length=128), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('examples', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=8), nullable=True),
    sa.Column('color', sa.String(length=16), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['label_set_id'], ['label_sets.id'], name=op.f('fk_labels_label_set_id_label_sets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labels')),
    sa.UniqueConstraint('label_set_id', 'name', name='uq_labels_set_name')
    )
    op.create_table('passages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('index', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kind_reason', sa.String(length=64), nullable=True),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('body', 'boilerplate')", name=op.f('ck_passages_kind_known')),
    sa.CheckConstraint('0 <= start AND start < "end"', name=op.f('ck_passages_offsets_ordered')),
    sa.CheckConstraint('duplicate_of IS NULL OR (duplicate_of >= 0 AND duplicate_of < "index")', name=op.f('ck_passages_duplicate_of_earlier')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_passages_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passages')),
    sa.UniqueConstraint('article_id', 'index', name='uq_passages_article_index'),
    sa.UniqueConstraint('uid', name=op.f('uq_passages_uid'))
    )
    with op.batch_alter_table('passages', schema=None) as batch_op:
        batch_op.create_index('ix_passages_kind_article', ['kind', 'article_id'], unique=False)

    op.create_table('annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label_set_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('codebook_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version > 0', name=op.f('ck_annotations_version_positive')),
    sa.ForeignKeyConstraint(['label_set_id'], ['label_sets.id'], name=op.f('fk_annotations_label_set_id_label_sets')),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_annotations_passage_id_passages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_annotations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations')),
    sa.UniqueConstraint('passage_id', 'user_id', 'label_set_id', name='uq_annotations_passage_user_set')
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotations_user_id'), ['user_id'], unique=False)

    op.create_table('claims',
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_claims_passage_id_passages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_claims_user_id_users')),
    sa.PrimaryKeyConstraint('passage_id', 'user_id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_user_id'), ['user_id'], unique=False)

    op.create_table('gold_annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('label_set_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('settled', 'reopened')", name=op.f('ck_gold_annotations_state_known')),
    sa.CheckConstraint('version > 0', name=op.f('ck_gold_annotations_version_positive')),
    sa.ForeignKeyConstraint(['label_set_id'], ['label_sets.id'], name=op.f('fk_gold_annotations_label_set_id_label_sets')),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_gold_annotations_passage_id_passages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_gold_annotations_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_annotations')),
    sa.UniqueConstraint('passage_id', 'label_set_id', name='uq_gold_annotations_passage_set')
    )
    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version > 0', name=op.f('ck_notes_version_positive')),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_notes_passage_id_passages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes')),
    sa.UniqueConstraint('passage_id', 'user_id', name='uq_notes_passage_user')
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_user_id'), ['user_id'], unique=False)

    op.create_table('passage_links',
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.CheckConstraint('passage_id <> other_id', name=op.f('ck_passage_links_not_self')),
    sa.ForeignKeyConstraint(['other_id'], ['passages.id'], name=op.f('fk_passage_links_other_id_passages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_passage_links_passage_id_passages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('passage_id', 'other_id', name=op.f('pk_passage_links'))
    )
    with op.batch_alter_table('passage_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passage_links_other_id'), ['other_id'], unique=False)

    op.create_table('predictions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('model_version', sa.String(length=128), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source IN ('cue', 'model', 'names')", name=op.f('ck_predictions_source_known')),
    sa.CheckConstraint('(start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end")', name=op.f('ck_predictions_offsets_ordered')),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_predictions_label_id_labels')),
    sa.ForeignKeyConstraint(['passage_id'], ['passages.id'], name=op.f('fk_predictions_passage_id_passages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_predictions'))
    )
    with op.batch_alter_table('predictions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_predictions_passage_id'), ['passage_id'], unique=False)

    op.create_table('annotation_values',
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_annotation_values_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_annotation_values_label_id_labels')),
    sa.PrimaryKeyConstraint('annotation_id', 'label_id', name=op.f('pk_annotation_values'))
    )
    op.create_table('gold_spans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gold_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.CheckConstraint('0 <= start AND start < "end"', name=op.f('ck_gold_spans_offsets_ordered')),
    sa.ForeignKeyConstraint(['gold_id'], ['gold_annotations.id'], name=op.f('fk_gold_spans_gold_id_gold_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_gold_spans_label_id_labels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_spans')),
    sa.UniqueConstraint('gold_id', 'label_id', 'start', 'end', name='uq_gold_spans_range')
    )
    op.create_table('gold_values',
    sa.Column('gold_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gold_id'], ['gold_annotations.id'], name=op.f('fk_gold_values_gold_id_gold_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_gold_values_label_id_labels')),
    sa.PrimaryKeyConstraint('gold_id', 'label_id', name=op.f('pk_gold_values'))
    )
    op.create_table('spans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.CheckConstraint('0 <= start AND start < "end"', name=op.f('ck_spans_offsets_ordered')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_spans_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_spans_label_id_labels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spans')),
    sa.UniqueConstraint('annotation_id', 'label_id', 'start', 'end', name='uq_spans_annotation_label_range')
    )

    _append_only_events()

def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    op.drop_table('spans')
    op.drop_table('gold_values')
    op.drop_table('gold_spans')
    op.drop_table('annotation_values')
    with op.batch_alter_table('predictions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_predictions_passage_id'))

    op.drop_table('predictions')
    with op.batch_alter_table('passage_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passage_links_other_id'))

    op.drop_table('passage_links')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_user_id'))

    op.drop_table('notes')
    op.drop_table('gold_annotations')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_user_id'))

    op.drop_table('claims')
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotations_user_id'))

    op.drop_table('annotations')
    with op.batch_alter_table('passages', schema=None) as batch_op:
        batch_op.drop_index('ix_passages_kind_article')

    op.drop_table('passages')
    op.drop_table('labels')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_passage_id'))
        batch_op.drop_index('ix_events_entity')

    op.drop_table('events')
    op.drop_table('codebook_versions')
    with op.batch_alter_table('article_editors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_editors_user_id'))

    op.drop_table('article_editors')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('settings')
    op.drop_table('label_sets')
    op.drop_table('holder_aliases')
    op.drop_table('dictionary_words')
    op.drop_table('cue_words')
    op.drop_table('articles')
