"""publication versions: frozen reports, a withdrawal reason, one live publication per article

Revision ID: 0007_publication_versions
Revises: 0006_suggest_learning
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_publication_versions'
down_revision = '0006_suggest_learning'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))

    # Editors racing before this revision may have left two live links to one article: the newest stays,
    # the others are withdrawn (as the old withdraw did to all of them), so the unique index can be built.
    op.execute(
        "UPDATE publication SET withdrawn_at = published_at, withdrawn_reason = 'duplicate link' "
        "WHERE withdrawn_at IS NULL AND id < (SELECT MAX(p2.id) FROM publication p2 "
        "WHERE p2.article_id = publication.article_id AND p2.withdrawn_at IS NULL)"
    )
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.create_index('uq_publication_live_article', ['article_id'], unique=True,
                              sqlite_where=sa.text('withdrawn_at IS NULL'),
                              postgresql_where=sa.text('withdrawn_at IS NULL'))

    op.create_table('publication_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('first', 'correction', 'update', name='version_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('include_unapproved', sa.Boolean(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('model', sa.JSON(), nullable=False),
    sa.Column('reviews', sa.JSON(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publication.id'], name=op.f('fk_publication_version_publication_id_publication'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_publication_version_published_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_version')),
    sa.UniqueConstraint('publication_id', 'number', name='uq_publication_version_number')
    )
    # Publications made before this revision have no frozen version yet: the desk freezes their first
    # version the first time their link is read (app/services/reports.py, frozen_versions).


def downgrade():
    op.drop_table('publication_version')
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_index('uq_publication_live_article', sqlite_where=sa.text('withdrawn_at IS NULL'),
                            postgresql_where=sa.text('withdrawn_at IS NULL'))
        batch_op.drop_column('withdrawn_reason')
