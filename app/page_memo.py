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
header but transport and fetch metadata), with the answer the whole app gave it, without running the
app. Before it does, it runs the request's viewer reads again (the session's user, or the API token's,
each with the desk's revision: one statement) and serves only if each finds the same row: the same
user, still active, with the same session epoch and role, the token unrevoked, and the same revision,
so nothing in the desk has changed on any worker. The minute must not have turned, the session cookie
must still be within its lifetime and the suggestion model the same. A request is kept from its second
sighting on. A public page is kept for as long as its own lookup is (PUBLIC_LOOKUP_SECONDS; at once
anew when published or withdrawn in this process).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask.globals import request_ctx

from app import revision
from app.fragments import Memo, reader_key

log = logging.getLogger("claimdesk.front")

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
VIEWERS = "claimdesk_viewers"  # in g: each viewer read of the request (statement, parameters, digest of the row)
# Headers that say how to carry the answer, where the request came from or how to trace it, never what it
# asks for: a reload (Cache-Control), a click from another page (Referer, Sec-Fetch-*), a proxy's request id
# is still the same request. No code or template of the desk reads them (tests/test_source_rules.py holds
# it to that). A deployment adds its own proxy's with FRONT_IGNORED_HEADERS.
TRANSPORT_HEADERS = frozenset({"HTTP_CONNECTION", "HTTP_KEEP_ALIVE", "HTTP_TE", "HTTP_CACHE_CONTROL",
                               "HTTP_PRAGMA", "HTTP_UPGRADE_INSECURE_REQUESTS", "HTTP_PRIORITY", "HTTP_DNT",
                               "HTTP_REFERER", "HTTP_X_REQUEST_ID", "HTTP_X_CORRELATION_ID", "HTTP_TRACEPARENT",
                               "HTTP_TRACESTATE", "HTTP_BAGGAGE", "HTTP_SENTRY_TRACE", "HTTP_X_AMZN_TRACE_ID",
                               "HTTP_X_CLOUD_TRACE_CONTEXT", "HTTP_CF_RAY", "HTTP_X_B3_TRACEID",
                               "HTTP_X_B3_SPANID", "HTTP_X_B3_SAMPLED"})
TRANSPORT_PREFIXES = ("HTTP_SEC_FETCH_", "HTTP_SEC_CH_")
MAX_REQUEST_KEY = 8192  # characters of headers: a longer request goes through the app, unkept
SHARED_POOLS = (sa.pool.StaticPool, sa.pool.SingletonThreadPool)  # one connection for all: no front
PIECES = 4  # a kept body cut in more pieces than this is joined before it goes out
SIGHTINGS = 8192  # digests of requests seen once: an answer is kept from its second sighting on
_REQUEST_PARTS = ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "wsgi.url_scheme", "REMOTE_ADDR", "SERVER_NAME",
                  "SERVER_PORT", "CONTENT_TYPE")
_KEY_SALT = secrets.token_bytes(32)  # per process: no one outside can aim a request at another's digest


def row_digest(row: Any) -> bytes:
    """A viewer's row as the front compares it: a digest (no value of it sits in memory), of the values as
    the driver gives them (a flag may come back as 1 from one path and True from another)."""
    values = tuple(int(v) if type(v) is bool else v for v in row)
    return hashlib.blake2b(repr(values).encode(), digest_size=32, key=_KEY_SALT).digest()


def viewer_read(check: Any, params: dict, values: tuple | None) -> None:
    """Note one viewer read of this request (the session's user or the token's, with the revision): the
    front runs ``check`` with ``params`` again, and serves this request's answer to the same request later
    only if it finds ``values`` again (None: no such viewer, nothing is kept)."""
    from flask import has_request_context

    if has_request_context():
        reads = g.setdefault(VIEWERS, [])
        reads.append((check, params, None if values is None else row_digest(values)))


