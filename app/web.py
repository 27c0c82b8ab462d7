"""What the pages and the API share: role checks, error answers, the unit of work, template helpers."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.models.base import CONFIDENCES, KINDS, STANCES, STATES, VERDICTS
from app.services.errors import DomainError
from app.services.permissions import can

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
    """<int:...> in URLs, but never beyond what the database's 32-bit ids hold (404, not an overflow)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/livez")


def page(capability: str = "read") -> Callable:
    """A page for logged-in users whose role has `capability`; 403 otherwise."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any):
            if not can(current_user, capability):
                return render_template("errors/error.html", code=403,
                                       message="Your role does not allow this page."), 403
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
        flash(" ".join([exc.message, *hidden]), "error")


def json_error(status: int, code: str, message: str, fields: dict | None = None, **extra: Any):
    body = {"code": code, "message": message, "fields": fields or {}}
    body.update(extra)
    response = jsonify({"error": body})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        if wants_json():
            return json_error(exc.status, exc.code, exc.message, exc.fields, **exc.extra)
        return render_template("errors/error.html", code=exc.status, message=exc.message), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = json_error(exc.code or 500, code, exc.description or exc.name)
            if exc.code == 405 and exc.valid_methods:
                response.headers["Allow"] = ", ".join(exc.valid_methods)
            return response
        return render_template("errors/error.html", code=exc.code, message=exc.description), exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # pragma: no cover - a bug; logged with its traceback
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "internal_error", "Something went wrong on our side; it has been logged.")
        return render_template("errors/error.html", code=500, message="Something went wrong on our side."), 500


VERDICT_LABELS = {
    "unverified": "Unverified", "confirmed": "Confirmed", "likely_true": "Likely true", "mixed": "Mixed",
    "likely_false": "Likely false", "false": "False", "unverifiable": "Unverifiable",
}
STATE_LABELS = {"open": "Open", "in_review": "In review", "awaiting_approval": "Awaiting approval",
                "approved": "Approved"}
RELIABILITY_LABELS = {"A": "A – completely reliable", "B": "B – usually reliable", "C": "C – fairly reliable",
                      "D": "D – not usually reliable", "E": "E – unreliable", "F": "F – cannot be judged"}
CREDIBILITY_LABELS = {1: "1 – confirmed by other sources", 2: "2 – probably true", 3: "3 – possibly true",
                      4: "4 – doubtful", 5: "5 – improbable", 6: "6 – cannot be judged"}


def register_template_helpers(app: Flask) -> None:
    @app.template_filter("when")
    def when(value: dt.datetime | dt.date | None) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return value.isoformat()

    @app.template_filter("verdict_badge")
    def verdict_badge(verdict: str) -> Markup:
        label = VERDICT_LABELS.get(verdict, verdict)
        return Markup('<span class="badge v-{0}">{1}</span>').format(verdict, label)

    @app.template_filter("state_badge")
    def state_badge(state: str) -> Markup:
        return Markup('<span class="badge s-{0}">{1}</span>').format(state, STATE_LABELS.get(state, state))

    def ui_lang() -> str:
        from flask_babel import get_locale

        return str(get_locale() or "en")

    app.jinja_env.globals.update(
        ui_lang=ui_lang,
        can=lambda capability: can(current_user, capability),
        VERDICTS=VERDICTS, STATES=STATES, KINDS=KINDS, CONFIDENCES=CONFIDENCES, STANCES=STANCES,
        VERDICT_LABELS=VERDICT_LABELS, STATE_LABELS=STATE_LABELS,
        RELIABILITY_LABELS=RELIABILITY_LABELS, CREDIBILITY_LABELS=CREDIBILITY_LABELS,
    )
