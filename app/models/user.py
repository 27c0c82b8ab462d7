"""Users, their roles, and API tokens."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import ROLES, Base, UTCDateTime, enum_column, utcnow

ROLE_RANK = {"reviewer": 1, "editor": 2, "admin": 3}


class User(UserMixin, Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(enum_column(ROLES, "role"), default="reviewer")
    active: Mapped[bool] = mapped_column(default=True)
    # Reading preferences (None: follow the browser / the desk's configuration). See services/preferences.py.
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    digits: Mapped[str | None] = mapped_column(sa.String(16))
    # Public reports name this person only when they opted in here AND the desk allows it (desk settings).
    public_name: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The kinds of notification also sent by e-mail, comma-separated; None: the default (services/notifications.py).
    mail_kinds: Mapped[str | None] = mapped_column(sa.String(200))
    # The session generation, carried in every session and remember-me cookie: bumped on logout, password
    # change, deactivation and two-factor changes, so that every cookie issued before stops working.
    session_epoch: Mapped[int] = mapped_column(default=0)
    # Two-factor login (TOTP): the base32 secret, sealed (Fernet, key derived from SECRET_KEY: see
    # services/secret_box.py), when it was turned on (None: off), and the last time step a code was accepted
    # for, so that one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))
    two_factor_enabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                              passive_deletes=True)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def two_factor_enabled(self) -> bool:
        return self.two_factor_enabled_at is not None and bool(self.totp_secret)

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    # Only a SHA-256 of the token is kept: tokens are long random strings, so a slow hash adds nothing.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class RecoveryCode(Base):
    """A one-time code that stands in for an authenticator code; only its SHA-256 is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Codes are random (50 bits), so a fast hash is enough, as for API tokens.
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class DeskSetting(Base):
    """A desk-wide setting an admin changes from the pages (e.g. two-factor required for editors and admins)."""

    __tablename__ = "desk_setting"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
