"""search index: the analysed terms of claims, articles, evidence and earlier checks, as a full-text index
(PostgreSQL: a generated tsvector with GIN; SQLite: an FTS5 table kept by triggers), filled for existing rows

Revision ID: 0015_search_index
Revises: 0014_earlier_checks
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_search_index'
down_revision = '0014_earlier_checks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('terms', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
        sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_entry_kind')),
    )
    # The full-text objects no model describes (app/models/search.py), then every existing record indexed by
    # the same analyser the desk uses from now on.
    from app.models.search import full_text_ddl
    from app.services.search import reindex_all

    connection = op.get_bind()
    for statement in full_text_ddl(connection.dialect.name):
        op.execute(statement)
    reindex_all(connection)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TABLE IF EXISTS search_fts')
    op.drop_table('search_entry')
