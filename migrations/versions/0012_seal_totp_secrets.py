"""seal TOTP secrets: user.totp_secret holds a Fernet token under a key derived from SECRET_KEY, not the seed

Revision ID: 0012_seal_totp_secrets
Revises: 0011_suggestion_run
Create Date: 2026-12-08

Upgrade seals every clear secret; downgrade opens them again (with SECRET_KEY or one of
SECRET_KEY_FALLBACKS). Both need the desk's SECRET_KEY, read from the app that runs the migration, and stop
with a clear message when it is missing or opens nothing. The key derivation is written out here, frozen,
as app/services/secret_box.py does it for version 1.
"""
import base64
import re

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

revision = "0012_seal_totp_secrets"
down_revision = "0011_suggestion_run"
branch_labels = None
depends_on = None

INFO = b"claimdesk totp-secret v1"
CLEAR = re.compile(r"[A-Z2-7]{16,64}=*")
user = sa.table("user", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _fernet(key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> list[str]:
    config = current_app.config
    keys = [k for k in (config.get("SECRET_KEY"), *(config.get("SECRET_KEY_FALLBACKS") or ())) if k]
    if not keys:
        raise RuntimeError("Migration 0012 seals the two-factor secrets with a key derived from SECRET_KEY, and "
                           "SECRET_KEY is not set: set it (the same as the desk runs with) and run `db upgrade` again.")
    return keys


def _rows(connection) -> list[tuple[int, str]]:
    stmt = sa.select(user.c.id, user.c.totp_secret).where(user.c.totp_secret.is_not(None))
    return [(row.id, row.totp_secret) for row in connection.execute(stmt)]


def upgrade():
    connection = op.get_bind()
    # Everything that can stop the migration is settled before the first change: SQLite does not undo DDL.
    rows = [(uid, secret) for uid, secret in _rows(connection) if CLEAR.fullmatch(secret)]
    fernet = _fernet(_keys()[0]) if rows else None
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)
    for uid, secret in rows:
        sealed = fernet.encrypt(secret.encode()).decode("ascii")
        connection.execute(user.update().where(user.c.id == uid).values(totp_secret=sealed))


def downgrade():
    connection = op.get_bind()
    rows = [(uid, secret) for uid, secret in _rows(connection) if not CLEAR.fullmatch(secret)]
    fernet = MultiFernet([_fernet(key) for key in _keys()]) if rows else None
    opened = []
    for uid, sealed in rows:
        try:
            opened.append((uid, fernet.decrypt(sealed.encode("ascii")).decode()))
        except (InvalidToken, UnicodeError, ValueError):
            raise RuntimeError(f"Migration 0012 cannot open the two-factor secret of user {uid} with SECRET_KEY or "
                               "SECRET_KEY_FALLBACKS: set the key it was sealed with, or reset that user's "
                               "two-factor (`flask --app wsgi users reset-two-factor`) first.") from None
    for uid, secret in opened:
        connection.execute(user.update().where(user.c.id == uid).values(totp_secret=secret))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
