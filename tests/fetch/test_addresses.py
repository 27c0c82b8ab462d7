"""Every IANA special-purpose entry (app/fetch/addresses.py) is refused before any packet, however the address is
spelled and whether it is a literal or a name's answer; ordinary global unicast addresses are allowed.

A resolver stub answers for the names, socket.getaddrinfo and socket.create_connection fail the test if used.
Python 3.11's ipaddress calls several of these ranges global (fec0::/10, 3fff::/20, 2002::/16, 64:ff9b::/96,
64:ff9b:1::/48, 5f00::/16, 192.0.0.9, AS112, AMT): the allowlist does not ask it.
"""

from __future__ import annotations

import ipaddress
import random
import socket

import pytest

from app.fetch import FetchError, Policy, check_url, fetch
from app.fetch.addresses import IPV4_SPECIAL, IPV6_SPECIAL, SPECIAL_PURPOSE, refused_entry
from app.fetch.policy import refusal_reason


@pytest.fixture
def no_packets(monkeypatch):
    """Neither a DNS query nor a connection may happen: a refusal must come first."""
    def forbidden(*args, **kwargs):
        raise AssertionError(f"the network was used: {args}")

    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    monkeypatch.setattr(socket.socket, "connect", forbidden)


def samples(block, count: int = 3) -> list:
    """The first, the last and a few addresses in between (the same ones every run)."""
    first, last = int(block.network_address), int(block.broadcast_address)
    chosen = {first, last, (first + last) // 2}
    rng = random.Random(str(block))
    chosen.update(rng.randint(first, last) for _ in range(count))
    return [ipaddress.ip_address(n) if block.version == 4 else ipaddress.IPv6Address(n) for n in sorted(chosen)]


def spellings(address) -> list[str]:
    """The URL hosts that mean this address: dotted, one integer (decimal, hex), octal parts, IPv6 forms."""
    if address.version == 6:
        return [f"[{address}]", f"[{address.exploded}]", f"[{address.exploded.upper()}]"]
    value = int(address)
    return [str(address), str(value), hex(value), ".".join(f"0{int(p):o}" for p in str(address).split(".")),
            f"[::ffff:{address}]", f"[::ffff:{value >> 16:x}:{value & 0xFFFF:x}]"]


def refused_before_any_packet(host: str, resolves_to: str | None = None) -> FetchError:
    name = "probe.example"
    policy = Policy(resolver=lambda asked, port: [resolves_to] if asked == name else [])
    url = f"http://{name}/page" if resolves_to else f"http://{host}/page"
    with pytest.raises(FetchError) as caught:
        fetch(url, policy)
    assert caught.value.code == "fetch_refused", (url, resolves_to, caught.value.message)
    assert "does not fetch" in caught.value.message
    return caught.value


MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


@pytest.mark.parametrize("entry", SPECIAL_PURPOSE, ids=lambda e: f"{e.block} {e.name}")
def test_every_registry_entry_is_refused_in_every_spelling_before_any_packet(entry, no_packets):
    if entry.block == MAPPED:  # judged by the IPv4 address each carries: those of the IPv4 entries
        addresses = [ipaddress.IPv6Address(f"::ffff:{a}") for e in IPV4_SPECIAL for a in samples(e.block, 1)]
    else:
        addresses = samples(entry.block)
    for address in addresses:
        assert refused_entry(address) is not None, address
        for host in spellings(address):
            refused_before_any_packet(host)
        refused_before_any_packet("", resolves_to=str(address))
        # one bad answer among good ones is enough (a rebinding trap)
        good = "93.184.216.34" if address.version == 4 else "2606:4700:4700::1111"
        policy = Policy(resolver=lambda host, port, bad=str(address), good=good: [good, bad])
        with pytest.raises(FetchError) as caught:
            fetch("http://mixed.example/", policy)
        assert caught.value.code == "fetch_refused"


@pytest.mark.parametrize("text", ["fec0::1", "fec0:1234::abcd", "feff:ffff::1", "3fff::1", "3fff:fff:ffff::1",
                                  "2001:db8::1", "2002:5db8:d822::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                                  "64:ff9b::5db8:d822", "64:ff9b:1::1", "5f00::1", "2001:20::1", "2001:2::1",
                                  "2620:4f:8000::53", "192.31.196.1", "192.175.48.6", "192.52.193.8", "192.0.0.9",
                                  "198.18.0.1", "198.19.255.254", "100.64.0.1", "240.0.0.1", "224.0.0.251",
                                  "239.255.255.250", "ff0e::1", "::7f00:1", "::a00:1", "::1.2.3.4", "4000::1",
                                  "8000::1", "1::1"])
def test_ranges_python_or_a_blocklist_would_let_through_are_refused(text, no_packets):
    error = refused_before_any_packet(f"[{text}]" if ":" in text else text)
    assert refusal_reason(ipaddress.ip_address(text)) is not None
    assert "IANA" in error.message or "2000::/3" in error.message


@pytest.mark.parametrize("text", ["93.184.216.34", "8.8.8.8", "1.1.1.1", "185.199.108.153", "2606:4700:4700::1111",
                                  "2a00:1450:4001:82a::200e", "2001:4860:4860::8888", "::ffff:93.184.216.34"])
def test_ordinary_global_unicast_addresses_are_allowed(text, no_packets):
    assert refused_entry(ipaddress.ip_address(text)) is None and refusal_reason(ipaddress.ip_address(text)) is None
    policy = Policy(resolver=lambda host, port: [text])
    assert check_url("http://news.example/story", policy).host == "news.example"  # checked, never connected
    literal = f"[{text}]" if ":" in text else text
    assert check_url(f"http://{literal}/story", policy).literal == ipaddress.ip_address(text)


def test_the_table_names_its_source_and_every_entry_is_a_well_formed_block():
    import app.fetch.addresses as addresses

    assert "iana-ipv4-special-registry" in addresses.__doc__ and "iana-ipv6-special-registry" in addresses.__doc__
    assert len(IPV4_SPECIAL) >= 25 and len(IPV6_SPECIAL) >= 24
    for entry in SPECIAL_PURPOSE:
        assert entry.name and entry.rfc.startswith("RFC ") and entry.globally_reachable in (True, False, None)