class _Offer:
    """What an answer may be served again under: the viewer reads to run again and their rows' digests
    (None: a public page, kept by ``generation`` instead), the suggestion model, the wall-clock and the
    monotonic times it must not outlive, and the CSRF token to cut it at (with the session's raw one)."""

    __slots__ = ("viewers", "model", "until", "until_monotonic", "token", "raw", "generation")

    def __init__(self, viewers: tuple | None, model: tuple | None, until: float, until_monotonic: float,
                 token: str | None = None, raw: str | None = None, generation: int | None = None):
        self.viewers, self.model, self.until, self.until_monotonic = viewers, model, until, until_monotonic
        self.token, self.raw, self.generation = token, raw, generation


class _Answer:
    __slots__ = ("offer", "status", "headers", "parts", "size")

    def __init__(self, offer: _Offer, status: str, headers: list, parts: list[bytes], key: tuple):
        self.offer, self.status, self.headers, self.parts = offer, status, headers, parts
        self.size = (sum(map(len, parts)) + sum(len(k) + len(v) for k, v in headers) + len(repr(key))
                     + ENTRY_OVERHEAD)

    def __len__(self) -> int:
        return self.size


# What the desk or its libraries read (who asks, in what language, from where, for what): never left out.
_READ_HEADERS = frozenset({"HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ORIGIN",
                           "HTTP_FORWARDED", "HTTP_X_CSRFTOKEN", "HTTP_X_CSRF_TOKEN", "HTTP_X_REAL_IP"})
_READ_PREFIXES = ("HTTP_ACCEPT", "HTTP_X_FORWARDED_", "HTTP_IF_", "HTTP_CONTENT_")


def ignored_headers(names: str | list | tuple | None) -> frozenset[str]:
    """TRANSPORT_HEADERS and a deployment's own (names as sent, "X-Edge-Id", or as in WSGI, "HTTP_X_EDGE_ID").
    A header the desk reads (cookies, credentials, languages, the client's address...) is refused: left
    out of the key, it would let one person's kept answer reach another."""
    if isinstance(names, str):
        names = names.split(",")
    extra = {name.strip().upper().replace("-", "_") for name in names or () if name.strip()}
    extra = {name if name.startswith("HTTP_") else "HTTP_" + name for name in extra}
    read = sorted(name for name in extra if name in _READ_HEADERS or name.startswith(_READ_PREFIXES))
    if read:
        raise ValueError(f"FRONT_IGNORED_HEADERS names headers the desk reads: {', '.join(read)}")
    return TRANSPORT_HEADERS | extra


