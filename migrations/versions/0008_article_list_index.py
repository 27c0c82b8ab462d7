"""article list index: the live articles newest first, and their capped count, from an index alone

Revision ID: 0008_article_list_index
Revises: 0007_publication_versions
Create Date: 2026-12-02

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_article_list_index'
down_revision = '0007_publication_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_article_archived_id', 'article', ['archived_at', 'id'])


def downgrade():
    op.drop_index('ix_article_archived_id', table_name='article')
