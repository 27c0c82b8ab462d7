"""FETCH_TIMEOUT and FETCH_MAX_BYTES hold against a hostile peer on loopback: a trickle of one byte every 0.2 s
in the status line, the headers or the body, a server that never answers, a header flood and a gzip bomb.

Nothing here reads the clock: a fetch is bounded by what the peer managed to send before it hung up. By the
deadline a trickle has sent about FETCH_TIMEOUT / DRIP bytes (a loaded machine sends fewer, never more); a
client without one takes all MAX_DRIPS. The byte limits are bounded by bytes.
"""

from __future__ import annotations

import tracemalloc

import pytest

from app.fetch import FetchError, Policy, fetch
from app.fetch.policy import parse_allowed_hosts
from tests.fetch.hostile import (
    DRIP,
    MAX_DRIPS,
    gzip_bomb,
    gzipped,
    header_flood,
    silent,
    slow_body,
    slow_chunks,
    slow_headers,
    slow_status,
)
from tests.site import ENGLISH_ARTICLE

TIMEOUT = 2.0
# What a fetch that stops at its deadline lets a trickle send: TIMEOUT / DRIP bytes and those in flight
# when it hangs up, with room to spare; far below the MAX_DRIPS a client without a deadline takes.
WITHIN_DEADLINE = int((TIMEOUT + 3) / DRIP)
assert WITHIN_DEADLINE < MAX_DRIPS / 2


def policy_for(server, **kw) -> Policy:
    return Policy(allowed_hosts=parse_allowed_hosts([server.host]), **{"timeout": TIMEOUT, **kw})


def failed_fetch(url: str, policy: Policy, **kw) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, **kw)
    return caught.value


@pytest.mark.parametrize("script", [slow_status, slow_headers, slow_body, slow_chunks, silent],
                         ids=["status-line", "headers", "body", "chunked-body", "no-answer"])
def test_a_trickling_peer_is_cut_off_at_the_deadline(hostile, script):
    server = hostile(script)
    error = failed_fetch(server.url("/"), policy_for(server))
    assert error.code == "fetch_timeout" and error.transient, error.message
    assert "2 s" in error.message
    # the connection is really closed (not left to the peer), and by the deadline
    assert server.trickled_before_hang_up() <= WITHIN_DEADLINE


@pytest.mark.parametrize("script", [slow_headers, slow_body, silent], ids=["headers", "body", "handshake"])
def test_the_deadline_holds_over_tls_too(hostile, tls_pair, script):
    server_context, client_context = tls_pair
    server = hostile(script, tls=server_context)
    policy = Policy(timeout=TIMEOUT, allowed_hosts=parse_allowed_hosts([f"news.example:{server.port}"]),
                    resolver=lambda host, port: ["127.0.0.1"])
    error = failed_fetch(f"https://news.example:{server.port}/", policy, ssl_context=client_context)
    assert error.code == "fetch_timeout", error.message
    assert server.trickled_before_hang_up() <= WITHIN_DEADLINE


def test_the_deadline_covers_every_redirect_hop_together(hostile, site):
    from tests.site import Page

    server = hostile(slow_body)
    site.pages["/go"] = Page(status=302, headers={"Location": server.url("/")}, delay=1.2)
    policy = Policy(timeout=TIMEOUT, allowed_hosts=parse_allowed_hosts([server.host, site.host]))
    error = failed_fetch(site.url("/go"), policy)
    assert error.code == "fetch_timeout"
    # the redirect's 1.2 s came out of the same deadline: what was left lets through fewer bytes still
    assert server.trickled_before_hang_up() <= int((TIMEOUT - 1.2 + 3) / DRIP)


def test_a_gzip_bomb_stops_at_the_byte_limit_of_the_decoded_body(hostile):
    limit = 1024 * 1024
    bomb = gzip_bomb(64 * limit)
    server = hostile(bomb)
    assert bomb.compressed_size < limit // 8  # small on the wire, 64 MB once decoded
    tracemalloc.start()
    try:
        error = failed_fetch(server.url("/"), policy_for(server, max_bytes=limit))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too_large" and "decompresses" in error.message
    assert peak < 4 * limit, f"{peak:,} bytes held while decoding"  # never the 64 MB


def test_a_gzipped_page_is_read_decoded_and_stored_as_the_document(hostile):
    server = hostile(gzipped(ENGLISH_ARTICLE.encode()))
    exchange = fetch(server.url("/"), policy_for(server))
    assert exchange.body == ENGLISH_ARTICLE.encode() and exchange.content_encoding == "gzip"
    assert exchange.header("Content-Encoding") is None  # the record describes the body it holds


def test_the_byte_limit_counts_the_headers(hostile):
    server = hostile(header_flood)
    error = failed_fetch(server.url("/"), policy_for(server, max_bytes=64 * 1024))
    assert error.code == "too_large" and "headers included" in error.message


def test_an_ordinary_page_still_arrives_whole(site):
    from tests.site import Page

    site.pages["/p"] = Page(ENGLISH_ARTICLE.encode() * 50, chunked=True)
    exchange = fetch(site.url("/p"), policy_for(site))
    assert exchange.body == ENGLISH_ARTICLE.encode() * 50


def test_a_body_shorter_than_its_content_length_is_not_taken_for_the_whole_page(hostile):
    def short(sock):
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
                     b"<p>cut")

    server = hostile(short)
    error = failed_fetch(server.url("/"), policy_for(server))
    assert error.code == "fetch_failed" and "whole page" in error.message and error.transient
