"""suggestion outcome: one outcome per span of an article (a claim or a rejection), held by a unique key

A suggestion could end up both accepted and rejected (two reviewers at once, or a rejection from a page left
open after someone accepted): the claim and the suggestion_rejection row were both stored, and the model
learned two opposite labels. suggestion_outcome replaces suggestion_rejection: every claim and every
rejection is a row, unique per (article_id, start, end), so the database keeps only the first decision.

Upgrade: a row per claim (the oldest claim of a span, should two share one), then a row per rejection whose
span has no claim (where both were stored, the claim stands: it is what the desk went on to work on).
Downgrade: the rejections go back to suggestion_rejection; the claims need no row there.

Revision ID: 0013_suggestion_outcome
Revises: 0012_seal_totp_secrets
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_suggestion_outcome'
down_revision = '0012_seal_totp_secrets'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'suggestion_outcome',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.Enum('claimed', 'rejected', name='span_outcome', native_enum=False,
                                     create_constraint=True, length=32), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(outcome = 'claimed' AND claim_id IS NOT NULL) OR (outcome = 'rejected' AND claim_id IS NULL)",
                           name=op.f('ck_suggestion_outcome_claim_iff_claimed')),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name=op.f('ck_suggestion_outcome_span')),
        sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_suggestion_outcome_article_id_article'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_suggestion_outcome_claim_id_claim'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_suggestion_outcome_decided_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_outcome')),
        sa.UniqueConstraint('article_id', 'start', 'end', name=op.f('uq_suggestion_outcome_article_id')),
        sa.UniqueConstraint('claim_id', name=op.f('uq_suggestion_outcome_claim_id')),
    )
    op.execute(
        'INSERT INTO suggestion_outcome (article_id, start, "end", outcome, claim_id, decided_by_id, created_at) '
        'SELECT article_id, start, "end", \'claimed\', id, created_by_id, created_at FROM claim '
        'WHERE id IN (SELECT MIN(id) FROM claim GROUP BY article_id, start, "end")'
    )
    op.execute(
        'INSERT INTO suggestion_outcome (article_id, start, "end", outcome, claim_id, decided_by_id, created_at) '
        'SELECT r.article_id, r.start, r."end", \'rejected\', NULL, r.rejected_by_id, r.created_at '
        'FROM suggestion_rejection r WHERE NOT EXISTS (SELECT 1 FROM claim c WHERE c.article_id = r.article_id '
        'AND c.start = r.start AND c."end" = r."end")'
    )
    with op.batch_alter_table('suggestion_rejection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_rejection_article_id'))
    op.drop_table('suggestion_rejection')


def downgrade():
    op.create_table(
        'suggestion_rejection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('rejected_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_suggestion_rejection_article_id_article'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rejected_by_id'], ['user.id'], name=op.f('fk_suggestion_rejection_rejected_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_rejection')),
        sa.UniqueConstraint('article_id', 'start', 'end', name='span'),
    )
    with op.batch_alter_table('suggestion_rejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_rejection_article_id'), ['article_id'], unique=False)
    op.execute(
        'INSERT INTO suggestion_rejection (article_id, start, "end", rejected_by_id, created_at) '
        'SELECT article_id, start, "end", decided_by_id, created_at FROM suggestion_outcome WHERE outcome = \'rejected\''
    )
    op.drop_table('suggestion_outcome')
