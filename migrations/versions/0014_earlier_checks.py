"""earlier checks and partner feeds: fact-checks already published (the desk's own and others'), unique by URL,
and the ClaimReview feeds of partner desks pulled on a schedule

Revision ID: 0014_earlier_checks
Revises: 0013_suggestion_outcome
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_earlier_checks'
down_revision = '0013_suggestion_outcome'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('factcheck_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('etag', sa.String(length=300), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('pulled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.String(length=300), nullable=True),
    sa.Column('items_added', sa.Integer(), server_default='0', nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_factcheck_feed_added_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factcheck_feed')),
    sa.UniqueConstraint('url', name=op.f('uq_factcheck_feed_url'))
    )
    op.create_table('earlier_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('claim_reviewed', sa.Text(), nullable=False),
    sa.Column('rating', sa.String(length=200), nullable=True),
    sa.Column('rating_value', sa.Double(), nullable=True),
    sa.Column('best_rating', sa.Double(), nullable=True),
    sa.Column('worst_rating', sa.Double(), nullable=True),
    sa.Column('publisher', sa.String(length=300), nullable=True),
    sa.Column('publisher_url', sa.String(length=2048), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('claim_author', sa.String(length=300), nullable=True),
    sa.Column('claim_date', sa.Date(), nullable=True),
    sa.Column('first_appearance', sa.String(length=2048), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('origin', sa.Enum('file', 'page', 'feed', 'csv', 'desk', name='earlier_check_origin', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=True),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['factcheck_feed.id'], name=op.f('fk_earlier_check_feed_id_factcheck_feed'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['user.id'], name=op.f('fk_earlier_check_imported_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['publication_id'], ['publication.id'], name=op.f('fk_earlier_check_publication_id_publication'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_earlier_check')),
    sa.UniqueConstraint('url', name=op.f('uq_earlier_check_url'))
    )
    with op.batch_alter_table('earlier_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_earlier_check_feed_id'), ['feed_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_earlier_check_imported_at'), ['imported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_earlier_check_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_earlier_check_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_earlier_check_published_on'), ['published_on'], unique=False)



def downgrade():
    with op.batch_alter_table('earlier_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_earlier_check_published_on'))
        batch_op.drop_index(batch_op.f('ix_earlier_check_publication_id'))
        batch_op.drop_index(batch_op.f('ix_earlier_check_language'))
        batch_op.drop_index(batch_op.f('ix_earlier_check_imported_at'))
        batch_op.drop_index(batch_op.f('ix_earlier_check_feed_id'))

    op.drop_table('earlier_check')
    op.drop_table('factcheck_feed')
