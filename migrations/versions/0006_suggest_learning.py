"""suggest learning: labelled examples from desk decisions, sentence and claim vectors

Revision ID: 0006_suggest_learning
Revises: 0005_user_preferences
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0006_suggest_learning'
down_revision = '0005_user_preferences'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'suggestion_example',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('label', sa.Boolean(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_suggestion_example_actor_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['article_id'], ['article.id'],
                                name=op.f('fk_suggestion_example_article_id_article'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_suggestion_example_claim_id_claim'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_example')),
    )
    with op.batch_alter_table('suggestion_example', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_example_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_example_created_at'), ['created_at'], unique=False)
    op.create_table(
        'sentence_vector',
        sa.Column('encoder', sa.String(length=40), nullable=False),
        sa.Column('text_hash', sa.String(length=40), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('encoder', 'text_hash', name=op.f('pk_sentence_vector')),
    )
    op.create_table(
        'claim_vector',
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('encoder', sa.String(length=40), nullable=False),
        sa.Column('text_hash', sa.String(length=40), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_vector_claim_id_claim'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_vector')),
    )
    with op.batch_alter_table('claim_vector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_vector_encoder'), ['encoder'], unique=False)


def downgrade():
    with op.batch_alter_table('claim_vector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_vector_encoder'))
    op.drop_table('claim_vector')
    op.drop_table('sentence_vector')
    with op.batch_alter_table('suggestion_example', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_example_created_at'))
        batch_op.drop_index(batch_op.f('ix_suggestion_example_article_id'))
    op.drop_table('suggestion_example')
