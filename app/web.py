"""What the pages and the API share: role checks, error answers, the unit of work, template helpers."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.i18n import text
from app.models.base import CONFIDENCES, KINDS, STANCES, STATES, VERDICTS
from app.services.errors import DomainError, ValidationError
from app.services.permissions import can
from app.services.validation import INT_MAX, decode_json, printable, text_problem

log = logging.getLogger("claimdesk")


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to redirect to after a form, never another site (no scheme, host, or tricks)."""
    if not target or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


class BoundedIntConverter(IntegerConverter):
    """<int:...> in URLs: any run of digits takes the route, and an id past what the database's 32-bit
    columns hold is 404 on every method (refusing to match would let another rule answer 405)."""

    def __init__(self, url_map, *args, **kwargs):
        self.limit = kwargs.pop("max", INT_MAX)
        super().__init__(url_map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        if len(value) > 18 or int(value) > self.limit:
            raise NotFound()
        return super().to_python(value)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON with one strict way in (validation.decode_json: every request.get_json goes through it)
    and answers that always encode, even when they quote a lone surrogate back."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return decode_json(s)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return printable(super().dumps(obj, **kwargs))


def refuse_unstorable_input() -> None:
    """Query strings and form fields pass the check JSON bodies pass: NUL and lone surrogates are refused (422)
    before a view, a form or the database sees them. (The one text path part, a public link's token, is
    checked by its view, which answers 404.)"""
    sources = [request.args]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form)
    errors: dict[str, str] = {}
    for source in sources:
        for key, values in source.lists():
            for value in (key, *values):
                if not isinstance(value, str):  # a multipart part whose name would not decode has no text
                    continue
                problem = text_problem(value, controls=False)
                if problem:
                    errors.setdefault(printable(key), problem)
    if errors:
        raise ValidationError(_("Some text cannot be stored."), errors)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
}


_SECURITY_HEADER_ITEMS = tuple(SECURITY_HEADERS.items())


def security_headers(response: Response) -> Response:
    """The headers every answer carries, error pages included."""
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    headers.extend([item for item in _SECURITY_HEADER_ITEMS if item[0].lower() not in present])
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/livez")


def page(capability: str = "read") -> Callable:
    """A page for logged-in users whose role has `capability`; 403 otherwise."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any):
            if not can(current_user, capability):
                return render_template("errors/error.html", code=403, title=error_title(403),
                                       message=_("Your role does not allow this page.")), 403
            return view(*args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def commit() -> None:
    """The one place a page or API request ends its transaction."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def apply_errors(form: Any, exc: DomainError) -> None:
    """Show a domain error on the form's fields (and as a flash when no field takes it)."""
    shown = False
    for name, message in exc.fields.items():
        key = name.split(".")[-1]
        field = getattr(form, key, None)
        if field is not None and hasattr(field, "errors") and field.type != "HiddenField":
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.append(message)
            shown = True
    if not shown or not exc.fields:
        hidden = [m for n, m in exc.fields.items() if getattr(getattr(form, n.split(".")[-1], None), "type", "")
                  == "HiddenField"]
        flash(" ".join(str(m) for m in [exc.message, *hidden]), "error")


def error_text(exc: DomainError) -> str:
    """A domain error as one line: its message and what it says about each field."""
    return " ".join(str(m) for m in [exc.message, *exc.fields.values()])


def json_error(status: int, code: str, message: str, fields: dict | None = None, **extra: Any):
    # Messages may be lazy (app.i18n): they become text here, in the request's language.
    body = {"code": code, "message": text(message), "fields": {k: text(v) for k, v in (fields or {}).items()}}
    body.update({k: text(v) for k, v in extra.items()})
    response = jsonify({"error": body})
    response.status_code = status
    return response


# What "a service the desk needs is down" looks like: no connection to the database (or it broke), the
# pool exhausted, Redis unreachable or silent. Anything else from the database is a bug and stays a 500.
OUTAGES: tuple[type[BaseException], ...] = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
                                            sa_exc.DisconnectionError, RedisConnectionError, RedisTimeoutError)


def plain_page(code: int, message: str, title: str | None = None) -> Response:
    """An error page that needs nothing but the template: no user, no database, no menu."""
    # The locale selector must not load the user either (app.localization reads this flag).
    g._claimdesk_locale_busy = True
    try:
        # Straight from the environment: render_template would run the context processors, and Flask-Login's
        # loads the user from the database.
        template = current_app.jinja_env.get_template("errors/plain.html")
        body = template.render(code=code, title=title or str(code), message=message)
    except Exception:  # noqa: BLE001 - the last resort must answer whatever failed
        log.exception("The plain error page failed to render")
        body = f"<!doctype html><title>{code}</title><h1>{code}</h1>"
    return security_headers(Response(body, status=code, mimetype="text/html"))


def _safe_rollback() -> None:
    try:
        db.session.rollback()
    except OUTAGES:  # the connection is already gone; there is nothing to roll back
        db.session.close()


# What a person reads on an error page (Werkzeug's own descriptions are English only).
ERROR_TITLES = {
    400: _l("Bad request"), 401: _l("Log in first"), 403: _l("Not allowed"), 404: _l("Page not found"),
    405: _l("Not allowed this way"), 409: _l("Changed meanwhile"), 410: _l("No longer available"),
    413: _l("Too large"), 422: _l("Cannot be processed"), 429: _l("Too many requests"),
    500: _l("Something went wrong"), 503: _l("Unavailable for now"),
}
ERROR_MESSAGES = {
    400: _l("The request could not be understood. Go back and try again."),
    401: _l("Log in to see this page."),
    403: _l("Your role does not allow this page."),
    404: _l("There is nothing at this address. Check the link, or start again from the desk."),
    405: _l("This address does not accept that kind of request."),
    409: _l("Someone changed this in the meantime. Reload the page and try again."),
    410: _l("This is no longer available."),
    413: _l("The request or file is too large for the desk."),
    422: _l("Some of what was sent is not valid."),
    429: _l("Too many requests in a short time. Wait a moment and try again."),
    500: _l("Something went wrong on our side. It has been logged."),
    503: _l("The desk is unavailable for a moment. Try again shortly."),
}


