"""Helpers for tests of two-factor login: codes an authenticator app would show, and turning it on."""

from __future__ import annotations

import time

import pyotp
import sqlalchemy as sa

from app.extensions import db
from app.models import User
from app.services import two_factor
from app.services.secret_box import box


def fresh_code(user_id: int) -> str:
    """A code the app shows in the accepted window that this account has not used yet (codes work once)."""
    sealed, last = db.session.execute(
        sa.select(User.totp_secret, User.totp_last_step).where(User.id == user_id)).one()
    secret = box().open(sealed)  # stored sealed; the phone has it in clear
    current = int(time.time()) // two_factor.STEP_SECONDS
    step = max(current - two_factor.WINDOW, (last if last is not None else -1) + 1)
    if step > current + two_factor.WINDOW:
        # Every code of this window is used: let the account's clock move on, as half a minute would.
        db.session.execute(sa.update(User).where(User.id == user_id).values(totp_last_step=current - 2))
        db.session.commit()
        step = current - two_factor.WINDOW
    return pyotp.TOTP(secret).generate_otp(step)


def turn_on(user: User) -> list[str]:
    """Two-factor on for user, through the service; returns the recovery codes."""
    secret = two_factor.new_secret()
    codes = two_factor.enable(user, secret, pyotp.TOTP(secret).now())
    db.session.commit()
    return codes


def raw_secret(user_id: int) -> str | None:
    """user.totp_secret as the database holds it, read with plain SQL."""
    with db.engine.connect() as connection:
        return connection.execute(sa.text('SELECT totp_secret FROM "user" WHERE id = :id'), {"id": user_id}).scalar()
