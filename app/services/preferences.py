"""A person's reading preferences: interface language, time zone and digits (no Flask)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from app.extensions import db
from app.i18n import _l
from app.models import User
from app.services.errors import ValidationError
from app.services.validation import Checker

LANGUAGES = ("ar", "en")
DIGIT_STYLES = ("western", "arabic")


@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted (Etc/ and legacy aliases left out)."""
    names = {name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/"))}
    return tuple(sorted(names | {"UTC"}))


def valid_timezone(name: str | None) -> bool:
    """True for a zone name the desk can show times in."""
    if not name or not isinstance(name, str) or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def set_language(user: User, language: str) -> None:
    """Remember the interface language chosen by a user."""
    if language not in LANGUAGES:
        raise ValidationError(_l("Choose Arabic or English."), {"language": _l("Choose Arabic or English.")})
    user.locale = language
    db.session.flush()


def update_preferences(user: User, data: Mapping[str, Any]) -> list[str]:
    """Set language, timezone and digits from `data` (each optional); returns the names that changed."""
    checker = Checker(data)
    language = checker.choice("language", LANGUAGES)
    digits = checker.choice("digits", DIGIT_STYLES)
    zone = checker.text("timezone", max_len=64)
    if zone and not valid_timezone(zone):
        checker.error("timezone", _l("Not a time zone this desk knows, e.g. Asia/Beirut or UTC."))
    checker.raise_if_errors(_l("Some settings are not valid."))
    changed = []
    for name, attribute, value in (("language", "locale", language), ("timezone", "timezone", zone),
                                   ("digits", "digits", digits)):
        if checker.has(name) and value is not None and getattr(user, attribute) != value:
            setattr(user, attribute, value)
            changed.append(name)
    db.session.flush()
    return changed
