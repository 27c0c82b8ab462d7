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

In front of Flask, ``Front`` answers a request that is the same as one answered before, byte for byte in
everything the desk reads (path, query, cookies, credentials, languages, address, user agent: every
header but transport and fetch metadata), with the answer the whole app gave it, as long as the desk's
revision is still the one that answer was made under (read afresh for every such request), the minute
has not turned, the session cookie has not expired and the suggestion model is the same. Everything
the app would check again (the session's user and epoch, the token, the user's role and state) is
a row in the database, so it is covered by the revision: a revoked token, a deactivated user or a changed
role is a new revision, and the very next request goes through the whole app and is refused. A public
page is kept there for as long as its own lookup is (PUBLIC_LOOKUP_SECONDS; at once when published or
withdrawn in this process).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
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
        memo = current_app.extensions.setdefault("claimdesk_pages", Memo(budget))
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


_KEY_MINUTE = 6  # where the minute sits in the key above
_KEY_REVISION = 5


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
            response = _served(hit.kept)
            _offer_to_front(key)
            return response
        response = current_app.make_response(view(*args, **kwargs))
        if _keepable(response):
            memo.put(key, _Entry(_kept(response), key))
            _offer_to_front(key)
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


# -- In front of Flask ------------------------------------------------------------------------------------

OFFER = "claimdesk.front_offer"  # in a request's environ: the app offers its answer to the front (an _Offer)
# Headers that say how to carry the answer or where the request came from, never what it asks for: a
# reload (Cache-Control), a click from another page (Referer, Sec-Fetch-*) is still the same request. No
# code of the desk reads them (tests/test_source_rules.py holds it to that).
TRANSPORT_HEADERS = frozenset({"HTTP_CONNECTION", "HTTP_KEEP_ALIVE", "HTTP_TE", "HTTP_CACHE_CONTROL",
                               "HTTP_PRAGMA", "HTTP_UPGRADE_INSECURE_REQUESTS", "HTTP_PRIORITY", "HTTP_DNT",
                               "HTTP_REFERER"})
TRANSPORT_PREFIXES = ("HTTP_SEC_FETCH_", "HTTP_SEC_CH_")
MAX_REQUEST_KEY = 8192  # characters of headers: a longer request goes through the app, unkept
_REQUEST_PARTS = ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "wsgi.url_scheme", "REMOTE_ADDR", "SERVER_NAME",
                  "SERVER_PORT")


class _Offer:
    """What an answer may be served again under: the revision (None: a public page, kept by `generation`
    instead), the suggestion model, a time it must not outlive, and the CSRF token to cut it at."""

    __slots__ = ("revision", "model", "until", "token", "raw", "generation")

    def __init__(self, revision: int | None, model: tuple | None, until: float, token: str | None = None,
                 raw: str | None = None, generation: int | None = None):
        self.revision, self.model, self.until = revision, model, until
        self.token, self.raw, self.generation = token, raw, generation


class _Answer:
    __slots__ = ("offer", "status", "headers", "parts", "size")

    def __init__(self, offer: _Offer, status: str, headers: list, parts: list[bytes], key: tuple):
        self.offer, self.status, self.headers, self.parts = offer, status, headers, parts
        self.size = (sum(map(len, parts)) + sum(len(k) + len(v) for k, v in headers) + len(repr(key))
                     + ENTRY_OVERHEAD)

    def __len__(self) -> int:
        return self.size


def request_key(environ: dict) -> tuple | None:
    """Everything in a GET request the desk's answer can depend on (None: not a request the front keeps)."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("CONTENT_LENGTH") not in (None, "", "0") \
            or "HTTP_TRANSFER_ENCODING" in environ or len(environ.get("QUERY_STRING", "")) > MAX_QUERY:
        return None
    headers = sorted((name, value) for name, value in environ.items()
                     if name.startswith("HTTP_") and name not in TRANSPORT_HEADERS
                     and not name.startswith(TRANSPORT_PREFIXES))
    if sum(len(value) for _, value in headers) > MAX_REQUEST_KEY:
        return None
    # A digest, not the request: a session cookie carries (signed, not hidden) what the session holds, such
    # as a two-factor setup's secret, and a key lives in memory as long as its answer.
    seen = repr((tuple(environ.get(part) for part in _REQUEST_PARTS), headers)).encode("utf-8", "surrogateescape")
    return ("front", hashlib.blake2b(seen, digest_size=32).digest())


def _session_deadline() -> float | None:
    """When the request's session cookie stops being accepted (None: it has none), or 0 if it is not valid."""
    app = current_app
    value = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
    if not value:
        return None
    from itsdangerous import BadSignature

    serializer = app.session_interface.get_signing_serializer(app)
    max_age = app.permanent_session_lifetime.total_seconds()
    try:
        _data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
    except BadSignature:
        return 0.0
    return signed.timestamp() + max_age


