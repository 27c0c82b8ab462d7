"""The reader's language, time zone and digits, and the template helpers that speak them.

Language, in order: the logged-in user's setting, the browser's cookie (set by the language switch),
the browser's Accept-Language, the desk's default. The JSON API follows Accept-Language only (then
English), so a client gets the same language on every call whoever the token belongs to; the public pages
(app/public) follow Accept-Language then the desk's default, so a shared cache may keep them. Outside a
request (CLI, jobs) the environment's LC_ALL / LC_MESSAGES / LANG decide, English by default.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.dates import format_skeleton, format_timedelta
from babel.dates import get_timezone as zone_named
from babel.numbers import format_decimal
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_timezone, gettext
from flask_babel import refresh as flask_babel_refresh
from jinja2 import pass_context, pass_eval_context
from markupsafe import Markup, escape

from app.anonymous import is_public
from app.i18n import babel_state, forget_state, told
from app.models.base import CONFIDENCES, CREDIBILITY, KINDS, ORIGINS, RELIABILITY, ROLES, STANCES, STATES, VERDICTS
from app.reports import labels as report_labels
from app.services import desk_settings
from app.services.preferences import DIGIT_STYLES, LANGUAGES, valid_timezone

COOKIE = "claimdesk_locale"
COOKIE_MAX_AGE = 365 * 24 * 3600
ENDONYMS = {"ar": "العربية", "en": "English"}
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MONTH_STYLES = ("egyptian", "levantine")
# CLDR's Arabic month names are the Egyptian (and Gulf) ones; a Levantine desk reads the Syriac names.
_EGYPTIAN = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")
_LEVANTINE = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
              "تشرين الثاني", "كانون الأول")
_MONTH_WORDS = re.compile("|".join(sorted(_EGYPTIAN, key=len, reverse=True)))
_ENGLISH = Locale("en")


# --- choosing the language, the zone and the digits -------------------------------------------------------

def _user():
    """The logged-in user, or None; never loops through an error page that asks for the locale again."""
    if g.get("_claimdesk_locale_busy"):
        return None
    g._claimdesk_locale_busy = True
    try:
        from flask_login import current_user

        user = current_user._get_current_object()
        return user if getattr(user, "is_authenticated", False) else None
    except Exception:  # noqa: BLE001 - a database hiccup while loading the user must not break the page
        return None
    finally:
        g._claimdesk_locale_busy = False


def _environment_locale() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def _desk(name: str, fallback_key: str, fallback: str) -> Any:
    """A desk setting (services/desk_settings.py: environment, else the settings page, else the default); the
    configuration alone when the database cannot answer (an error page while it is down: app/web.py's outage
    handler sets the flag that keeps the locale selector off the database)."""
    if g.get("_claimdesk_locale_busy"):
        return current_app.config.get(fallback_key) or fallback
    try:
        return desk_settings.value(name)
    except Exception:  # noqa: BLE001 - a page must still render without the database
        return current_app.config.get(fallback_key) or fallback


def _desk_language() -> str:
    return _desk("language", "BABEL_DEFAULT_LOCALE", "en")


def select_locale() -> str:
    """Flask-Babel's locale selector (see the module's docstring for the order)."""
    if not has_request_context():
        return _environment_locale() or _desk_language()
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(LANGUAGES) or "en"
    if is_public(request.path):
        # the same answer for every reader who sends the same Accept-Language (it says `Vary: Accept-Language`),
        # so a shared cache may keep it: neither the user nor the language cookie
        return request.accept_languages.best_match(LANGUAGES) or _desk_language()
    user = _user()
    if user is not None and user.locale in LANGUAGES:
        return user.locale
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or _desk_language()


def desk_digits() -> str:
    """The desk's digits for an Arabic reader who chose none: 'arabic' or 'western' (CLAIMDESK_DIGITS)."""
    choice = _desk("digits", "DEFAULT_DIGITS", "western")
    return choice if choice in DIGIT_STYLES else "western"


def month_style() -> str:
    """The desk's Gregorian month names in Arabic: 'egyptian' (فبراير) or 'levantine' (شباط), CLAIMDESK_MONTH_NAMES."""
    choice = _desk("month_names", "MONTH_NAMES", "egyptian") if current_app else None
    return choice if choice in MONTH_STYLES else "egyptian"


def desk_timezone() -> str:
    """The desk's zone (CLAIMDESK_TIMEZONE or BABEL_DEFAULT_TIMEZONE if set, else the settings page), UTC if invalid."""
    zone = _desk("timezone", "BABEL_DEFAULT_TIMEZONE", "UTC")
    return zone if valid_timezone(zone) else "UTC"


