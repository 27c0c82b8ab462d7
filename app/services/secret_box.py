"""Secrets the desk must read back (TOTP seeds) sealed with Fernet under a key derived from SECRET_KEY.

Sealing always uses the current SECRET_KEY; opening tries it, then each of SECRET_KEY_FALLBACKS, so a key
can be rotated: list the old key as a fallback, then `flask --app wsgi users rotate-secrets` re-seals every
stored secret under the new one. The key is derived by HKDF with a fixed label, so the secret that signs
cookies is never itself the encryption key.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Fixed forever for what is already sealed: migration 0012 derives the same key with the same label.
INFO = b"claimdesk totp-secret v1"


class UnreadableSecret(Exception):
    """The sealed value opens with none of the configured keys (another desk's key, or damaged)."""


def derive_key(secret_key: str | bytes) -> bytes:
    """The Fernet key (url-safe base64 of 32 bytes) for one SECRET_KEY."""
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(material)
    return base64.urlsafe_b64encode(derived)


class SecretBox:
    """Seal with the first key; open with any of them."""

    def __init__(self, secret_key: str | bytes, fallbacks: Iterable[str | bytes] = ()):
        keys = [key for key in (secret_key, *fallbacks) if key]
        if not keys:
            raise ValueError("SECRET_KEY is empty: secrets cannot be sealed without it.")
        self._current = Fernet(derive_key(keys[0]))
        self._any = MultiFernet([Fernet(derive_key(key)) for key in keys])

    def seal(self, plain: str) -> str:
        return self._current.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str, ttl: int | None = None) -> str:
        """The secret in clear; with ttl, only when it was sealed at most ttl seconds ago."""
        try:
            return self._any.decrypt(sealed.encode("ascii"), ttl=ttl).decode()
        except (InvalidToken, UnicodeError, ValueError):
            raise UnreadableSecret from None

    def is_current(self, sealed: str) -> bool:
        """Whether the value is sealed under the current key (rotation has nothing to do for it)."""
        try:
            self._current.decrypt(sealed.encode("ascii"))
        except (InvalidToken, UnicodeError, ValueError):
            return False
        return True

    def reseal(self, sealed: str) -> str:
        """The same secret sealed under the current key (UnreadableSecret when no key opens it)."""
        try:
            return self._any.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError, ValueError):
            raise UnreadableSecret from None


_box: SecretBox | None = None


def configure(config: dict) -> None:
    """Take the keys from the app's configuration (at start-up, after SECRET_KEY is settled)."""
    global _box
    _box = SecretBox(config.get("SECRET_KEY") or "", config.get("SECRET_KEY_FALLBACKS") or ())


def box() -> SecretBox:
    if _box is None:
        raise RuntimeError("secret_box.configure(app.config) has not run: create the app first.")
    return _box