def _offer_to_front(key: tuple) -> None:
    until = (key[_KEY_MINUTE] + 1) * 60.0
    deadline = _session_deadline()
    if deadline is not None:
        until = min(until, deadline)
    token = g.get("csrf_token")
    raw = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")) if token else None
    request.environ[OFFER] = _Offer(key[_KEY_REVISION], key[-1], until, token, raw)


def offer_public(until_monotonic: float, generation: int) -> None:
    """A public page's answer may be served again until its lookup expires (the front's clock is wall time)
    and while nothing was published or withdrawn in this process (``generation``)."""
    left = until_monotonic - time.monotonic()
    if left > 0:
        request.environ[OFFER] = _Offer(None, None, time.time() + left, generation=generation)


class Front:
    """WSGI middleware in front of the app: see the module's docstring."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        from app.extensions import db

        self.app, self.wsgi_app = app, wsgi_app
        with app.app_context():
            self.engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        # One connection per thread, held, for the revision: a pool checkout would add the pool's ping and
        # its reset, two more round trips on PostgreSQL. (Not where the pool shares one connection among
        # all, as for an in-memory SQLite: autocommit there would be everyone's.)
        self._hold = not isinstance(self.engine.pool, (sa.pool.StaticPool, sa.pool.SingletonThreadPool))
        self._held = threading.local()
        self._signer: tuple[str, Any] | None = None

    def __call__(self, environ: dict, start_response: Callable):
        memo = self.app.extensions.get("claimdesk_pages")
        if memo is None:  # the same memo as the views' (one budget), made by whichever asks first
            budget = int(self.app.config.get("PAGE_MEMO_BYTES", DEFAULT_BUDGET))
            memo = self.app.extensions.setdefault("claimdesk_pages", Memo(budget))
        key = request_key(environ) if memo.budget > 0 else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        answer = memo.get(key)
        if answer is not None:
            body = self._again(answer)
            if body is not None:
                start_response(answer.status, [*answer.headers, ("Content-Length", str(len(body)))])
                return [body]
        return self._through(memo, key, environ, start_response)

    def _through(self, memo: Memo, key: tuple, environ: dict, start_response: Callable):
        seen: list = []

        def capture(status: str, headers: list, exc_info: Any = None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        offer = environ.get(OFFER)
        if offer is None or not seen or not seen[0].startswith("200 ") \
                or any(name.lower() == "set-cookie" for name, _ in seen[1]):
            return body
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        parts = data.split(offer.token.encode("ascii")) if offer.token else [data]
        if len(parts) == 1 or offer.raw is not None:
            headers = [(name, value) for name, value in seen[1] if name.lower() != "content-length"]
            memo.put(key, _Answer(offer, seen[0], headers, parts, key))
        return [data]

    def _again(self, answer: _Answer) -> bytes | None:
        """The kept answer's body if it still holds for this moment, else None (the app answers)."""
        offer = answer.offer
        if time.time() >= offer.until:
            return None
        if offer.revision is None:
            from app.services import public_reports

            if offer.generation != public_reports.generation():
                return None
        else:
            from app.services import checkworthiness

            if self._revision() != offer.revision or checkworthiness.model_stamp() != offer.model:
                return None
        parts = answer.parts
        if len(parts) == 1:
            return parts[0]
        return self._token(offer.raw).encode("ascii").join(parts)

    def _revision(self) -> int | None:
        """The desk's revision now, or None if it cannot be read (the app then answers, and says what is
        wrong with the database)."""
        if not self._hold:
            try:
                with self.engine.connect() as connection:
                    return connection.exec_driver_sql(revision.READ_SQL).scalar()
            except sa.exc.SQLAlchemyError:
                return None
        held = self._held
        connection = getattr(held, "connection", None)
        if connection is None or held.pid != os.getpid():  # a forked worker never uses its parent's
            try:
                connection = self.engine.connect()
            except sa.exc.SQLAlchemyError:
                return None
            held.connection, held.pid = connection, os.getpid()
        try:
            return connection.exec_driver_sql(revision.READ_SQL).scalar()
        except sa.exc.SQLAlchemyError:
            held.connection = None  # a lost connection is invalidated by SQLAlchemy; the next one is new
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                connection.close()
            return None

    def _token(self, raw: str) -> str:
        """A freshly signed CSRF token for the session's raw one, as Flask-WTF's generate_csrf makes it."""
        config = self.app.config
        secret = config.get("WTF_CSRF_SECRET_KEY", self.app.secret_key)
        signer = self._signer
        if signer is None or signer[0] != secret:
            from itsdangerous import URLSafeTimedSerializer

            signer = self._signer = (secret, URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        return signer[1].dumps(raw)
