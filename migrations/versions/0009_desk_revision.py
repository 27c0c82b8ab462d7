"""desk revision: one value every committed write replaces, so remembered pages know when they are stale

Revision ID: 0009_desk_revision
Revises: 0008_article_list_index
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_desk_revision'
down_revision = '0008_article_list_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'desk_revision',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_revision')),
    )


def downgrade():
    op.drop_table('desk_revision')
