"""suggestion run: the engine's suggestions for an article, kept so a page view reads them instead of running it

Revision ID: 0011_suggestion_run
Revises: 0010_drop_desk_revision
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011_suggestion_run'
down_revision = '0010_drop_desk_revision'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'suggestion_run',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('model', sa.String(length=400), nullable=False),
        sa.Column('made_on', sa.Date(), nullable=False),
        sa.Column('unscored', sa.JSON(), nullable=False),
        sa.Column('known', sa.Integer(), nullable=False),
        sa.Column('suggestions', sa.JSON(), nullable=False),
        sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_suggestion_run_article_id_article'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', name=op.f('pk_suggestion_run')),
    )


def downgrade():
    op.drop_table('suggestion_run')
