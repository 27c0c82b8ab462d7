"""Two-factor login: TOTP from an authenticator app, one-time recovery codes, and the desk's requirement."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time

import pyotp
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from app.extensions import db
from app.i18n import _l
from app.models import User
from app.models.base import utcnow
from app.models.user import DeskSetting, RecoveryCode
from app.services import audit
from app.services.errors import ValidationError
from app.services.permissions import require, require_actor
from app.services.secret_box import UnreadableSecret, box
from app.services.users import end_sessions

RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
# Codes one step either side of now are accepted: phones' clocks drift and people type slowly.
WINDOW = 1
REQUIRED_SETTING = "two_factor_required"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
# A set-up secret sealed for the browser's session opens for this long: an abandoned set-up page's secret
# does not stay usable in a cookie for ever.
SETUP_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


def new_secret() -> str:
    """A fresh random TOTP secret (base32, 160 bits)."""
    return pyotp.random_base32(32)


def valid_secret(secret: object) -> bool:
    return isinstance(secret, str) and re.fullmatch(r"[A-Z2-7]{32}", secret) is not None


def seal_setup_secret(user: User, secret: str) -> str:
    """The set-up secret sealed for the session cookie, which is signed but readable by whoever sees it.

    It is bound to the account and its session generation: a set-up left in a shared browser is not
    offered to the next account that logs in there (whose codes the first person's phone would make).
    """
    return box().seal(f"{user.id}:{user.session_epoch}:{secret}")


def open_setup_secret(user: User, sealed: object) -> str | None:
    """The set-up secret from its sealed form, or None (missing, expired, another account or generation,
    tampered with, another key)."""
    if not isinstance(sealed, str):
        return None
    try:
        owner, epoch, secret = box().open(sealed, ttl=SETUP_SECONDS).split(":", 2)
    except (UnreadableSecret, ValueError):
        return None
    if owner != str(user.id) or epoch != str(user.session_epoch) or not valid_secret(secret):
        return None
    return secret


def secret_of(user: User) -> str | None:
    """The account's TOTP secret in clear, or None when it is off or sealed under a key this desk lacks."""
    if not user.totp_secret:
        return None
    try:
        return box().open(user.totp_secret)
    except UnreadableSecret:
        # Restored from a desk with another SECRET_KEY, or the key changed without a fallback: codes cannot
        # work; recovery codes still do, and an admin can reset two-factor.
        log.warning("The TOTP secret of user %s opens with no configured SECRET_KEY", user.id)
        return None


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """The otpauth://totp/… address an authenticator app reads (from the QR code or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _clean(code: object) -> str:
    if not isinstance(code, str):
        return ""
    return re.sub(r"[\s-]", "", code)[:64].lower()


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (around now) whose TOTP code this is, or None."""
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now if now is not None else time.time()) // STEP_SECONDS
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    db.session.flush()
    return codes


def _code_error(field: str = "code") -> ValidationError:
    return ValidationError(_l("That code is not right."),
                           {field: _l("Wrong or already used code: type the current code from your app, "
                                     "or an unused recovery code.")})


def enable(user: User, secret: str, code: str, now: float | None = None) -> list[str]:
    """Turn two-factor on with the secret the user's app was given, proven by one of its codes.

    Returns the ten recovery codes: shown once, only their hashes are kept. Other sessions end.
    """
    if user.two_factor_enabled:
        raise ValidationError(_l("Two-factor login is already on."), {})
    if not valid_secret(secret):
        raise ValidationError(_l("The set-up has expired; scan the new QR code."), {})
    step = _matching_step(secret, _clean(code), now)
    if step is None:
        raise _code_error()
    user.totp_secret = box().seal(secret)
    user.two_factor_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    end_sessions(user)
    audit.record(user, "two_factor_enabled", user)
    return codes


