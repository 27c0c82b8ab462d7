"""The known-device cookie: a browser that completed a login to an account keeps a signed note of it.

The account's login limit counts known devices apart from everyone else (app/auth/routes.py), so strangers'
failed passwords for an account cannot lock its owner out of the browsers they already use. The note for
an account is an HMAC of its id and password hash under SECRET_KEY: it names no account to whoever reads the
cookie, cannot be made without the key, and stops counting once the password changes. The cookie is only
sent to the login pages.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.models import User

COOKIE = "claimdesk_device"
MAX_AGE = 180 * 24 * 3600
# Accounts one browser remembers (a shared desk computer): the most recent ones.
MAX_ACCOUNTS = 5
_SALT = "claimdesk.known-device"


def _serializer() -> URLSafeTimedSerializer:
    # itsdangerous signs with the last key and accepts any: old keys keep known devices known after rotation.
    keys = [*(current_app.config.get("SECRET_KEY_FALLBACKS") or ()), current_app.config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt=_SALT)


def _mark(user: User, key: str | None = None) -> str:
    message = f"known-device:{user.id}:{user.password_hash}".encode()
    key = key or current_app.config["SECRET_KEY"]
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


def _marks() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        marks = _serializer().loads(raw, max_age=MAX_AGE)
    except BadSignature:  # includes an expired note
        return []
    return [m for m in marks if isinstance(m, str)][:MAX_ACCOUNTS] if isinstance(marks, list) else []


def is_known(user: User) -> bool:
    """Whether this browser has logged in to this account (with its current password) before."""
    keys = [current_app.config["SECRET_KEY"], *(current_app.config.get("SECRET_KEY_FALLBACKS") or ())]
    wanted = [_mark(user, key) for key in keys]
    return any(hmac.compare_digest(mark, m) for m in _marks() for mark in wanted)


def remember(response: Response, user: User) -> Response:
    """Note on the response that this browser has now logged in to this account."""
    mark = _mark(user)
    marks = [mark, *(m for m in _marks() if m != mark)][:MAX_ACCOUNTS]
    response.set_cookie(COOKIE, _serializer().dumps(marks), max_age=MAX_AGE, path="/login", httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), samesite="Lax")
    return response
