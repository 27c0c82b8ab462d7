"""Whole pages and API answers remembered per process, under the desk's revision.

A page such as the claim page reads a dozen row sets and renders hundreds of lines; between two writes
to the desk it is the same bytes for the same reader. ``@remembered`` keeps the bytes a view returned
under a key of everything they are made of:

- the desk's revision, read in the same statement as the viewer (app/revision.py): any committed write,
  on any worker or process, makes every key new on the very next request, so nothing is served stale;
- the viewer (user id with its session epoch, the rest of the session but its CSRF token) and the reader
  (language, direction, digits, time zone, host): one viewer's page is never another's;
- the view and its arguments, the query string, the minute (relative times, due dates), and the
  suggestion model in use.

Only a plain answer is kept: a 200 to a GET, not streamed, setting no cookie, from a request that wrote
nothing, showed no flashed message and changed nothing in the session. The body is kept cut at the
viewer's CSRF token and joined with the asking viewer's, freshly signed, on the way out. Rights are
checked before the memo on every request (the view's own decorators run first), so a revoked role or
token is refused as before.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request, session
from flask.globals import request_ctx

from app import revision
from app.fragments import Memo, reader_key

DEFAULT_BUDGET = 32 * 1024 * 1024  # bytes of answers kept per process
MAX_QUERY = 1024  # a longer query string is answered live: no one can fill the memo with long keys
ENTRY_OVERHEAD = 600  # bytes an entry costs beyond its body, headers and key (objects, dict slots)
_SKIPPED_HEADERS = frozenset({"set-cookie", "content-length"})
_PRIVATE_SESSION_KEYS = frozenset({"csrf_token", "_flashes"})


def _memo() -> Memo | None:
    memo = current_app.extensions.get("claimdesk_pages")
    if memo is None:
        budget = int(current_app.config.get("PAGE_MEMO_BYTES", DEFAULT_BUDGET))
        memo = current_app.extensions["claimdesk_pages"] = Memo(budget)
    return memo if memo.budget > 0 else None


def _viewer() -> tuple | None:
    user = g.get("api_user")
    if user is None:
        from flask_login import current_user

        user = current_user
        if not user.is_authenticated:
            return None
        # a digest, not the values: a two-factor setup's secret must not sit in a key in memory
        rest = hashlib.blake2b(repr(sorted((k, repr(v)) for k, v in session.items()
                                           if k not in _PRIVATE_SESSION_KEYS)).encode(), digest_size=16).digest()
    else:
        rest = ("api",)
    return (user.get_id(), rest)


def _key() -> tuple | None:
    if request.method not in ("GET", "HEAD") or "_flashes" in session or len(request.query_string) > MAX_QUERY:
        return None
    viewer = _viewer()
    if viewer is None:
        return None
    value = revision.of_this_request()
    if value is None:
        return None
    from app.services import checkworthiness

    return (request.endpoint, tuple(sorted((request.view_args or {}).items())), request.query_string, viewer,
            reader_key(), value, int(time.time() // 60), checkworthiness.model_stamp())


def _keepable(response) -> bool:
    return (response.status_code == 200 and not response.is_streamed and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified and not request_ctx.flashes
            and not revision.has_uncommitted_writes_now())


def _kept(response) -> tuple:
    """The body cut at the viewer's CSRF token (put back per viewer by a join), and the view's headers."""
    body = response.get_data()
    token = g.get("csrf_token")
    parts = tuple(body.split(token.encode("ascii"))) if token else (body,)
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _SKIPPED_HEADERS)
    return (parts, headers)


def _served(kept: tuple):
    parts, headers = kept
    if len(parts) == 1:
        body = parts[0]
    else:
        from flask_wtf.csrf import generate_csrf

        # signed afresh for each answer (as Flask-WTF does): a token that changes with every view gives a
        # compressing proxy in front of the desk nothing stable to guess at (BREACH)
        body = generate_csrf().encode("ascii").join(parts)
    return current_app.response_class(body, status=200, headers=list(headers))


def remembered(view: Callable) -> Callable:
    """Serve ``view``'s answer from the memo while nothing it is made of has changed (see the module)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        memo = _memo()
        key = _key() if memo is not None else None
        if key is None:
            return view(*args, **kwargs)
        hit = memo.get(key)
        if hit is not None:
            return _served(hit.kept)
        response = current_app.make_response(view(*args, **kwargs))
        if _keepable(response):
            memo.put(key, _Entry(_kept(response), key))
        return response

    return wrapper


class _Entry:
    """What Memo keeps: the answer, and what it costs in memory (body, headers, key, overhead) for the
    budget, so that many small answers under long keys are bounded as surely as a few large pages."""

    __slots__ = ("kept", "size")

    def __init__(self, kept: tuple, key: tuple):
        self.kept = kept
        self.size = (sum(map(len, kept[0])) + sum(len(k) + len(v) for k, v in kept[1]) + len(repr(key))
                     + ENTRY_OVERHEAD)

    def __len__(self) -> int:
        return self.size
