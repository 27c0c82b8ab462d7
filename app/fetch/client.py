"""The HTTP client of the fetch policy: connects to the address that was checked, keeps Host and SNI, and
checks every redirect hop, the total time, the size and the type.

The limits hold against a hostile peer. FETCH_TIMEOUT is one wall-clock deadline for the whole fetch (name,
connection, TLS, request, status line, headers and body of every hop): every socket operation gets the time
left as its timeout (never more) and the deadline is checked again after every read, so a peer that
trickles a byte at a time is cut off at the deadline rather than kept alive by each byte. FETCH_MAX_BYTES
bounds the bytes read from the wire (headers included) and, separately, a decompressed body (a gzip bomb
stops there).
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import socket
import ssl
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from app.fetch.policy import FetchError, Policy, Target, parse_target, resolve
from app.i18n import _l

HTML_TYPES = ("text/html", "application/xhtml+xml")
ARTICLE_TYPES = (*HTML_TYPES, "text/plain")
# A source may be any document a person can read: pages, plain text, PDFs, XML and JSON feeds.
SOURCE_TYPES = (*ARTICLE_TYPES, "application/pdf", "application/xml", "text/xml", "application/json",
                "application/rss+xml", "application/atom+xml", "text/csv", "text/markdown")
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class Exchange:
    """One fetched document: the final request and response as sent and received, and where it came from."""

    url: str
    final_url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    request_path: str
    address: str
    fetched_at: dt.datetime
    redirects: list[str] = field(default_factory=list)
    # The Content-Encoding the client undid (gzip, deflate): body is the decoded document and the header
    # is dropped from headers, as Transfer-Encoding is.
    content_encoding: str | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.header("Content-Type") or "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class _Budget:
    """One fetch's limits as they run down: the wall-clock deadline and the bytes read from the wire."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.deadline = time.monotonic() + policy.timeout
        self.wire_bytes = 0
        self.stage: object = _l("connecting")

    def left(self) -> float:
        """Seconds left before the deadline (the timeout of the next socket operation); past it, fetch_timeout."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.timed_out()
        return left

    def timed_out(self) -> FetchError:
        return FetchError("fetch_timeout", _l("The fetch took longer than the limit of %(seconds)s s in all (it "
                                              "stopped while %(stage)s).", seconds=f"{self.policy.timeout:g}",
                                              stage=self.stage), transient=True)

    def took(self, count: int) -> None:
        self.wire_bytes += count
        if self.wire_bytes > self.policy.max_bytes:
            raise FetchError("too_large", _l("The answer is larger than the limit of %(limit)s bytes, headers "
                                             "included.", limit=f"{self.policy.max_bytes:,}"))
        self.left()


class _WireIO(io.RawIOBase):
    """The socket as http.client reads it (status line, headers, body): each recv waits at most the time left,
    and every read is counted and followed by a deadline check."""

    def __init__(self, sock: socket.socket, budget: _Budget):
        super().__init__()
        # The socket's own unbuffered file: it holds a reference, so the connection closing after the headers
        # (Connection: close) leaves the body readable, as with http.client's own makefile().
        self._raw = sock.makefile("rb", buffering=0)
        self._sock, self._budget = sock, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(self._budget.left())
        count = self._raw.readinto(buffer)
        self._budget.took(count or 0)
        return count

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _BoundSocket:
    """What http.client's response is given as its socket: only makefile() is asked of it."""

    def __init__(self, sock: socket.socket, budget: _Budget):
        self._sock, self._budget = sock, budget

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_WireIO(self._sock, self._budget))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked address, with the URL's host in the Host header, inside the fetch's budget."""

    def __init__(self, target: Target, address: str, budget: _Budget):
        super().__init__(target.host, target.port, timeout=budget.left())
        self._address, self._budget = address, budget
        self.response_class = self._bound_response

    def _bound_response(self, sock, *args, **kwargs) -> http.client.HTTPResponse:
        return http.client.HTTPResponse(_BoundSocket(sock, self._budget), *args, **kwargs)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self._budget.left())


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    """HTTPS to the checked address; the certificate is checked against the URL's host name (SNI too)."""

    default_port = http.client.HTTPS_PORT

    def __init__(self, target: Target, address: str, budget: _Budget, context: ssl.SSLContext):
        super().__init__(target, address, budget)
        self._context = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self._budget.left())
        try:
            sock.settimeout(self._budget.left())  # the whole handshake is one wait of at most the time left
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


