"""The fetch policy refuses internal addresses in every spelling before any packet leaves (stubbed resolver)."""

from __future__ import annotations

import socket

import pytest

from app.fetch import FetchError, Policy, fetch
from app.fetch.policy import check_url, parse_allowed_hosts, parse_ipv4_loose


class Resolver:
    """A resolver from a table; it records the names asked and never touches the network."""

    def __init__(self, table: dict[str, list[str]]):
        self.table, self.asked = table, []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


@pytest.fixture
def no_connections(monkeypatch):
    """Any attempt to open a socket fails the test: a refusal must happen before a packet leaves."""
    def forbidden(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", forbidden)


REFUSED = [
    "http://127.0.0.1/", "http://127.0.0.1:8080/admin", "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/",
    "http://127.1/", "http://0177.0.0.1/", "http://0177.1/", "http://017700000001/", "http://127.0.0.1./",
    "http://127.0.0.1../", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://[::]/", "http://0.0.0.0/", "http://0/", "http://10.0.0.1/", "http://10.1/", "http://172.16.5.4/",
    "http://192.168.1.1/", "http://0xc0.0xa8.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
    "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://224.0.0.1/", "http://[ff02::1]/", "http://240.0.0.1/",
    "http://255.255.255.255/", "http://100.64.0.1/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
    "http://user@127.0.0.1/", "http://news.example@127.0.0.1/", "http://127.0.0.1@news.example/",
    "http://user:pass@news.example/", "http://localhost/", "http://LOCALHOST./", "http://api.localhost/",
    "http://127.0.0.1\\@news.example/", "http://%31%32%37.0.0.1/", "http://1.2.3.4.5/", "http://0x7g.1/",
    "ftp://news.example/file", "file:///etc/passwd", "gopher://news.example/", "javascript:alert(1)",
    "http://[fe80::1%25eth0]/", "http://news.example:0/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_internal_addresses_are_refused_in_every_spelling(url, no_connections):
    resolver = Resolver({"news.example": ["93.184.216.34"]})
    with pytest.raises(FetchError) as caught:
        fetch(url, Policy(resolver=resolver))
    assert caught.value.code == "fetch_refused" and caught.value.message


@pytest.mark.parametrize("name, addresses", [
    ("intranet.example", ["10.20.30.40"]),
    ("metadata.example", ["169.254.169.254"]),
    ("v6.example", ["::1"]),
    ("mapped.example", ["::ffff:192.168.0.1"]),
    ("rebind.example", ["93.184.216.34", "127.0.0.1"]),  # one bad address is enough
    ("xn--mnchen-3ya.example", ["192.168.0.10"]),  # münchen.example, IDN
])
def test_names_that_resolve_inside_are_refused(name, addresses, no_connections):
    resolver = Resolver({name: addresses})
    url = "http://münchen.example/" if name.startswith("xn--") else f"http://{name}/page"
    with pytest.raises(FetchError) as caught:
        fetch(url, Policy(resolver=resolver))
    assert caught.value.code == "fetch_refused"
    assert resolver.asked == [name]  # resolved once, by its ASCII name


def test_a_name_that_does_not_resolve_fails_as_gone(no_connections):
    with pytest.raises(FetchError) as caught:
        fetch("https://no-such-site.example/", Policy(resolver=Resolver({})))
    assert caught.value.code == "fetch_failed" and caught.value.gone and "does not resolve" in caught.value.message


def test_check_url_refuses_before_queueing_but_lets_unknown_names_through(no_connections):
    policy = Policy(resolver=Resolver({"intranet.example": ["10.0.0.8"]}))
    with pytest.raises(FetchError):
        check_url("http://intranet.example/", policy)
    assert check_url("http://unknown.example/", policy).host == "unknown.example"


def test_allowed_hosts_let_a_named_host_port_through():
    policy = Policy(allowed_hosts=parse_allowed_hosts("127.0.0.1:8123, intranet.example:443"))
    assert check_url("http://127.0.0.1:8123/", policy).literal is not None
    with pytest.raises(FetchError):
        check_url("http://127.0.0.1:8124/", policy)  # the port is part of the permission
    with pytest.raises(ValueError):
        parse_allowed_hosts("no-port.example")


@pytest.mark.parametrize("text, expected", [
    ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("0177.0.0.01", "127.0.0.1"), ("10.1", "10.0.0.1"), ("0", "0.0.0.0"), ("256.1.1.1", None), ("1.2.3.4.5", None),
    ("08.0.0.1", None),
])
def test_ipv4_is_read_as_a_resolver_reads_it(text, expected):
    result = parse_ipv4_loose(text)
    assert (str(result) if result else None) == expected
