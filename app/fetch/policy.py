"""The fetch policy: http(s) only, names resolved once, and only global unicast addresses (an allowlist
written from the IANA special-purpose registries, app/fetch/addresses.py), however they are spelled, unless
FETCH_ALLOWED_HOSTS names the host:port.

Hosts are read the way a resolver would read them, so that every spelling of 127.0.0.1 is caught before
any packet leaves: decimal (2130706433), hex (0x7f.1), octal (0177.0.0.1), short forms (127.1), trailing
dots, IPv4-mapped IPv6 (::ffff:127.0.0.1), and names (IDN included) are resolved and every address checked.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import idna

from app.fetch.addresses import OUTSIDE_GLOBAL_UNICAST, refused_entry
from app.i18n import _l

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

DEFAULT_PORTS = {"http": 80, "https": 443}
HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


class FetchError(Exception):
    """A fetch that did not happen or did not succeed, with the SPEC's code and a sentence a person understands.

    codes: fetch_refused, fetch_failed (the message names the HTTP status), fetch_timeout, too_large,
    unsupported_type. `transient` failures (timeouts, 5xx, refused connections) are worth retrying;
    `gone` ones (4xx, 5xx, a name that does not resolve) mark a source as gone.
    """

    def __init__(self, code: str, message: Any, *, status: int | None = None, transient: bool = False,
                 gone: bool = False):
        super().__init__(message)
        # The message stays lazy (app.i18n) and is read as text in the language of whoever reads it.
        self._message = message
        self.code, self.status, self.transient, self.gone = code, status, transient, gone

    @property
    def message(self) -> str:
        return str(self._message)

    @property
    def lazy_message(self) -> Any:
        """The message still lazy: to be kept in a row and said later in each reader's language."""
        return self._message

    def __str__(self) -> str:
        return self.message


def refused(message: str) -> FetchError:
    return FetchError("fetch_refused", message)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (A and AAAA)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    allowed_hosts: frozenset[tuple[str, int]] = frozenset()
    user_agent: str = "ClaimDesk/1.0"
    max_redirects: int = 5
    resolver: Resolver = field(default=system_resolver, compare=False)

    def allows(self, host: str, port: int) -> bool:
        return (host, port) in self.allowed_hosts


