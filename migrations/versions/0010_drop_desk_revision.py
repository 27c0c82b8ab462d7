"""drop the desk revision: pages are no longer remembered per process, so nothing needs to know when they go stale

Every writing transaction replaced the one row of desk_revision, so on PostgreSQL all writers queued on it.
The response caches it served (the front, the page memo, fragments) are gone; the render path is fast by
itself. Downgrading brings the table back empty, as 0009 made it.

Revision ID: 0010_drop_desk_revision
Revises: 0009_desk_revision
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_drop_desk_revision'
down_revision = '0009_desk_revision'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('desk_revision')


def downgrade():
    op.create_table(
        'desk_revision',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_revision')),
    )
