"""Accounts: users, roles, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import NamedTuple

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.i18n import _l
from app.models import ApiToken, Event, User
from app.models.base import ROLES, utcnow
from app.services import audit, passwords
from app.services.errors import NotFound, PermissionDenied, ValidationError
from app.services.permissions import require, require_actor

MIN_PASSWORD = passwords.MIN_LENGTH
# A real hash to compare against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = generate_password_hash("timing-equaliser-not-a-password")


def normalise_email(raw: str) -> str:
    """A lower-cased, syntactically valid email address, or a ValidationError."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError(_l("An email address is required."), {"email": _l("This field is required.")})
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(_l("Not a valid email address."), {"email": str(exc)}) from None


def _check_password(password: str | None, field: str = "password", *, email: str | None = None,
                    name: str | None = None) -> str:
    """Every password that is set goes through here: length, common, regular, personal (see passwords)."""
    return passwords.check(password, field, email=email, name=name)


def generate_password() -> str:
    """A random password that passes the rules (a random one almost always does at once)."""
    while True:
        candidate = secrets.token_urlsafe(12)
        if passwords.problem(candidate) is None:
            return candidate


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("No user %(id)s.", id=user_id))
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


class Person(NamedTuple):
    id: int
    display_name: str


_PEOPLE = sa.select(User.id, User.name, User.email).where(User.active.is_(True)).order_by(User.email)


def people() -> tuple[Person, ...]:
    """The active users, as the pickers that assign claims list them: plain rows in one statement."""
    return tuple(Person(uid, name or email) for uid, name, email in db.session.execute(_PEOPLE))


def create_user(
    actor: User | None, email: str, role: str, password: str | None = None, name: str = ""
) -> tuple[User, str]:
    """Create a user; returns it with the password (generated when none is given). actor None = CLI."""
    require_actor(actor, "manage_users")
    email = normalise_email(email)
    if role not in ROLES:
        raise ValidationError(_l("Unknown role."), {"role": _l("Must be one of: %(values)s.", values=", ".join(ROLES))})
    if find_user(email) is not None:
        raise ValidationError(_l("That email is already registered."), {"email": _l("Already registered.")})
    if len(name) > 120:
        raise ValidationError(_l("Name too long."), {"name": _l("At most 120 characters.")})
    password = _check_password(password, email=email, name=name) if password else generate_password()
    user = User(email=email, role=role, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "created", user, after={"email": email, "role": role})
    return user, password


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same work done either way)."""
    user = find_user(email) if isinstance(email, str) else None
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationError(_l("The current password is wrong."), {"current_password": _l("Wrong password.")})
    _check_password(new, "new_password", email=user.email, name=user.name)
    user.password_hash = generate_password_hash(new)
    end_sessions(user)
    audit.record(user, "password_changed", user)


def end_sessions(user: User) -> None:
    """Every session and remember-me cookie of this user stops working (they carry the old generation)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def set_role(actor: User, user: User, role: str) -> None:
    require(actor, "manage_users")
    if role not in ROLES:
        raise ValidationError(_l("Unknown role."), {"role": _l("Must be one of: %(values)s.", values=", ".join(ROLES))})
    if user.id == actor.id and role != "admin":
        raise PermissionDenied(_l("You cannot take the admin role from yourself."))
    if role != user.role:
        audit.record(actor, "updated", user, field="role", before=user.role, after=role)
        user.role = role


def set_active(actor: User, user: User, active: bool) -> None:
    require(actor, "manage_users")
    if user.id == actor.id and not active:
        raise PermissionDenied(_l("You cannot deactivate yourself."))
    if active != user.active:
        audit.record(actor, "updated", user, field="active", before=user.active, after=active)
        user.active = active
        end_sessions(user)


def account_history(user: User, limit: int = 50) -> list[Event]:
    """The latest events about this account (role, status, password, two-factor), newest first."""
    stmt = (sa.select(Event).where(Event.object_type == "user", Event.object_id == user.id)
            .options(sa.orm.joinedload(Event.actor)).order_by(Event.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for user; the raw token is returned once and only its hash is stored."""
    if actor is not None and actor.id != user.id:
        require(actor, "manage_users")
    raw = "cd_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:120], token_hash=_hash_token(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "token_created", user, note=token.prefix)
    return token, raw


def revoke_token(actor: User, token: ApiToken) -> None:
    if actor.id != token.user_id:
        require(actor, "manage_users")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor, "token_revoked", token.user, note=token.prefix)


def user_by_id(user_id: int) -> User | None:
    """The user with this id, read from the database (a session's viewer, on every request)."""
    return db.session.get(User, user_id)


def user_for_token(raw: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    if not raw or len(raw) > 200:
        return None
    # One statement on every API call, so a revoked token or a deactivated user is refused at once.
    return db.session.scalar(
        sa.select(User).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _hash_token(raw), ApiToken.revoked_at.is_(None), User.active.is_(True)))