def request_key(environ: dict, ignored: frozenset[str] = TRANSPORT_HEADERS) -> tuple | None:
    """Everything in a GET request the desk's answer can depend on (None: not a request the front keeps)."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("CONTENT_LENGTH") not in (None, "", "0") \
            or "HTTP_TRANSFER_ENCODING" in environ or len(environ.get("QUERY_STRING", "")) > MAX_QUERY:
        return None
    headers = sorted((name, value) for name, value in environ.items()
                     if name.startswith("HTTP_") and name not in ignored
                     and not name.startswith(TRANSPORT_PREFIXES))
    if any(type(value) is not str for _, value in headers) or sum(len(value) for _, value in headers) > MAX_REQUEST_KEY:
        return None
    # A digest, not the request: a session cookie carries (signed, not hidden) what the session holds, such
    # as a two-factor setup's secret, and a key lives in memory as long as its answer.
    seen = repr((tuple(environ.get(part) for part in _REQUEST_PARTS), headers)).encode("utf-8", "surrogateescape")
    return ("front", hashlib.blake2b(seen, digest_size=32, key=_KEY_SALT).digest())


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
    viewers = g.get(VIEWERS)
    if not viewers or any(digest is None for _, _, digest in viewers):
        return
    until = (key[_KEY_MINUTE] + 1) * 60.0
    deadline = _session_deadline()
    if deadline is not None:
        until = min(until, deadline)
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    raw = session.get(field) if token else None
    request.environ[OFFER] = _Offer(tuple(viewers), key[-1], until, float("inf"), token, raw)


def offer_public(until_monotonic: float, generation: int) -> None:
    """A public page's answer may be served again until its lookup expires and while nothing was
    published or withdrawn in this process since before it was looked up (``generation``)."""
    if until_monotonic > time.monotonic():
        request.environ[OFFER] = _Offer(None, None, float("inf"), until_monotonic, generation=generation)


class Front:
    """WSGI middleware in front of the app: see the module's docstring."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app, self.wsgi_app = app, wsgi_app
        self.engine = _front_engine(app)
        self.ignored = ignored_headers(app.config.get("FRONT_IGNORED_HEADERS"))
        self._signer: tuple[str, Any] | None = None
        self._sightings: OrderedDict[tuple, None] = OrderedDict()
        self._compiled: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Keep nothing from before (the tests: each starts from an emptied database)."""
        self.memo().clear()
        with self._lock:
            self._sightings.clear()

    def memo(self) -> Memo:
        """The front's own memo (its budget apart from the views' page memo: neither can push out the other)."""
        memo = self.app.extensions.get("claimdesk_front")
        if memo is None:
            budget = int(self.app.config.get("FRONT_MEMO_BYTES", DEFAULT_BUDGET))
            memo = self.app.extensions.setdefault("claimdesk_front", Memo(budget))
        return memo

    def __call__(self, environ: dict, start_response: Callable):
        memo = self.memo()
        key = request_key(environ, self.ignored) if memo.budget > 0 and self.engine is not None else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        answer = memo.get(key)
        if answer is not None:
            try:
                body = self._again(answer)
            except Exception:  # noqa: BLE001 - whatever went wrong, the app answers (and handles it)
                log.exception("the front could not check a kept answer; the app answers")
                body = None
            if body is not None:
                start_response(answer.status, [*answer.headers, ("Content-Length", str(sum(map(len, body))))])
                return body
        return self._through(memo, key, environ, start_response)

    def _through(self, memo: Memo, key: tuple, environ: dict, start_response: Callable):
        seen: list = []

        def capture(status: str, headers: list, exc_info: Any = None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        offer = environ.get(OFFER)
        if offer is None or not seen or not seen[0].startswith("200 ") \
                or any(name.lower() == "set-cookie" for name, _ in seen[1]) or not self._seen_before(key):
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

    def _seen_before(self, key: tuple) -> bool:
        """Whether this request came once before: one that never comes again takes no memory (a header a
        proxy makes unique per request, a crawler's one visit)."""
        with self._lock:
            if key in self._sightings:
                del self._sightings[key]
                return True
            self._sightings[key] = None
            if len(self._sightings) > SIGHTINGS:
                self._sightings.popitem(last=False)
            return False

    def _again(self, answer: _Answer) -> list[bytes] | None:
        """The kept answer's body if it still holds at this moment, else None (the app answers). A page
        with a few tokens goes out as its pieces with the viewer's token between them (joined, a 300 KB
        page would be copied on every view); one with many forms is joined, since the server writes each
        piece with a call of its own."""
        offer = answer.offer
        if time.time() >= offer.until or time.monotonic() >= offer.until_monotonic:
            return None
        if offer.viewers is None:
            from app.services import public_reports

            if offer.generation != public_reports.generation():
                return None
        else:
            from app.services import checkworthiness

            if checkworthiness.model_stamp() != offer.model or not self._same_viewers(offer.viewers):
                return None
        parts = answer.parts
        if len(parts) == 1:
            return parts
        token = self._token(offer.raw).encode("ascii")
        if len(parts) > PIECES:
            return [token.join(parts)]
        body = [token] * (2 * len(parts) - 1)
        body[::2] = parts
        return body

    def _same_viewers(self, viewers: tuple) -> bool:
        """Each viewer read of the kept answer, run again, finds the same row with the same revision: the
        user is still active with the same session epoch and role, the token unrevoked, and nothing in the
        desk has changed since (a write made past the desk's engines, by hand, changes the row too when it
        touches the user or the token). False too when the database cannot answer: the app then does."""
        try:
            connection = self.engine.connect()
        except sa.exc.SQLAlchemyError:
            return False
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        cursor = None
        try:
            cursor = connection.connection.cursor()
            for statement, params, digest in viewers:
                sql, arguments = self._driver_form(statement, params)
                # On the driver's own cursor: SQLAlchemy's result machinery costs more than the round trip
                # to SQLite. The engine's listeners still hear of the statement (what counts statements).
                _tell_listeners(connection, cursor, sql, arguments)
                cursor.execute(sql, arguments)
                row = cursor.fetchone()
                if row is None or row_digest(row) != digest:
                    return False
        except dbapi_error as exc:
            if self.engine.dialect.is_disconnect(exc, connection.connection.dbapi_connection, cursor):
                connection.invalidate()  # a server gone away: the next check opens a new connection
            else:
                log.warning("the front's check failed (%s); the app answers", exc)
            return False
        finally:
            if cursor is not None:
                with contextlib.suppress(dbapi_error):
                    cursor.close()
            connection.close()
        return True

    def _driver_form(self, statement: Any, params: dict) -> tuple[str, Any]:
        """The statement as its SQL text, compiled once, with its parameters as the driver takes them: a
        Core statement executed as such is re-keyed for SQLAlchemy's cache on every call, which costs as
        much as the round trip to SQLite."""
        compiled = self._compiled.get(statement)
        if compiled is None:
            compiled = self._compiled.setdefault(statement, statement.compile(dialect=self.engine.dialect))
        values = {**compiled.params, **params}
        if compiled.positional:
            return compiled.string, tuple(values[name] for name in compiled.positiontup)
        return compiled.string, values

    def _token(self, raw: str) -> str:
        """A freshly signed CSRF token for the session's raw one, as Flask-WTF's generate_csrf makes it."""
        config = self.app.config
        secret = config.get("WTF_CSRF_SECRET_KEY", self.app.secret_key)
        signer = self._signer
        if signer is None or signer[0] != secret:
            from itsdangerous import URLSafeTimedSerializer

            signer = self._signer = (secret, URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        return signer[1].dumps(raw)


def _tell_listeners(connection: sa.Connection, cursor: Any, sql: str, arguments: Any) -> None:
    """``before_cursor_execute`` for a statement run on the driver's cursor (there is no execution context:
    a listener that needs one cannot follow this statement, and the check goes on without it)."""
    for listener in connection.dispatch.before_cursor_execute:
        try:
            listener(connection, cursor, sql, arguments, None, False)
        except Exception:  # noqa: BLE001 - someone else's bookkeeping must not stop the check
            log.debug("a before_cursor_execute listener could not follow the front's check", exc_info=True)


def _front_engine(app: Flask) -> sa.Engine | None:
    """The front's own small pool, in autocommit and without the app pool's ping on checkout: one round
    trip a check. A dropped connection fails the check (the app answers) and is replaced on the next. It
    never waits long for a connection: a front with none free lets the app answer. None (no front) for an
    in-memory SQLite: its one connection is everyone's, and autocommit on it would end another's
    transaction."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
    if isinstance(engine.pool, SHARED_POOLS):
        return None
    options = {k: v for k, v in (app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}).items()
               if k in ("connect_args", "json_serializer", "json_deserializer")}
    front = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_size=2,
                             max_overflow=32, pool_timeout=0.25, **options)
    held = weakref.ref(front)

    def after_fork() -> None:  # a forked worker opens its own connections, never its parent's
        alive = held()
        if alive is not None:
            alive.dispose(close=False)

    os.register_at_fork(after_in_child=after_fork)
    return front
