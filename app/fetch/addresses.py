"""Which IP addresses the desk may fetch: an allowlist of global unicast, written from the IANA registries.

Python's `ipaddress.is_global` is not the rule here: it calls fec0::/10 (site-local), 3fff::/20
(documentation), 2002::/16 (6to4), 64:ff9b:1::/48 (local NAT64) and others global. The rule is:

- IPv4: every address except those in an entry of SPECIAL_PURPOSE (and 224.0.0.0/4, multicast);
- IPv6: only 2000::/3 (global unicast, RFC 4291), and not in an entry of SPECIAL_PURPOSE;
- an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries.

Every special-purpose entry is refused, even those the registry marks "Globally Reachable" (AS112 sinks,
AMT and PCP/TURN anycast, ORCHIDv2, NAT64's 64:ff9b::/96): no article or source lives there, and a
relay prefix (6to4, Teredo, NAT64) is a way to reach an address the desk would refuse if spelled plainly.

Source: the IANA IPv4 Special-Purpose Address Registry
(https://www.iana.org/assignments/iana-ipv4-special-registry) and the IANA IPv6 Special-Purpose Address
Registry (https://www.iana.org/assignments/iana-ipv6-special-registry), as they stood in 2024 (IPv6: with
RFC 9602's 5f00::/16, RFC 9637's 3fff::/20 and RFC 9665's 2001:1::3); the multicast and site-local blocks
come from the IANA IPv4 and IPv6 Address Space registries. Transcribed by hand (no network where this was
written): when a registry changes, add its entry here; tests/fetch/test_addresses.py walks every one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Entry:
    """One registry row: the block, its name and RFC as the registry gives them, and "Globally Reachable"
    (None where the registry says N/A: the deprecated 6to4 relay anycast, Teredo, 6to4, ORCHID v1)."""

    block: IPNetwork
    name: str
    rfc: str
    globally_reachable: bool | None


def _entries(rows: list[tuple[str, str, str, bool | None]]) -> tuple[Entry, ...]:
    return tuple(Entry(ipaddress.ip_network(block), name, rfc, reachable) for block, name, rfc, reachable in rows)


IPV4_SPECIAL = _entries([
    ("0.0.0.0/8", '"This network"', "RFC 791", False),
    ("0.0.0.0/32", '"This host on this network"', "RFC 1122", False),
    ("10.0.0.0/8", "Private-Use", "RFC 1918", False),
    ("100.64.0.0/10", "Shared Address Space", "RFC 6598", False),
    ("127.0.0.0/8", "Loopback", "RFC 1122", False),
    ("169.254.0.0/16", "Link Local", "RFC 3927", False),
    ("172.16.0.0/12", "Private-Use", "RFC 1918", False),
    ("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", False),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", False),
    ("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", False),
    ("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", True),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", True),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880", False),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880", False),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", False),
    ("192.31.196.0/24", "AS112-v4", "RFC 7535", True),
    ("192.52.193.0/24", "AMT", "RFC 7450", True),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", None),
    ("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", False),
    ("192.168.0.0/16", "Private-Use", "RFC 1918", False),
    ("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", True),
    ("198.18.0.0/15", "Benchmarking", "RFC 2544", False),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", False),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", False),
    ("240.0.0.0/4", "Reserved", "RFC 1112", False),
    ("255.255.255.255/32", "Limited Broadcast", "RFC 919", False),
])

IPV6_SPECIAL = _entries([
    ("::1/128", "Loopback Address", "RFC 4291", False),
    ("::/128", "Unspecified Address", "RFC 4291", False),
    ("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", False),
    ("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", True),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", False),
    ("100::/64", "Discard-Only Address Block", "RFC 6666", False),
    ("2001::/23", "IETF Protocol Assignments", "RFC 2928", False),
    ("2001::/32", "TEREDO", "RFC 4380", None),
    ("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", True),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", True),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", True),
    ("2001:2::/48", "Benchmarking", "RFC 5180", False),
    ("2001:3::/32", "AMT", "RFC 7450", True),
    ("2001:4:112::/48", "AS112-v6", "RFC 7535", True),
    ("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", None),
    ("2001:20::/28", "ORCHIDv2", "RFC 7343", True),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", True),
    ("2001:db8::/32", "Documentation", "RFC 3849", False),
    ("2002::/16", "6to4", "RFC 3056", None),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", True),
    ("3fff::/20", "Documentation", "RFC 9637", False),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", False),
    ("fc00::/7", "Unique-Local", "RFC 4193", False),
    ("fe80::/10", "Link-Local Unicast", "RFC 4291", False),
])

# Not special-purpose entries but not unicast either (IANA IPv4 / IPv6 Address Space registries).
ADDRESS_SPACE = _entries([
    ("224.0.0.0/4", "Multicast", "RFC 5771", False),
    ("fec0::/10", "Site-Local (deprecated)", "RFC 3879", False),
    ("ff00::/8", "Multicast", "RFC 4291", False),
])

SPECIAL_PURPOSE = IPV4_SPECIAL + IPV6_SPECIAL + ADDRESS_SPACE
GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
OUTSIDE_GLOBAL_UNICAST = Entry(ipaddress.IPv6Network("::/0"), "outside IPv6 global unicast 2000::/3", "RFC 4291",
                               False)


def special_entry(address: IPAddress) -> Entry | None:
    """The most specific registry entry that holds address, if any."""
    found = [e for e in SPECIAL_PURPOSE if e.block.version == address.version and address in e.block]
    return max(found, key=lambda e: e.block.prefixlen) if found else None


def refused_entry(address: IPAddress) -> Entry | None:
    """Why address is not global unicast (the entry it falls in), or None when the desk may fetch it."""
    if address.version == 6 and address.ipv4_mapped is not None:
        return refused_entry(address.ipv4_mapped)  # on the wire it is that IPv4 address
    entry = special_entry(address)
    if entry is None and address.version == 6 and address not in GLOBAL_UNICAST_V6:
        return OUTSIDE_GLOBAL_UNICAST
    return entry