def error_title(status: int) -> str:
    return str(ERROR_TITLES.get(status, ERROR_TITLES[400 if status < 500 else 500]))


def _library_messages() -> frozenset[str]:
    from app.forms import WTFORMS_MESSAGES

    return frozenset(m for m in WTFORMS_MESSAGES if isinstance(m, str))


_LIBRARY_MESSAGES = _library_messages()


def _http_message(exc: HTTPException) -> str:
    """Our own (translated) message, unless the code raised the error with a reason of its own."""
    description = exc.description
    if isinstance(description, str) and description in _LIBRARY_MESSAGES:
        return _(description)  # Flask-WTF's CSRF refusals, whose msgids app/forms.py marks for the catalogue
    if description and description != type(exc).description:
        return str(description)  # e.g. BadRequest(_("…")): already in the request's language
    return str(ERROR_MESSAGES.get(exc.code or 500, ERROR_MESSAGES[500 if (exc.code or 500) >= 500 else 400]))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        _safe_rollback()
        if wants_json():
            return json_error(exc.status, exc.code, exc.message, exc.fields, **exc.extra)
        return error_page(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = _http_message(exc)
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = json_error(exc.code or 500, code, message)
            if exc.code == 405 and exc.valid_methods:
                response.headers["Allow"] = ", ".join(exc.valid_methods)
            return response
        status = exc.code or 500
        return error_page(status, message)

    def outage(exc: Exception):
        g._claimdesk_locale_busy = True  # the locale selector must not try the database (or Redis) again
        _safe_rollback()
        log.error("Service unavailable on %s %s: %s", request.method, request.path, exc)
        if wants_json():
            response = json_error(503, "unavailable", _("The desk cannot reach its database or cache right now; "
                                                        "nothing was changed. Try again in a minute."))
        else:
            response = plain_page(503, _("The desk cannot reach its database or cache right now; nothing was "
                                         "changed. Try again in a minute."), _("Temporarily unavailable"))
        response.headers["Retry-After"] = "30"
        return security_headers(response)

    for kind in OUTAGES:
        app.register_error_handler(kind, outage)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # pragma: no cover - a bug; logged with its traceback
        g._claimdesk_locale_busy = True  # the plain page asks nothing of the database
        _safe_rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "internal_error", _("Something went wrong on our side; it has been logged."))
        return plain_page(500, str(ERROR_MESSAGES[500]), error_title(500))


def error_page(code: int, message: str) -> Response | tuple:
    """The error page in the desk's layout; the plain one when the layout itself fails (it loads the user),
    and on the public paths, whose answers never depend on who asks and are never kept by a cache."""
    from app.anonymous import is_public

    if is_public(request.path):
        response = plain_page(code, message, error_title(code))
        response.headers["Cache-Control"] = "no-store"
        return response
    try:
        return render_template("errors/error.html", code=code, title=error_title(code), message=message), code
    except OUTAGES:
        _safe_rollback()
        return plain_page(503, _("The desk cannot reach its database or cache right now; nothing was changed. "
                                 "Try again in a minute."), error_title(503))


# An id no row has (the routes' integer converter refuses anything larger), to cut a built URL around.
_URL_SLOT = 2**31 - 1


def url_maker(endpoint: str, slot: str, **values: Any) -> Callable[[Any], str]:
    """url_for(endpoint, slot=value, **values) for many values: built once, then filled in per row.

    A list of 200 claims links each one; url_for costs as much as the rest of the row.
    """
    from flask import url_for

    built = url_for(endpoint, **{slot: _URL_SLOT}, **values)
    head, mark, tail = built.partition(str(_URL_SLOT))
    if not mark or str(_URL_SLOT) in tail:  # pragma: no cover - the slot must appear exactly once
        return lambda value: url_for(endpoint, **{slot: value}, **values)
    from urllib.parse import quote

    return lambda value: head + (str(value) if type(value) is int else quote(str(value), safe="")) + tail


def render_part(template: str, /, **context: Any) -> Markup:
    """A part of a page rendered from its own template (the page template shows it where it belongs). Parts
    with forms write ``{{ csrf_slot }}``: the request's one CSRF token."""
    from flask_wtf.csrf import generate_csrf

    context.setdefault("csrf_slot", Markup('<input type="hidden" name="csrf_token" value="{0}">').format(generate_csrf()))
    return Markup(render_template(template, **context))  # noqa: S704 - an autoescaped template


def form_fields(template: str, form: Any, /, **context: Any) -> Markup:
    """A form's visible fields (``template`` renders them from ``form``, without its hidden tag)."""
    return render_part(template, form=form, **context)


def register_template_helpers(app: Flask) -> None:
    from app import localization

    localization.register(app)
    app.jinja_env.globals.update(
        url_maker=url_maker, form_part=form_fields,
        can=lambda capability: can(current_user, capability),
        VERDICTS=VERDICTS, STATES=STATES, KINDS=KINDS, CONFIDENCES=CONFIDENCES, STANCES=STANCES,
    )
