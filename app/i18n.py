"""Translatable messages for code that must not import Flask (the services, the suggestion engine).

`_l("No claim %(id)s.", id=7)` and `_nl("%(num)d claim", "%(num)d claims", n)` are seen by `pybabel
extract` (see babel.cfg) and stay lazy: they become text only when shown. Inside a request they speak
the request's language (Flask-Babel's catalogue); anywhere else (CLI, jobs, plain tests) the language
of the environment's catalogue, English by default. The API and the pages therefore answer in the
same language the request asked for, and nothing in app/services/ needs Flask to say it.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any


def babel_state() -> SimpleNamespace | None:
    """The current context's language state: ``locale`` and ``translations``, plus whatever the interface
    adds (app/localization.py keeps the reader's digits and zone there). None outside an app context.

    Kept on ``g`` for as long as Flask-Babel's locale for this context is the same object: its
    ``refresh()`` and ``force_locale()`` give another, and so another state.
    """
    from flask import g, has_app_context
    from flask_babel import get_locale, get_translations

    if not has_app_context():
        return None
    locale = get_locale()  # Flask-Babel runs the selector once per context and keeps its answer
    state = g.get("claimdesk_language_state")
    if state is not None and state.locale is locale:
        return state
    state = SimpleNamespace(locale=locale, translations=get_translations(),
                            language=locale.language if locale is not None else "en")
    g.claimdesk_language_state = state
    return state


def forget_state() -> None:
    """Drop the kept state (after the reader's settings change within a request)."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop("claimdesk_language_state", None)


def _translate(singular: str, plural: str | None, n: int | None) -> str:
    """The message in the current language (the catalogue's text, placeholders not yet filled)."""
    state = babel_state()
    if state is None:
        return singular if plural is None or n == 1 else plural
    if plural is None:
        return state.translations.ugettext(singular)
    return state.translations.ungettext(singular, plural, n or 0)


_INTEGER_PLACEHOLDER = re.compile(r"%\((\w+)\)d")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reader_number(value: int | float) -> str:
    return _reader_number_text(str(value))


def _reader_number_text(text: str) -> str:
    from app.localization import digits  # the interface's digits read the request (as LazyLabel does)

    return digits(text)


class LazyNumber:
    """A figure (a weight, a share) shown with the reader's separators and digits when it becomes text."""

    __slots__ = ("value", "pattern")

    def __init__(self, value: float, pattern: str | None = None):
        self.value, self.pattern = value, pattern

    def __str__(self) -> str:
        from app.localization import format_number

        return format_number(self.value, self.pattern)


class LazyText:
    """A message that is translated when it is turned into text (str(), a template, JSON)."""

    __slots__ = ("singular", "plural", "n", "params")

    def __init__(self, singular: str, plural: str | None = None, n: int | None = None, params: dict | None = None):
        self.singular = singular
        self.plural = plural
        self.n = n
        self.params = params or {}

    def __str__(self) -> str:
        text = _translate(self.singular, self.plural, self.n)
        values = {key: str(value) if isinstance(value, LazyText) else value for key, value in self.params.items()}
        if self.plural is not None:
            values.setdefault("num", self.n)
        if any(_is_number(value) for value in values.values()):
            # the desk's numbers (ids, counts) in the reader's digits; a person's text is never a number
            text = _INTEGER_PLACEHOLDER.sub(r"%(\1)s", text)
            values = {key: _reader_number(value) if _is_number(value) else value for key, value in values.items()}
        if values or self.plural is not None:
            try:
                return text % values
            except (KeyError, ValueError, TypeError):  # a broken translation must not hide the message
                return (self.singular if self.n == 1 or self.plural is None else self.plural) % values
        return text

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))

    def __repr__(self) -> str:
        return f"LazyText({self.singular!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, LazyText) else other)

    def __hash__(self) -> int:
        return hash(self.singular)

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, item: str) -> bool:
        return item in str(self)

    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)

    def __getattr__(self, name: str) -> Any:
        # str's own methods (startswith, lower, split, …) act on the text in the current language.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)