class _Inflater:
    """A Content-Encoding (gzip, deflate) undone a piece at a time, never past the room left for the body."""

    def __init__(self, encoding: str, limit: int):
        self.encoding, self.limit = encoding, limit
        self._z = None
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        out: list[bytes] = []
        while data:
            if self._z is None:
                if self._started and (self.encoding == "deflate" or not data.startswith(b"\x1f\x8b")):
                    break  # padding after the last member: ignored, as browsers do
                # deflate is meant to be zlib-wrapped (RFC 9110); some servers send it raw.
                wbits = 31 if self.encoding != "deflate" else (15 if data[0] & 0x0F == 8 else -15)
                self._z, self._started = zlib.decompressobj(wbits), True
            piece = self._z.decompress(data, room + 1)  # at most one byte past the room: enough to know
            room -= len(piece)
            out.append(piece)
            if room < 0:
                raise FetchError("too_large", _l("The document decompresses to more than the limit of %(limit)s "
                                                 "bytes.", limit=f"{self.limit:,}"))
            if not self._z.eof:
                break
            data, self._z = self._z.unused_data, None
        return b"".join(out)

    def finish(self) -> None:
        if self._z is not None:
            raise zlib.error("truncated")


def _content_encoding(headers: list[tuple[str, str]]) -> str | None:
    """The one Content-Encoding the client undoes (gzip, deflate), None for none; others are refused."""
    values = [v.strip().lower() for k, value in headers if k.lower() == "content-encoding" for v in value.split(",")]
    values = [v for v in values if v and v != "identity"]
    if not values:
        return None
    if len(values) == 1 and values[0] in ("gzip", "x-gzip", "deflate"):
        return "deflate" if values[0] == "deflate" else "gzip"
    raise FetchError("unsupported_type", _l("The site sent the document compressed as %(encoding)s, which the "
                                            "desk does not read.", encoding=", ".join(values)))


def _type_allowed(content_type: str, accept: tuple[str, ...]) -> bool:
    return content_type in accept or (content_type.startswith("text/") and "text/plain" in accept
                                      and content_type not in ("text/javascript", "text/css"))


def fetch(url: str, policy: Policy, *, accept: tuple[str, ...] = ARTICLE_TYPES,
          ssl_context: ssl.SSLContext | None = None, headers: Sequence[tuple[str, str]] = ()) -> Exchange:
    """GET url under the policy: every hop checked, FETCH_TIMEOUT in all, FETCH_MAX_BYTES at most, types in accept.

    `headers` are sent on top of the client's own (a feed's If-None-Match, If-Modified-Since); a 304 Not
    Modified comes back as an Exchange with no body. Raises FetchError with the SPEC's code; an HTTP status of
    400 or more is a fetch_failed naming it.
    """
    budget = _Budget(policy)
    context = ssl_context or ssl.create_default_context()
    seen: list[str] = []
    current = url
    while True:
        target = parse_target(current)
        budget.stage = _l("looking up the name")
        address = resolve(target, policy, timeout=budget.left())
        exchange = _one_request(target, address, budget, context, accept, headers)
        if exchange.status in REDIRECTS and exchange.header("Location"):
            seen.append(current)
            following = urljoin(current, exchange.header("Location").strip())
            if following in seen or following == current:
                raise FetchError("fetch_failed", _l("The site redirects in a loop."))
            if len(seen) > policy.max_redirects:
                raise FetchError("fetch_failed", _l("The site redirects more than %(count)s times.",
                                                    count=policy.max_redirects))
            current = following
            continue
        exchange.url, exchange.redirects = url, seen
        return exchange


