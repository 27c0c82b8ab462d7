"""earlier check vectors: the encoder vector of each earlier fact-check's claim, for matching by meaning

Revision ID: 0017_match_vectors
Revises: 0015_search_index
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_match_vectors'
down_revision = '0015_search_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'earlier_check_vector',
        sa.Column('earlier_check_id', sa.Integer(), nullable=False),
        sa.Column('encoder', sa.String(length=40), nullable=False),
        sa.Column('text_hash', sa.String(length=40), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['earlier_check_id'], ['earlier_check.id'],
                                name=op.f('fk_earlier_check_vector_earlier_check_id_earlier_check'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('earlier_check_id', name=op.f('pk_earlier_check_vector')),
    )
    with op.batch_alter_table('earlier_check_vector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_earlier_check_vector_encoder'), ['encoder'], unique=False)


def downgrade():
    with op.batch_alter_table('earlier_check_vector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_earlier_check_vector_encoder'))
    op.drop_table('earlier_check_vector')