def select_timezone() -> str:
    """The reader's zone: their setting when logged in, else the desk's."""
    if has_request_context() and not is_public(request.path):
        user = _user()
        if user is not None and user.timezone and valid_timezone(user.timezone):
            return user.timezone
    return desk_timezone()


def ui_lang() -> str:
    state = babel_state()
    return state.language if state is not None else "en"


def ui_dir() -> str:
    state = babel_state()
    if state is None or state.locale is None:
        return "ltr"
    direction = state.__dict__.get("direction")
    if direction is None:
        direction = state.direction = state.locale.text_direction.lower()
    return direction


def reader_digits() -> str:
    """'arabic' (٠١٢٣…) or 'western': the user's choice, else the desk's default; Arabic-Indic only in Arabic."""
    state = babel_state()
    if state is not None:
        choice = state.__dict__.get("digits")
        if choice is None:
            choice = state.digits = _reader_digits(state.language)
        return choice
    return _reader_digits(ui_lang())


def _reader_digits(language: str) -> str:
    if language != "ar":
        return "western"
    choice = None
    if has_request_context() and not is_public(request.path):
        user = _user()
        choice = getattr(user, "digits", None) if user is not None else None
    return choice if choice in DIGIT_STYLES else desk_digits()


def reader_zone():
    """The reader's time zone (their setting, else the desk's), worked out once per request."""
    return _zone()


def _zone():
    state = babel_state()
    if state is None:
        return get_timezone()
    zone = state.__dict__.get("zone")
    if zone is None:
        zone = state.zone = get_timezone()
    return zone


def _locale() -> Locale:
    state = babel_state()
    locale = state.locale if state is not None else None
    return locale if locale is not None else _ENGLISH


def refresh() -> None:
    """After the reader's language, zone or digits change within a request: speak the new ones."""
    flask_babel_refresh()
    forget_state()


# --- formatting --------------------------------------------------------------------------------------------

def digits(value: Any) -> str:
    """The text with its ASCII digits in the reader's digits."""
    if value is None:
        return ""
    text = str(value)
    return text.translate(_ARABIC_INDIC) if reader_digits() == "arabic" else text


def _local(value: dt.datetime, zone=None) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone if zone is not None else _zone())


_DATE_SKELETONS = {"short": "yMd", "medium": "yMMMd", "long": "yMMMMEEEEd"}


def month_names(text: str, language: str, style: str | None = None) -> str:
    """Arabic month names in the desk's form (the Levantine «شباط» for the Egyptian «فبراير» when so set)."""
    if language != "ar" or (style or month_style()) != "levantine":
        return text
    return _MONTH_WORDS.sub(lambda m: _LEVANTINE[_EGYPTIAN.index(m.group(0))], text)


def in_digits(text: str, style: str) -> str:
    """Text with its ASCII digits as `style` says ('arabic' or 'western')."""
    return text.translate(_ARABIC_INDIC) if style == "arabic" else text


def moment_text(value: dt.date | dt.datetime | str | None, *, locale: Locale | str, zone, digit_style: str,
                months: str | None = None, fmt: str = "medium", with_time: bool = True) -> str:
    """A date (or date and time, in `zone`) as a reader of `locale` reads it, in the given digits and month
    names: the one place pages, reports and public pages turn a moment into words."""
    value = _as_moment(value)
    if value is None or isinstance(value, str):
        return value or ""
    locale = Locale.parse(locale) if isinstance(locale, str) else locale
    skeleton = _DATE_SKELETONS.get(fmt, "yMMMd")
    if isinstance(value, dt.datetime):
        local = _local(value, zone)
        date_text = format_skeleton(skeleton, local, locale=locale)
        if with_time:
            pattern = locale.datetime_formats.get("medium", "{1}, {0}")
            pattern = str(getattr(pattern, "pattern", pattern))
            time_text = format_skeleton("Hm", local, locale=locale)
            date_text = pattern.replace("{1}", date_text).replace("{0}", time_text).replace("'", "")
    else:
        date_text = format_skeleton(skeleton, value, locale=locale)
    return in_digits(month_names(date_text, locale.language, months), digit_style)


