"""The HTTP client of the fetch policy: connects to the address that was checked, keeps Host and SNI, and
checks every redirect hop, the total time, the size and the type."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from app.fetch.policy import FetchError, Policy, Target, parse_target, resolve

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


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked address, with the URL's host in the Host header."""

    def __init__(self, target: Target, address: str, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is checked against the URL's host name (SNI too)."""

    def __init__(self, target: Target, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _remaining(deadline: float, what: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("fetch_timeout", f"The site took too long ({what}).", transient=True)
    return left


def _type_allowed(content_type: str, accept: tuple[str, ...]) -> bool:
    return content_type in accept or (content_type.startswith("text/") and "text/plain" in accept
                                      and content_type not in ("text/javascript", "text/css"))


def fetch(url: str, policy: Policy, *, accept: tuple[str, ...] = ARTICLE_TYPES,
          ssl_context: ssl.SSLContext | None = None) -> Exchange:
    """GET url under the policy: every hop checked, FETCH_TIMEOUT in all, FETCH_MAX_BYTES at most, types in accept.

    Raises FetchError with the SPEC's code; an HTTP status of 400 or more is a fetch_failed naming it.
    """
    deadline = time.monotonic() + policy.timeout
    context = ssl_context or ssl.create_default_context()
    seen: list[str] = []
    current = url
    while True:
        target = parse_target(current)
        address = resolve(target, policy, timeout=_remaining(deadline, "looking up the name"))
        exchange = _one_request(target, address, policy, deadline, context, accept)
        if exchange.status in REDIRECTS and exchange.header("Location"):
            seen.append(current)
            following = urljoin(current, exchange.header("Location").strip())
            if following in seen or following == current:
                raise FetchError("fetch_failed", "The site redirects in a loop.")
            if len(seen) > policy.max_redirects:
                raise FetchError("fetch_failed", f"The site redirects more than {policy.max_redirects} times.")
            current = following
            continue
        exchange.url, exchange.redirects = url, seen
        return exchange


def _one_request(target: Target, address: str, policy: Policy, deadline: float, context: ssl.SSLContext,
                 accept: tuple[str, ...]) -> Exchange:
    timeout = _remaining(deadline, "connecting")
    if target.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(target, address, timeout, context)
    else:
        conn = _PinnedHTTPConnection(target, address, timeout)
    headers = [("Host", target.host_header), ("User-Agent", policy.user_agent),
               ("Accept", ", ".join(accept) + ", */*;q=0.1"), ("Accept-Encoding", "identity"),
               ("Connection", "close")]
    try:
        conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders()
        if conn.sock is not None:
            conn.sock.settimeout(_remaining(deadline, "waiting for an answer"))
        response = conn.getresponse()
        status, reason = response.status, response.reason or ""
        response_headers = [(k, v) for k, v in response.getheaders()]
        fetched_at = dt.datetime.now(dt.UTC)
        if status in REDIRECTS:
            return Exchange(target.url, target.url, status, reason, response_headers, b"", headers, target.path,
                            address, fetched_at)
        if status >= 400:
            raise FetchError("fetch_failed", f"The site answered HTTP {status}{' ' + reason if reason else ''}.",
                             status=status, transient=status >= 500 or status == 429, gone=status != 429)
        exchange = Exchange(target.url, target.url, status, reason, response_headers, b"", headers, target.path,
                            address, fetched_at)
        content_type = exchange.content_type
        if content_type and not _type_allowed(content_type, accept):
            raise FetchError("unsupported_type", f"The address serves {content_type}, which the desk does not read "
                                                 f"here (it takes {', '.join(accept[:3])}…).")
        length = exchange.header("Content-Length")
        if length and length.strip().isdigit() and int(length) > policy.max_bytes:
            raise FetchError("too_large", f"The document is {int(length):,} bytes; the limit is "
                                          f"{policy.max_bytes:,}.")
        chunks, total = [], 0
        while True:
            if conn.sock is not None:
                conn.sock.settimeout(_remaining(deadline, "sending the page"))
            chunk = response.read(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > policy.max_bytes:
                raise FetchError("too_large", f"The document is larger than the limit of {policy.max_bytes:,} bytes.")
            chunks.append(chunk)
            _remaining(deadline, "sending the page")
        exchange.body = b"".join(chunks)
        if not content_type:
            head = exchange.body[:512].lstrip().lower()
            sniffed = "text/html" if head.startswith((b"<!doctype html", b"<html", b"<")) else "application/octet-stream"
            if not _type_allowed(sniffed, accept):
                raise FetchError("unsupported_type", "The address serves a document without a type the desk reads.")
            exchange.headers.append(("Content-Type", sniffed))
        return exchange
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError("fetch_timeout", f"The site took longer than {policy.timeout:g} s to answer.",
                         transient=True) from None
    except ssl.SSLError as exc:
        raise FetchError("fetch_failed", f"The secure connection failed (TLS: {exc.reason or exc}).") from None
    except ConnectionRefusedError:
        raise FetchError("fetch_failed", f"{target.host} refused the connection.", transient=True) from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError("fetch_failed", f"The connection to {target.host} failed ({type(exc).__name__}).",
                         transient=True) from None
    finally:
        conn.close()
