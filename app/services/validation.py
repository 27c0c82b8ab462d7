"""Input checking shared by the pages, the API and the CLI: one set of rules, one place.

A `Checker` reads values out of a mapping (parsed JSON, or form data as strings), collects a
message per bad field, and raises one ValidationError naming them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from app.i18n import _l, _nl
from app.services.errors import ValidationError

_MISSING = object()
# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
DIGITS = re.compile(r"[0-9]{1,18}")
# Ids and counts are 32-bit in the database; anything larger is refused rather than overflowing a driver.
INT_MAX = 2**31 - 1


def like_escape(text: str) -> str:
    """Text for a LIKE pattern with its wildcards taken literally (use with escape='\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def utc_today() -> dt.date:
    """Today's date in UTC, the desk's one calendar."""
    return dt.datetime.now(dt.UTC).date()
# Characters that have no business in stored text: C0 controls other than tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Checker:
    def __init__(self, data: Mapping[str, Any] | None, prefix: str = ""):
        if data is not None and not isinstance(data, Mapping):
            raise ValidationError(_l("Expected a JSON object."), {prefix.rstrip(".") or "body": _l("Must be an object.")})
        self.data = data or {}
        self.prefix = prefix
        self.errors: dict[str, str] = {}

    def has(self, name: str) -> bool:
        return name in self.data

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(self.prefix + name, message)

    def _get(self, name: str) -> Any:
        value = self.data.get(name, _MISSING)
        return _MISSING if value is None else value

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_len: int | None = None,
        default: str | None = None,
        strip: bool = True,
        allow_blank: bool = True,
    ) -> str | None:
        value = self._get(name)
        if value is _MISSING or (isinstance(value, str) and strip and not value.strip() and not allow_blank):
            if required:
                self.error(name, _l("This field is required."))
            return default
        if not isinstance(value, str):
            self.error(name, _l("Must be a string."))
            return default
        if strip:
            value = value.strip()
        if _CONTROL.search(value):
            self.error(name, _l("Contains control characters."))
            return default
        if required and not value:
            self.error(name, _l("This field is required."))
            return default
        if max_len is not None and len(value) > max_len:
            self.error(name, _nl("Too long: %(length)s characters, the limit is %(num)d.",
                                 "Too long: %(length)s characters, the limit is %(num)d.", max_len, length=len(value)))
            return default
        return value

    def choice(self, name: str, choices: Iterable[Any], *, required: bool = False, default: Any = None) -> Any:
        value = self._get(name)
        choices = tuple(choices)
        if value is _MISSING or value == "":
            if required:
                self.error(name, _l("This field is required."))
            return default
        if isinstance(value, str) and all(isinstance(c, int) for c in choices) and DIGITS.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, bool) or value not in choices:
            self.error(name, _l("Must be one of: %(values)s.", values=", ".join(str(c) for c in choices)))
            return default
        return value

    def integer(
        self, name: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        value = self._get(name)
        if value is _MISSING or value == "":
            if required:
                self.error(name, _l("This field is required."))
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,18}\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(name, _l("Must be a whole number."))
            return None
        if minimum is not None and value < minimum:
            self.error(name, _l("Must be at least %(min)s.", min=minimum))
            return None
        maximum = INT_MAX if maximum is None else maximum
        if value > maximum:
            self.error(name, _l("Must be at most %(max)s.", max=maximum))
            return None
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._get(name)
        if value is _MISSING:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on", "y"):
            return True
        if isinstance(value, str) and value.lower() in ("0", "false", "no", "off", "n", ""):
            return False
        self.error(name, _l("Must be true or false."))
        return default

    def date(self, name: str, *, required: bool = False) -> dt.date | None:
        value = self._get(name)
        if value is _MISSING or value == "":
            if required:
                self.error(name, _l("This field is required."))
            return None
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            self.error(name, _l("Must be a date as YYYY-MM-DD."))
            return None
        text = value.strip()
        try:
            if len(text) > 10:
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(name, _l("Must be a date as YYYY-MM-DD."))
            return None

    def raise_if_errors(self, message: Any = None) -> None:
        if self.errors:
            raise ValidationError(message or _l("Some fields are not valid."), dict(self.errors))


def check_version(data: Mapping[str, Any]) -> int:
    """The `version` a write is based on; required for every claim write."""
    checker = Checker(data)
    version = checker.integer("version", required=True, minimum=1)
    checker.raise_if_errors(_l("Every change to a claim must say which version it is based on."))
    assert version is not None
    return version