def format_date_value(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    """A date in the reader's language (a datetime is first moved to the reader's zone)."""
    return moment_text(value, locale=_locale(), zone=_zone(), digit_style=reader_digits(), fmt=fmt, with_time=False)


def format_time_value(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    locale = _locale()
    return digits(format_skeleton("Hm", _local(value), locale=locale))


def format_datetime_value(value: dt.datetime | dt.date | str | None, fmt: str = "medium") -> str:
    """Date and time in the reader's language and zone, e.g. "2 Dec 2026, 06:15" (a date: the date only)."""
    return moment_text(value, locale=_locale(), zone=_zone(), digit_style=reader_digits(), fmt=fmt)


def report_style(language: str, public: bool) -> dict[str, Any]:
    """How a report in `language` shows numbers and moments: the desk's digits and zone on public pages (and
    in jobs), the reader's own when a person downloads it; Western digits in an English report."""
    if language != "ar":
        digit_style = "western"
    elif public or not has_request_context():
        digit_style = desk_digits()
    else:
        digit_style = _reader_digits("ar")
    zone = desk_timezone() if public or not has_request_context() else select_timezone()
    return {"language": language, "digits": digit_style, "zone": zone_named(zone), "months": month_style()}


def format_relative(value: dt.datetime | dt.date | None, now: dt.datetime | None = None) -> str:
    """"3 hours ago", "in 2 days", in the reader's language."""
    if value is None:
        return ""
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(value, dt.datetime):
        today = _local(now).date()
        delta = dt.timedelta(days=(value - today).days)
    else:
        delta = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)) - now
    locale = _locale()
    return digits(format_timedelta(delta, add_direction=True, locale=locale, threshold=1.0))


def format_number(value: Any, fmt: str | None = None) -> str:
    """A number with the reader's separators and digits."""
    if value is None or value == "":
        return ""
    if fmt is None and type(value) is int and 0 <= value < 1000:
        return digits(value)  # no separator to place: the common case (counts), without Babel's formatter
    locale = _locale()
    system = "arab" if reader_digits() == "arabic" else "latn"
    try:
        return digits(format_decimal(value, format=fmt, locale=locale, numbering_system=system))
    except (TypeError, ValueError):
        return digits(value)


def iso_datetime(value: dt.datetime | dt.date | None) -> str:
    """The machine form, for <time datetime="…"> only."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _as_moment(value: dt.date | dt.datetime | str | None) -> dt.date | dt.datetime | str | None:
    """None for nothing; a date or datetime (ISO text parsed); text that is not ISO comes back as it is."""
    if value is None or value == "":
        return None
    return _parse_iso(value) if isinstance(value, str) else value


def _parse_iso(value: str) -> dt.datetime | dt.date | str:
    try:
        if len(value) <= 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value


def separator() -> Markup:
    """What stands between items of a line: «،» in Arabic (a middle dot reads as an Arabic-Indic zero beside
    Arabic digits), «·» in English."""
    return Markup('<span class="sep">، </span>') if ui_lang() == "ar" else Markup('<span class="sep"> · </span>')


def chevron() -> Markup:
    """A breadcrumb's chevron, drawn by the stylesheet pointing the way the page reads (a glyph's direction
    depends on the font's and the bidi algorithm's mirroring, which turned «›» the wrong way in Arabic)."""
    return Markup('<span class="crumb-sep" aria-hidden="true"></span>')


def arrow() -> str:
    """An arrow from a former value to a new one, pointing the way the line reads."""
    return "←" if ui_dir() == "rtl" else "→"


# --- labels, never codes -----------------------------------------------------------------------------------

_ORDERS: dict[str, tuple] = {
    "verdict": VERDICTS, "state": STATES, "kind": KINDS, "stance": STANCES, "confidence": CONFIDENCES,
    "reliability": RELIABILITY, "grade": RELIABILITY, "credibility": CREDIBILITY, "credibility_name": CREDIBILITY,
    "role": ROLES, "origin": ORIGINS, "language": tuple(LANGUAGES),
}


def label_in(language: str, kind: str, code: Any) -> str:
    """The name of `code` of `kind` in a language ('ar' or 'en'): the one table the reports use too."""
    table = report_labels.labels_for(language)
    if code is None or code == "":
        return ""
    if kind == "grade":
        return f"{code} – {table['reliability'].get(code, code)}"
    if kind == "credibility":
        try:
            level = int(code)
        except (TypeError, ValueError):
            return str(code)
        return f"{digits(level)} – {table['credibility'].get(level, level)}"
    if kind == "credibility_name":
        kind = "credibility"
        code = int(code) if str(code).isdigit() else code
    if kind == "language":
        return report_labels.language_name(str(code), language)
    names = table.get(kind)
    if not isinstance(names, dict):
        return str(code)
    return str(names.get(code, code))


def label(kind: str, code: Any) -> str:
    """The name of a code (verdict, state, kind, stance, grade…) in the interface's language."""
    return label_in(ui_lang(), kind, code)


def labels(kind: str) -> list[tuple[str, str]]:
    """[(code, name), …] of a kind in its canonical order, in the interface's language."""
    return [(str(code), label(kind, code)) for code in _ORDERS.get(kind, ())]


