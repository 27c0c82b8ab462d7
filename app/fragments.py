"""Rendered pieces of pages, remembered by exactly what they are made of.

A page's heavy parts (the article text cut into 600 highlighted runs, its list of 200 claims, a claim's
200 history lines) are pure functions of a few rows and of the reader's language, digits, time zone and
direction. ``render(template, **inputs)`` renders such a part once and hands the same HTML back while
those are unchanged. The key is the inputs themselves, read live from the database by the caller on every
request, never a revision number or a time to live: a verdict changed on any worker is a different key on
the very next request, and nothing can be served stale.

What a fragment may read is enforced, not trusted: fragment templates are rendered in an environment
without the request, the session, the current user, ``can()``, CSRF tokens, flashed messages or relative
times (each of those fails to render), so a fragment cannot carry one user's data or rights to another.
Whatever depends on the viewer (forms, buttons their role allows) stays in the page around the fragment.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from flask import current_app, request
from markupsafe import Markup

# Names a fragment must not reach: they depend on who asks, or on the moment.
VIEWER_GLOBALS = ("current_user", "can", "csrf_token", "get_flashed_messages", "session", "request", "g",
                  "config")
MOMENT_FILTERS = ("reltime",)

DEFAULT_BUDGET = 64 * 1024 * 1024  # characters of HTML kept per process


class Memo:
    """An LRU of rendered HTML bounded by the characters it holds, safe across threads."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.items: OrderedDict[tuple, Markup] = OrderedDict()
        self.lock = Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Markup | None:
        with self.lock:
            html = self.items.get(key)
            if html is None:
                self.misses += 1
                return None
            self.items.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key: tuple, html: Markup) -> None:
        if len(html) > self.budget // 4:  # one huge piece would push out everything else: not kept
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= len(old)
            self.items[key] = html
            self.size += len(html)
            while self.size > self.budget and self.items:
                _, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


def _memo() -> Memo:
    memo = current_app.extensions.get("claimdesk_fragments")
    if memo is None:
        memo = current_app.extensions["claimdesk_fragments"] = Memo(
            int(current_app.config.get("FRAGMENT_MEMO_CHARS", DEFAULT_BUDGET)))
    return memo


def _environment():
    """The app's Jinja environment without anything that depends on the viewer or the moment."""
    env = current_app.extensions.get("claimdesk_fragment_env")
    if env is None:
        base = current_app.jinja_env
        from jinja2 import StrictUndefined

        # its own template cache (a template compiled here sees these globals), and no silent blanks
        env = base.overlay(cache_size=(base.cache.capacity + 1) if base.cache is not None else 401,
                           undefined=StrictUndefined)
        env.globals = {k: v for k, v in base.globals.items() if k not in VIEWER_GLOBALS}
        env.filters = {k: v for k, v in base.filters.items() if k not in MOMENT_FILTERS}
        current_app.extensions["claimdesk_fragment_env"] = env
    return env


def reader_key() -> tuple:
    """Everything about the reader a fragment's text may depend on: language, direction, digits, zone, and
    where the app is mounted (links)."""
    from app import localization

    environ = request.environ  # the parts of the host URL, not werkzeug's rebuilt (and re-quoted) host_url
    return (localization.ui_lang(), localization.ui_dir(), localization.reader_digits(),
            str(localization.reader_zone()), environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"), environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))


# Where a fragment has a form, it writes {{ csrf_slot }}; the viewer's token is put in its place on the way out.
# The slot holds "<" and '"', which escaped text can never contain, so no typed text can become a slot.
CSRF_SLOT = Markup('<input type="hidden" name="csrf_token" value="" data-slot="csrf">')


def render(template: str, /, prepare: Callable[..., dict] | None = None, *, fill_csrf: bool = False,
           **inputs: Any) -> Markup:
    """The template rendered with ``inputs`` alone (hashable: tuples, rows, strings, numbers), remembered
    per process by (template, reader, inputs). ``prepare(**inputs)``, run only when the piece is rendered,
    adds what the template needs that is worked out from the inputs (so that work is remembered too).
    ``fill_csrf``: the piece has forms; their ``csrf_slot`` is filled with this viewer's token."""
    key = (template, reader_key(), tuple(sorted(inputs.items()))) if current_app.config.get(
        "FRAGMENT_MEMO_CHARS", DEFAULT_BUDGET) else None
    memo = _memo()
    html = memo.get(key) if key is not None else None
    if html is None:
        context = dict(inputs, csrf_slot=CSRF_SLOT)
        if prepare is not None:
            context.update(prepare(**inputs))
        html = Markup(_environment().get_template(template).render(context))  # noqa: S704 - autoescaped template
        if key is not None:
            memo.put(key, html)
    if fill_csrf:
        from flask_wtf.csrf import generate_csrf

        token = Markup('<input type="hidden" name="csrf_token" value="{0}">').format(generate_csrf())
        html = Markup(html.replace(CSRF_SLOT, token))  # noqa: S704 - the token is escaped by format
    return html


def forget() -> None:
    """Drop every remembered fragment (tests; never needed for correctness)."""
    memo = current_app.extensions.get("claimdesk_fragments")
    if memo is not None:
        memo.clear()


def form_part(template: str, form: Any, /, **inputs: Any) -> Markup:
    """A form's visible fields (``template`` renders them from ``form``, without its hidden tag) rendered once
    per starting values: the key is each field's name, type and value. A form showing errors, or the answer
    to a submission, is rendered live."""
    if request.method != "GET" or any(field.errors for field in form):
        return Markup(_environment().get_template(template).render(form=form, csrf_slot=CSRF_SLOT, **inputs))  # noqa: S704
    values = tuple((field.name, field.type, repr(field.data)) for field in form if field.type != "CSRFTokenField")
    return render(template, prepare=lambda **_inputs: {"form": form}, form_values=(type(form).__qualname__, values),
                  **inputs)
