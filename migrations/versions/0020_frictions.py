"""frictions and dashboard: an article's body hash (the same text pasted twice is found), and the indexes the
dashboard's weekly aggregates walk (claims opened, approved, open per assignee; state and verdict changes)

Upgrade: the new column is filled for every article from its stored body (spacing folded, then SHA-256).
Downgrade: the column and the indexes go.

Revision ID: 0020_frictions
Revises: 0019_desk_settings_inbox
Create Date: 2026-12-07

"""
import hashlib
import re
import unicodedata

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_frictions'
down_revision = '0019_desk_settings_inbox'
branch_labels = None
depends_on = None


def _body_hash(body):
    # A copy of app.services.articles.body_hash as it stood when this migration was written.
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def upgrade():
    with op.batch_alter_table('article') as batch:
        batch.add_column(sa.Column('body_hash', sa.String(length=64), nullable=True))
        batch.create_index('ix_article_body_hash', ['body_hash'], unique=False)
    article = sa.table('article', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                       sa.column('body_hash', sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(article.c.id, article.c.body)).all()
    for row_id, body in rows:
        conn.execute(article.update().where(article.c.id == row_id).values(body_hash=_body_hash(body or "")))
    op.create_index('ix_claim_created_at', 'claim', ['created_at'], unique=False)
    op.create_index('ix_claim_approved_at', 'claim', ['approved_at', 'created_at'], unique=False)
    op.create_index('ix_claim_state_assignee', 'claim', ['state', 'assignee_id'], unique=False)
    op.create_index('ix_event_field_time', 'event', ['field', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_event_field_time', table_name='event')
    op.drop_index('ix_claim_state_assignee', table_name='claim')
    op.drop_index('ix_claim_approved_at', table_name='claim')
    op.drop_index('ix_claim_created_at', table_name='claim')
    with op.batch_alter_table('article') as batch:
        batch.drop_index('ix_article_body_hash')
        batch.drop_column('body_hash')
