"""Input checking shared by the pages, the API and the CLI: one set of rules, one place.

A `Checker` reads values out of a mapping (parsed JSON, or form data as strings), collects a
message per bad field, and raises one ValidationError naming them all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from app.i18n import _l, _nl
from app.services.errors import Malformed, ValidationError

_MISSING = object()
# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
DIGITS = re.compile(r"[0-9]{1,18}")
# Arabic-Indic and Persian digits as Western ones (٤٢ and ۴۲ are 42).
_WESTERN_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
# Ids and counts are 32-bit in the database; anything larger is refused rather than overflowing a driver.
INT_MAX = 2**31 - 1


def like_escape(text: str) -> str:
    """Text for a LIKE pattern with its wildcards taken literally (use with escape='\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def utc_today() -> dt.date:
    """Today's date in UTC, the desk's one calendar."""
    return dt.datetime.now(dt.UTC).date()
# Characters no stored text may hold: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates (no UTF-8 can
# carry them, so neither the database nor an answer could encode them). Refused everywhere, keys included.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# And what a text field refuses on top: the other C0 controls but tab, newline and carriage return, and DEL.
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{CONTROL_CLASS}\ud800-\udfff]")
# The same rule as a JSON Schema pattern, for the API document (JSON cannot carry a lone surrogate at all).
TEXT_PATTERN = f"^[^{CONTROL_CLASS}]*$"
# JSON nested deeper than this is refused before anything walks it (no request needs more than a few levels).
MAX_JSON_DEPTH = 32


def text_problem(value: str, *, controls: bool = True, in_name: bool = False) -> str | None:
    """Why `value` cannot be stored as text, or None; controls=False checks only what no storage can hold."""
    found = (_CONTROL if controls else _UNSTORABLE).search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return _l("The name contains a NUL character.") if in_name else _l("Contains a NUL character.")
    if "\ud800" <= char <= "\udfff":
        if in_name:
            return _l("The name contains a lone UTF-16 surrogate (not a character).")
        return _l("Contains a lone UTF-16 surrogate (not a character).")
    return _l("The name contains control characters.") if in_name else _l("Contains control characters.")


def _too_deep(max_depth: int) -> Any:
    return _nl("At most %(num)d level.", "At most %(num)d levels.", max_depth)


def printable(value: str) -> str:
    """`value` with lone surrogates replaced by U+FFFD, so that an answer quoting bad input still encodes."""
    return _SURROGATE.sub("\ufffd", value)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def decode_json(raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The one way a JSON document gets in (API bodies, uploaded and imported files).

    Strict UTF-8, strict JSON (no NaN or Infinity), at most `max_depth` levels, and no NUL or lone surrogate in
    any key or string. Malformed input raises Malformed (400); unstorable text raises ValidationError (422)
    naming the fields.
    """
    if isinstance(raw, bytes | bytearray):
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Malformed(_l("The body is not valid UTF-8."),
                            {"body": _l("Invalid byte at position %(position)s.", position=exc.start)}) from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise Malformed(_l("The JSON is nested too deeply."), {"body": _too_deep(max_depth)}) from None
    except ValueError as exc:
        message = printable(exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc))
        if isinstance(exc, json.JSONDecodeError):  # the parser's own words stay English; where it stopped is ours
            detail = _l("%(error)s (line %(line)s, column %(column)s).", error=message, line=exc.lineno, column=exc.colno)
        else:
            detail = _l("%(error)s.", error=message)
        raise Malformed(_l("The body is not valid JSON."), {"body": detail}) from None
    check_json_tree(data, max_depth=max_depth)
    return data


def check_json_tree(data: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse a decoded JSON value nested deeper than max_depth, or holding NUL or a lone surrogate anywhere."""
    errors: dict[str, str] = {}
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value, controls=False)
            if problem:
                errors.setdefault(path or "body", problem)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= max_depth:
            raise Malformed(_l("The JSON is nested too deeply."), {"body": _too_deep(max_depth)})
        if isinstance(value, list):
            stack.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value))
            continue
        for key, item in value.items():
            name = f"{path}.{printable(key)}" if path else printable(key)
            problem = text_problem(key, controls=False, in_name=True)
            if problem:
                errors.setdefault(name, problem)
            stack.append((item, name, depth + 1))
        if len(errors) >= 20:
            break
    if errors:
        raise ValidationError(_l("Some text cannot be stored."), dict(sorted(errors.items())[:20]))


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
        # Checked before stripping: str.strip() also removes the separators \x1c-\x1f, which are refused.
        problem = text_problem(value)
        if problem:
            self.error(name, problem)
            return default
        if strip:
            value = value.strip()
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
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,18}\s*", value.translate(_WESTERN_DIGITS)):
            value = int(value.translate(_WESTERN_DIGITS))  # a number typed in Arabic-Indic digits counts too
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
