"""user reading preferences: time zone and digits (the language column exists already)

Revision ID: 0005_user_preferences
Revises: 0004_two_factor
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = "0005_user_preferences"
down_revision = "0004_two_factor"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("digits", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("digits")
        batch_op.drop_column("timezone")