class LabelChoices:
    """WTForms choices computed when the form is built, so they follow the request's language."""

    def __init__(self, kind: str, blank: Any = None, values: tuple | None = None):
        self.kind, self.blank, self.values = kind, blank, values

    def __call__(self) -> list[tuple[str, str]]:
        from wtforms.fields.choices import SelectChoice

        items = [SelectChoice("", str(self.blank))] if self.blank is not None else []
        for code in self.values or _ORDERS[self.kind]:
            items.append(SelectChoice(str(code), label(self.kind, code)))
        return items


# --- wiring ------------------------------------------------------------------------------------------------

def idno(value: Any) -> Markup:
    """A claim's or an article's number, "#42" in the reader's digits, kept whole on one line."""
    return Markup('<bdi class="id" dir="ltr">#{0}</bdi>').format(digits(value))  # noqa: S704 - escaped by format


def claim_place(place: Any, *, compact: bool = False) -> Markup:
    """A claim's place in its article (services/claim_places.py), shown beside its id: «الادعاء ٣ من ٧» /
    "claim 3 of 7", or «٣ من ٧» / "3 of 7" where room is short; words between the numbers keep their order."""
    if not place:
        return Markup("")
    n, total = format_number(place.position), format_number(place.total)
    text = gettext("%(n)s of %(total)s", n=n, total=total) if compact else gettext("claim %(n)s of %(total)s", n=n, total=total)
    return Markup('<span class="place">{0}</span>').format(text)  # noqa: S704 - escaped by format


def _badge(prefix: str, code: Any, name: str) -> Markup:
    """<span class="badge v-CODE">NAME</span>, both escaped: joined as text, as Markup.format costs ten times."""
    return Markup("".join(('<span class="badge ', prefix, str(escape(code)), '">', str(escape(name)), "</span>")))  # noqa: S704 - code and name escaped


def per_reader(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose answer depends on the reader (language, digits, zone). Jinja folds a plain filter of a
    constant into the compiled template (`{{ 10|number }}` would keep the digits of the first reader to load
    the template, for every reader after); a filter that takes the context is never folded."""

    @pass_context
    @functools.wraps(function)
    def per_reader_filter(_context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return per_reader_filter


def register(app: Flask) -> None:
    """Template filters and globals; Flask-Babel is initialised with the selectors above."""
    for name, function in (("datetime", format_datetime_value), ("date", format_date_value),
                           ("time", format_time_value), ("reltime", format_relative), ("number", format_number),
                           ("digits", digits), ("isodatetime", iso_datetime), ("when", format_datetime_value),
                           ("verdict_badge", lambda verdict: _badge("v-", verdict, label("verdict", verdict))),
                           ("state_badge", lambda state: _badge("s-", state, label("state", state)))):
        app.add_template_filter(per_reader(function), name)

    # A lazy message that reaches jsonify becomes its text (Flask would otherwise take its HTML form).
    from app.i18n import LazyText

    plain_default = app.json.default

    def json_default(value: Any) -> Any:
        return str(value) if isinstance(value, LazyText) else plain_default(value)

    app.json.default = json_default

    # The templates' _(), gettext and ngettext (and so {% trans %}): Jinja's "newstyle" semantics (escaped
    # placeholders, %% always formatted) read from the request's kept catalogue in one call, where Flask-Babel's
    # own callables go through Jinja's context twice and Flask-Babel's lookup once per message.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
    app.jinja_env.globals.update(
        ui_lang=ui_lang, ui_dir=ui_dir, ui_languages=lambda: [(code, ENDONYMS[code]) for code in LANGUAGES],
        label=label, labels=labels, told=told, idno=idno, reader_digits=reader_digits, arrow=arrow, sep=separator,
        chevron=chevron, claim_place=claim_place,
    )


@pass_eval_context
def template_gettext(eval_ctx, string: str, /, **variables: Any) -> str:
    state = babel_state()
    text = state.translations.ugettext(string) if state is not None else string
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - a catalogue message, as Jinja does
    return text % variables


@pass_eval_context
def template_ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables: Any) -> str:
    variables.setdefault("num", num)
    state = babel_state()
    if state is not None:
        text = state.translations.ungettext(singular, plural, num)
    else:
        text = singular if num == 1 else plural
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - a catalogue message, as Jinja does
    return text % variables


def ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> str:
    """Flask-Babel's ngettext with the count (and every number given) in the reader's digits: for flashes."""
    from app.i18n import LazyText

    return str(LazyText(singular, plural, num, variables))


def remember_language(response, language: str):
    """Set the browser's language cookie on a response."""
    response.set_cookie(COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response