def verify(user: User, code: object, now: float | None = None) -> str | None:
    """Accept a code once: "totp" or "recovery" when it is good and unused, else None.

    Both checks are conditional UPDATEs, so two requests racing with one code cannot both win.
    """
    if not user.two_factor_enabled:
        return None
    cleaned = _clean(code)
    secret = secret_of(user)
    step = _matching_step(secret, cleaned, now) if secret else None
    if step is not None:
        won = db.session.execute(
            sa.update(User)
            .where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won == 1:
            user.totp_last_step = step
            db.session.flush()
            return "totp"
        return None
    if not re.fullmatch(r"[a-z0-9]{10}", cleaned):
        return None
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_code(cleaned),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if used == 1:
        audit.record(user, "recovery_code_used", user, note=str(recovery_codes_left(user)))
        return "recovery"
    return None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0


def _clear(user: User) -> None:
    user.totp_secret = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_sessions(user)


def disable(user: User, password: str, code: str, now: float | None = None) -> None:
    """Turn two-factor off: needs the password and a current code (or a recovery code)."""
    if not user.two_factor_enabled:
        raise ValidationError(_l("Two-factor login is not on."), {})
    if required_for(user):
        raise ValidationError(_l("This desk requires two-factor login for your role; an admin can reset it."), {})
    if not check_password_hash(user.password_hash, password or ""):
        raise ValidationError(_l("The password is wrong."), {"password": _l("Wrong password.")})
    if verify(user, code, now) is None:
        raise _code_error()
    _clear(user)
    audit.record(user, "two_factor_disabled", user)


def regenerate_recovery_codes(user: User, code: str, now: float | None = None) -> list[str]:
    """Ten new recovery codes for old ones (all of which stop working), proven by a current code."""
    if not user.two_factor_enabled:
        raise ValidationError(_l("Two-factor login is not on."), {})
    if verify(user, code, now) is None:
        raise _code_error()
    codes = _new_recovery_codes(user)
    audit.record(user, "recovery_codes_renewed", user)
    return codes


def reset(actor: User | None, user: User) -> None:
    """An admin (or the command line: actor None) turns a user's two-factor off (a lost phone); the user's
    sessions end. Recorded in the account's history."""
    require_actor(actor, "manage_users")
    if user.two_factor_enabled or user.totp_secret:
        _clear(user)
        audit.record(actor, "two_factor_reset", user)


def rotate_secrets() -> dict:
    """Re-seal every stored TOTP secret under the current SECRET_KEY (after a key change with the old key
    in SECRET_KEY_FALLBACKS). Counts what was re-sealed and already current; lists the accounts whose
    secret no configured key opens (they need `users reset-two-factor`)."""
    counts: dict = {"resealed": 0, "current": 0, "unreadable": []}
    rows = db.session.execute(sa.select(User.id, User.email, User.totp_secret)
                              .where(User.totp_secret.is_not(None)).order_by(User.id)).all()
    for user_id, email, sealed in rows:
        if box().is_current(sealed):
            counts["current"] += 1
            continue
        try:
            resealed = box().reseal(sealed)
        except UnreadableSecret:
            counts["unreadable"].append(email)
            continue
        # Only if it is still the value read: a user who set two-factor up again meanwhile keeps the new one.
        counts["resealed"] += db.session.execute(
            sa.update(User).where(User.id == user_id, User.totp_secret == sealed).values(totp_secret=resealed)
            .execution_options(synchronize_session=False)
        ).rowcount
    return counts


def is_required() -> bool:
    """Whether editors and admins must use two-factor login (a desk setting)."""
    setting = db.session.get(DeskSetting, REQUIRED_SETTING)
    return setting is not None and setting.value == "1"


def set_required(actor: User, required: bool) -> None:
    require(actor, "manage_users")
    before = is_required()
    if before == required:
        return
    setting = db.session.get(DeskSetting, REQUIRED_SETTING)
    if setting is None:
        setting = DeskSetting(key=REQUIRED_SETTING)
        db.session.add(setting)
    setting.value = "1" if required else "0"
    db.session.flush()
    audit.record(actor, "updated", setting, field=REQUIRED_SETTING, before=before, after=required)


def required_for(user: User) -> bool:
    return user.has_role("editor") and is_required()


def needs_setup(user: User) -> bool:
    """The user must turn two-factor on before using the desk."""
    return not user.two_factor_enabled and required_for(user)
