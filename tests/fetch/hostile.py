"""A hostile HTTP server on 127.0.0.1: it reads the request, then answers by a script that may trickle bytes,
never answer, flood headers or send a gzip bomb. It notes when each client hung up, and how many bytes it
had trickled to it by then: the tests bound a fetch by that count, never by reading the clock (a loaded
machine trickles fewer bytes in the same time, never more)."""

from __future__ import annotations

import gzip
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

DRIP = 0.2  # seconds between two bytes of a trickle
# A trickle stops after this many bytes and the peer then waits in silence: a client that kept reading
# (no deadline) ends on its own, with every one of them taken, rather than hang the test for 1,000 s.
MAX_DRIPS = 100


class Connection:
    """The client's socket as a script sees it, counting the bytes trickled to it."""

    def __init__(self, sock: socket.socket):
        self.sock, self.drips = sock, 0

    def __getattr__(self, name: str):
        return getattr(self.sock, name)


def drip(conn: Connection, data: bytes, every: float = DRIP) -> None:
    """Send data one byte at a time, `every` seconds apart, until the client hangs up or MAX_DRIPS bytes
    have gone; then wait, saying nothing, for the client to go."""
    for index in range(min(len(data), MAX_DRIPS)):
        conn.sendall(data[index:index + 1])
        conn.drips += 1
        time.sleep(every)
    if len(data) > MAX_DRIPS:
        silent(conn)


def slow_status(sock: socket.socket) -> None:
    drip(sock, b"HTTP/1.1 200 " + b"O" * 5000 + b"\r\n")


def slow_headers(sock: socket.socket) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    drip(sock, b"X-Slow: " + b"a" * 5000 + b"\r\n\r\n")


def slow_body(sock: socket.socket) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n")
    drip(sock, b"<p>" + b"x" * 4997)


def slow_chunks(sock: socket.socket) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    drip(sock, b"1\r\nx\r\n" * 1000 + b"0\r\n\r\n")


def silent(sock: socket.socket | Connection) -> None:
    """Accepts, reads the request, never answers (over TLS, never even shakes hands); ends when the client goes."""
    sock.settimeout(30)
    while sock.recv(4096):
        pass


def header_flood(sock: socket.socket) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    while True:
        sock.sendall(b"X-Flood: " + b"f" * 1000 + b"\r\n")


def gzip_bomb(decoded_size: int) -> Callable[[socket.socket], None]:
    """A small gzip body that decodes to decoded_size bytes, sent fast with Content-Encoding: gzip."""
    body = gzip.compress(b"<p>" + b"\0" * decoded_size, compresslevel=9)

    def answer(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    answer.compressed_size = len(body)  # type: ignore[attr-defined]
    return answer


def gzipped(document: bytes) -> Callable[[socket.socket], None]:
    body = gzip.compress(document)

    def answer(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    return answer


class HostileServer:
    def __init__(self, script: Callable[[socket.socket], None], tls: ssl.SSLContext | None = None):
        self.script, self.tls = script, tls
        self.connections = 0
        self.hung_up: list[int] = []  # for each connection that ended, the bytes trickled to it
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                server.connections += 1
                sock = self.request
                conn = None
                try:
                    if server.tls is not None and server.script is not silent:
                        sock = server.tls.wrap_socket(sock, server_side=True)
                    if server.script is not silent or server.tls is None:
                        request = b""
                        while b"\r\n\r\n" not in request:
                            data = sock.recv(4096)
                            if not data:
                                return
                            request += data
                    conn = Connection(sock)
                    server.script(conn)
                except (OSError, ssl.SSLError):
                    pass  # the client hung up: what the tests wait for
                finally:
                    server.hung_up.append(conn.drips if conn is not None else 0)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler, bind_and_activate=True)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def trickled_before_hang_up(self, wait: float = 30) -> int:
        """The bytes trickled to the first client before it hung up (waiting for it to hang up)."""
        from tests.live import wait_for

        wait_for(lambda: self.hung_up, timeout=wait)
        return self.hung_up[0]

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    """hostile(script, tls=None) -> a running HostileServer; all are shut down after the test."""
    started: list[HostileServer] = []

    def start(script, tls=None) -> HostileServer:
        started.append(HostileServer(script, tls))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture(scope="session")
def tls_pair(tmp_path_factory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context) for a self-signed certificate for news.example (openssl CLI)."""
    folder = Path(tmp_path_factory.mktemp("tls"))
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=news.example", "-addext", "subjectAltName=DNS:news.example", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client