class LazyLabel(LazyText):
    """The name of a code (a state, a verdict…) in the current interface language, from the one label table."""

    __slots__ = ("kind", "code")

    def __init__(self, kind: str, code: Any):
        super().__init__(str(code))
        self.kind, self.code = kind, code

    def __str__(self) -> str:
        from app.reports.labels import labels_for

        language = current_language()
        if self.kind in ("grade", "credibility", "language"):
            try:
                from app.localization import label_in

                return label_in(language, self.kind, self.code)
            except ImportError:  # pragma: no cover
                return str(self.code)
        return str((labels_for(language).get(self.kind) or {}).get(self.code, self.code))


class LazyList(LazyText):
    """Items joined with the current language's comma (، in Arabic)."""

    __slots__ = ("items",)

    def __init__(self, items: Any):
        self.items = list(items)
        super().__init__(", ".join(str(i) for i in self.items))

    def __str__(self) -> str:
        return ("، " if current_language() == "ar" else ", ").join(str(i) for i in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class LazyChoice(LazyText):
    """A word the desk knows in both languages (a unit, a place's name), shown in the current one."""

    __slots__ = ("english", "arabic")

    def __init__(self, english: str, arabic: str):
        super().__init__(english)
        self.english, self.arabic = english, arabic

    def __str__(self) -> str:
        return self.arabic if current_language() == "ar" else self.english


class LazyDigits(LazyText):
    """A value written with digits (a date key, a fraction) in the reader's digits."""

    __slots__ = ()

    def __str__(self) -> str:
        return _reader_number_text(self.singular)


class LazySentences(LazyList):
    """Whole sentences one after the other (each ends with its own stop), in the current language."""

    __slots__ = ()

    def __str__(self) -> str:
        return " ".join(str(i) for i in self.items)


def current_language() -> str:
    """'ar' or 'en': the language messages are being rendered in now."""
    state = babel_state()
    if state is None:
        return "en"
    return state.language if state.language in ("ar", "en") else "en"


def label_of(kind: str, code: Any) -> LazyLabel:
    """A code's name (verdict, state, kind, role…) shown in the reader's language when the message is shown."""
    return LazyLabel(kind, code)


def kept(message: Any, limit: int = 300) -> str:
    """A message to store in a row and say later in the reader's language (told()): its msgid and values as
    JSON when they fit in `limit` characters, else the text as it reads now."""
    if isinstance(message, LazyText) and type(message) is LazyText and all(
            isinstance(v, str | int | float) for v in message.params.values()):
        stored = json.dumps({"msgid": message.singular, "plural": message.plural, "n": message.n,
                             "params": message.params}, ensure_ascii=False)
        if len(stored) <= limit:
            return stored
    return str(message)[:limit]


def told(stored: str | None) -> str:
    """A message kept by kept(), in the current language (text stored before then comes back as it is)."""
    if not stored or not stored.startswith('{"msgid"'):
        return stored or ""
    try:
        data = json.loads(stored)
        return str(LazyText(data["msgid"], data.get("plural"), data.get("n"), data.get("params") or {}))
    except (ValueError, KeyError, TypeError):
        return stored


def _l(message: str, **params: Any) -> LazyText:
    """A translatable message, with named %(placeholders)s filled from `params` once translated."""
    return LazyText(message, params=params)


def _nl(singular: str, plural: str, n: int, **params: Any) -> LazyText:
    """A translatable message whose form depends on the count `n` (`%(num)d` in the text is n)."""
    return LazyText(singular, plural, n, params)


def N_(message: str) -> str:
    """Marks a message for the catalogue where the text itself must stay a plain string (translated later)."""
    return message


def text(value: Any) -> Any:
    """Plain text for a message (lazy or not), for JSON and logs; other values unchanged."""
    return str(value) if isinstance(value, LazyText) else value