def _one_request(target: Target, address: str, budget: _Budget, context: ssl.SSLContext,
                 accept: tuple[str, ...], extra: Sequence[tuple[str, str]] = ()) -> Exchange:
    budget.stage = _l("connecting")
    if target.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(target, address, budget, context)
    else:
        conn = _PinnedHTTPConnection(target, address, budget)
    headers = [("Host", target.host_header), ("User-Agent", budget.policy.user_agent),
               ("Accept", ", ".join(accept) + ", */*;q=0.1"), ("Accept-Encoding", "identity"),
               ("Connection", "close"), *extra]
    response = None
    try:
        conn.connect()
        budget.stage = _l("sending the request")
        conn.sock.settimeout(budget.left())  # sendall: the time left for the whole request
        conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders()
        budget.stage = _l("waiting for the answer")
        response = conn.getresponse()
        exchange = Exchange(target.url, target.url, response.status, response.reason or "",
                            list(response.getheaders()), b"", headers, target.path, address, dt.datetime.now(dt.UTC))
        if exchange.status in (*REDIRECTS, 304):
            return exchange
        _check_head(exchange, budget.policy, accept)
        budget.stage = _l("reading the page")
        _read_body(response, exchange, budget, accept)
        return exchange
    except FetchError:
        raise
    except TimeoutError:
        raise budget.timed_out() from None
    except ssl.SSLError as exc:
        raise FetchError("fetch_failed", _l("The secure connection failed (TLS: %(reason)s).",
                                            reason=str(exc.reason or exc))) from None
    except ConnectionRefusedError:
        raise FetchError("fetch_failed", _l("%(host)s refused the connection.", host=target.host),
                         transient=True) from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError("fetch_failed", _l("The connection to %(host)s failed (%(error)s).", host=target.host,
                                            error=type(exc).__name__), transient=True) from None
    finally:
        if response is not None:
            response.close()  # it holds the socket open past conn.close() (Connection: close hands it over)
        conn.close()


def _check_head(exchange: Exchange, policy: Policy, accept: tuple[str, ...]) -> None:
    """What the status line and headers already tell: an HTTP error, a type the caller does not read, a size."""
    status, reason = exchange.status, exchange.reason
    if status >= 400:
        raise FetchError("fetch_failed", _l("The site answered HTTP %(status)s.", status=f"{status} {reason}".strip()),
                         status=status, transient=status >= 500 or status == 429, gone=status != 429)
    content_type = exchange.content_type
    if content_type and not _type_allowed(content_type, accept):
        raise FetchError("unsupported_type", _l("The address serves %(type)s, which the desk does not read here "
                                                "(it takes %(accepted)s…).", type=content_type,
                                                accepted=", ".join(accept[:3])))
    length = exchange.header("Content-Length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise FetchError("too_large", _l("The document is %(size)s bytes; the limit is %(limit)s.",
                                         size=f"{int(length):,}", limit=f"{policy.max_bytes:,}"))


def _read_body(response: http.client.HTTPResponse, exchange: Exchange, budget: _Budget,
               accept: tuple[str, ...]) -> None:
    """The body, decoded if the site compressed it, within the byte limit and the deadline."""
    limit = budget.policy.max_bytes
    encoding = _content_encoding(exchange.headers)
    inflater = _Inflater(encoding, limit) if encoding else None
    chunks, total = [], 0
    try:
        while chunk := response.read(CHUNK):
            if inflater:
                chunk = inflater.feed(chunk, limit - total)
            total += len(chunk)
            if total > limit:
                raise FetchError("too_large", _l("The document is larger than the limit of %(limit)s bytes.",
                                                 limit=f"{limit:,}"))
            chunks.append(chunk)
            budget.left()
        if response.length:  # http.client's read(amt) takes an early close for the end: it is not
            raise FetchError("fetch_failed", _l("The site closed the connection before sending the whole page."),
                             transient=True)
        if inflater:
            inflater.finish()
    except zlib.error:
        raise FetchError("fetch_failed", _l("The site's compressed document (%(encoding)s) is damaged or cut "
                                            "short.", encoding=encoding)) from None
    exchange.body = b"".join(chunks)
    if encoding:
        exchange.content_encoding = encoding
        exchange.headers = [(k, v) for k, v in exchange.headers if k.lower() != "content-encoding"]
    if not exchange.content_type:
        head = exchange.body[:512].lstrip().lower()
        sniffed = "text/html" if head.startswith((b"<!doctype html", b"<html", b"<")) else "application/octet-stream"
        if not _type_allowed(sniffed, accept):
            raise FetchError("unsupported_type", _l("The address serves a document without a type the desk reads."))
        exchange.headers.append(("Content-Type", sniffed))
