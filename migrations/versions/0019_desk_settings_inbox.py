"""desk settings and the inbox: notifications (with the unread index and their e-mail state), and on each user
the public-name opt-in and the kinds of notification they want by e-mail

Revision ID: 0019_desk_settings_inbox
Revises: 0017_match_vectors
Create Date: 2026-12-07

The desk's settings themselves live in the existing desk_setting table (key, value).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_desk_settings_inbox'
down_revision = '0017_match_vectors'
branch_labels = None
depends_on = None

KINDS = ('assigned', 'approval_requested', 'sent_back', 'recheck_due', 'source_gone')
MAIL_STATES = ('pending', 'sent', 'failed')


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='notification_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_state', sa.Enum(*MAIL_STATES, name='notification_mail_state', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_notification_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_notification_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_notification_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['user.id'], name=op.f('fk_notification_recipient_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_notification_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_recipient_unread', ['recipient_id', 'read_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_source_id'), ['source_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_name', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('mail_kinds', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('mail_kinds')
        batch_op.drop_column('public_name')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_source_id'))
        batch_op.drop_index(batch_op.f('ix_notification_article_id'))
        batch_op.drop_index(batch_op.f('ix_notification_claim_id'))
        batch_op.drop_index('ix_notification_recipient_unread')

    op.drop_table('notification')
