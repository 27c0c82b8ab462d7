"""Password rules: long enough, not common, not a repetition or a sequence, not the user's own name or e-mail."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from app.i18n import _l, _nl
from app.services.errors import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_LIST = Path(__file__).with_name("data") / "common-passwords.txt"

# Rows a finger runs along; a password walking one of them (either way) is a sequence.
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedcrfvtgbyhnujmikolp")
# Characters people swap for letters ("p@ssw0rd"); undone before the list is consulted.
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (see the file's header for its source)."""
    with open(COMMON_LIST, encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip() and not line.startswith("#"))


def _neighbours(a: str, b: str) -> bool:
    """b follows a (or precedes it) in the alphabet, the digits, or along a keyboard row."""
    if a.isalnum() and b.isalnum() and abs(ord(a) - ord(b)) == 1:
        return True
    return any(a + b in row or b + a in row for row in _KEYBOARD_ROWS)


def _sequence_cover(text: str) -> int:
    """How many characters of text sit in runs of three or more neighbouring characters."""
    covered, run = 0, 1
    for i in range(1, len(text) + 1):
        if i < len(text) and _neighbours(text[i - 1], text[i]):
            run += 1
            continue
        if run >= 3:
            covered += run
        run = 1
    return covered


def _core(text: str) -> str:
    """The password without the digits and symbols added at either end ("Password1234!" -> "password")."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text)


def _personal_parts(email: str | None, name: str | None) -> list[str]:
    parts: list[str] = [email.lower()] if email else []
    local = (email or "").split("@")[0].lower()
    for whole in (local, (name or "").lower()):
        pieces = [p for p in re.split(r"[\W_]+", whole) if p]
        joined = "".join(pieces)
        if len(joined) >= 3:
            parts.append(joined)
        parts.extend(p for p in pieces if len(p) >= 4)
    return parts


def problem(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """Why this password would be easy to guess (a sentence for the person choosing it), or None."""
    if len(password) < MIN_LENGTH:
        return _nl("At least %(num)d character.", "At least %(num)d characters.", MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _nl("At most %(num)d character.", "At most %(num)d characters.", MAX_LENGTH)
    lowered = password.lower()
    if len(set(lowered)) < 4 or re.fullmatch(r"(.{1,%s}?)\1+" % (len(lowered) // 2), lowered):  # noqa: UP031
        return _l("This password repeats the same few characters; choose something less regular.")
    if len(lowered) - _sequence_cover(lowered) < 4:
        return _l("This password is a sequence (like 123456 or qwerty); choose something less regular.")
    common = common_passwords()
    core = _core(lowered)
    if lowered in common or (len(core) >= 3 and (core in common or core.translate(_LEET) in common
                                                 or _core(lowered.translate(_LEET)) in common)):
        return _l("This is one of the most common passwords (digits or symbols added to it do not help).")
    for part in _personal_parts(email, name):
        if part in lowered:
            return _l("A password must not contain your name or your e-mail address.")
    return None


def check(password: object, field: str = "password", *, email: str | None = None, name: str | None = None) -> str:
    """The password, or a ValidationError on `field` saying why it was refused."""
    if not isinstance(password, str) or not password:
        raise ValidationError(_l("A password is required."), {field: _l("This field is required.")})
    reason = problem(password, email=email, name=name)
    if reason is not None:
        raise ValidationError(_l("This password was refused."), {field: reason})
    return password