def parse_allowed_hosts(value: str | Iterable[str]) -> frozenset[tuple[str, int]]:
    """FETCH_ALLOWED_HOSTS: "intranet.example:443,127.0.0.1:8081" (the port is required)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    allowed = set()
    for item in (i.strip() for i in items):
        if not item:
            continue
        host, _, port = item.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"FETCH_ALLOWED_HOSTS entry {item!r} is not host:port")
        allowed.add((host.strip("[]").lower().rstrip("."), int(port)))
    return frozenset(allowed)


def policy_from_config(config: dict, **overrides) -> Policy:
    values = dict(
        timeout=float(config.get("FETCH_TIMEOUT") or 10),
        max_bytes=int(config.get("FETCH_MAX_BYTES") or 5 * 1024 * 1024),
        allowed_hosts=parse_allowed_hosts(config.get("FETCH_ALLOWED_HOSTS") or ""),
        user_agent=config.get("FETCH_USER_AGENT") or "ClaimDesk/1.0",
    )
    values.update(overrides)
    return Policy(**values)


@dataclass(frozen=True)
class Target:
    """A URL as it will be fetched: scheme, the host in ASCII, port, path and query, and a literal address if any."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    literal: IPAddress | None

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if self.literal is not None and self.literal.version == 6 else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """An IPv4 address in any form inet_aton accepts (127.1, 0x7f.1, 0177.0.0.1, 2130706433), else None."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        try:
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                numbers.append(int(part, 10) if part.isdigit() else int("x"))
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def refusal_reason(address: IPAddress) -> Any:
    """Why this address may not be fetched (app.fetch.addresses, from the IANA registries), or None."""
    entry = refused_entry(address)
    if entry is None:
        return None
    if entry is OUTSIDE_GLOBAL_UNICAST:
        return _l("an IPv6 address outside global unicast (2000::/3)")
    return _l("an address the IANA registries reserve (%(name)s, %(block)s)", name=entry.name,
              block=str(entry.block))


def parse_target(url: str) -> Target:
    """The URL checked for form (no DNS yet): http(s), no credentials, a host read as a resolver reads it."""
    if not isinstance(url, str) or not url.strip():
        raise refused(_l("No URL was given."))
    url = url.strip()
    if any(ord(ch) < 33 or ord(ch) == 127 or ch == "\\" for ch in url):
        raise refused(_l("The URL contains spaces, control characters or backslashes."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise refused(_l("The URL is not valid.")) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise refused(_l("Only http and https addresses are fetched, not %(scheme)s:.", scheme=scheme or "?"))
    if "@" in parts.netloc:
        raise refused(_l("Addresses with a user name or password (user@host) are not fetched."))
    raw_host = parts.hostname or ""
    if not raw_host:
        raise refused(_l("The URL has no host."))
    if port == 0:
        raise refused(_l("Port 0 is not a port a site answers on."))
    port = port or DEFAULT_PORTS[scheme]
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if "[" in parts.netloc:  # an IPv6 literal
        if "%" in raw_host:
            raise refused(_l("IPv6 zone identifiers are not fetched."))
        try:
            literal: IPAddress | None = ipaddress.IPv6Address(raw_host)
        except ValueError:
            raise refused(_l("The IPv6 address is not valid.")) from None
        return Target(url, scheme, str(literal), port, path, literal)
    host = raw_host.rstrip(".")
    if not host or ".." in host:
        raise refused(_l("The host name is not valid."))
    try:
        host = idna.encode(host, uts46=True).decode("ascii").lower() if not host.isascii() else host.lower()
    except idna.IDNAError:
        raise refused(_l("The host name is not a valid international domain name.")) from None
    labels = host.split(".")
    if NUMERIC_LABEL.match(labels[-1]):
        literal = parse_ipv4_loose(host)
        if literal is None:
            raise refused(_l("The host looks like an IP address but is not a valid one."))
        return Target(url, scheme, str(literal), port, path, literal)
    if not all(HOST_LABEL.match(label) for label in labels):
        raise refused(_l("The host name has characters a domain name cannot have."))
    if host == "localhost" or host.endswith(".localhost"):
        raise refused(_l("localhost is the desk's own machine; it is not fetched."))
    return Target(url, scheme, host, port, path, None)


def check_target(target: Target, policy: Policy) -> None:
    """Refuse a literal address the policy forbids (names are checked once resolved)."""
    if target.literal is not None and not policy.allows(target.host, target.port):
        reason = refusal_reason(target.literal)
        if reason:
            raise refused(_l("%(host)s is %(reason)s; the desk does not fetch it.", host=target.host, reason=reason))


def resolve(target: Target, policy: Policy, *, timeout: float) -> str:
    """The one address to connect to, checked; a name is resolved once and every address it has is checked."""
    check_target(target, policy)
    if target.literal is not None:
        return str(target.literal)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        addresses = pool.submit(policy.resolver, target.host, target.port).result(timeout=max(0.01, timeout))
    except concurrent.futures.TimeoutError:
        raise FetchError("fetch_timeout", _l("Looking up %(host)s took too long.", host=target.host), transient=True) from None
    except (OSError, UnicodeError):
        raise FetchError("fetch_failed", _l("The name %(host)s does not resolve (no such site).", host=target.host),
                         gone=True) from None
    finally:
        pool.shutdown(wait=False)
    if not addresses:
        raise FetchError("fetch_failed", _l("The name %(host)s does not resolve (no such site).", host=target.host),
                         gone=True)
    checked = []
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            raise refused(_l("%(host)s resolves to something that is not an address.", host=target.host)) from None
        reason = None if policy.allows(target.host, target.port) else refusal_reason(address)
        if reason:
            # One bad address is enough: a name pointing at both a public and a private address is a trap.
            raise refused(_l("%(host)s resolves to %(address)s, %(reason)s; the desk does not fetch it.",
                              host=target.host, address=str(address), reason=reason))
        checked.append(str(address))
    return checked[0]


def check_url(url: str, policy: Policy, *, resolve_names: bool = True) -> Target:
    """Refuse now what the policy forbids (form, literal addresses, and with resolve_names the name's addresses).

    A name that does not resolve is not refused here: the fetch will say so.
    """
    target = parse_target(url)
    check_target(target, policy)
    if resolve_names and target.literal is None:
        try:
            resolve(target, policy, timeout=min(policy.timeout, 3.0))
        except FetchError as exc:
            if exc.code == "fetch_refused":
                raise
    return target
