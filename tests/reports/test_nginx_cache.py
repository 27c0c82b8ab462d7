"""The README's nginx configuration (deploy/nginx/claimdesk.conf) in front of the desk, on loopback only.

Debian's nginx (`make system-deps` installs it) runs the committed site file with its placeholders filled in:
a published report read twice is served the second time by nginx (`X-Cache-Status: HIT`, one request reached
the app), a withdrawal reaches readers within the app's max-age, and signed-in pages are never kept.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from app.services import reports
from tests.conftest import login
from tests.reports.test_publishing import publish

NGINX = "/usr/sbin/nginx"
SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "claimdesk.conf"
MAX_AGE = 5  # seconds: the test's PUBLIC_MAX_AGE: long enough that a repeat made at once is a hit on a loaded machine
STALE = 1  # seconds: the test's PUBLIC_STALE_SECONDS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Desk:
    """The app under a real HTTP server on loopback, counting the requests that reach it."""

    def __init__(self, app):
        self.paths: list[str] = []

        def counting(environ, start_response):
            self.paths.append(environ["PATH_INFO"])
            return app(environ, start_response)

        self.server = make_server("127.0.0.1", 0, counting, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def desk(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_MAX_AGE", MAX_AGE)
    monkeypatch.setitem(app.config, "PUBLIC_STALE_SECONDS", STALE)
    server = Desk(app)
    yield server
    server.close()


def _render(tmp_path: Path, upstream: str, port: int) -> Path:
    """nginx.conf for this test: a minimal main file around the committed site file, everything in tmp_path."""
    site = SITE.read_text().replace("@UPSTREAM@", upstream).replace("@CACHE_DIR@", str(tmp_path / "cache")) \
        .replace("@LISTEN@", f"127.0.0.1:{port}")
    assert re.search(r"@[A-Z_]+@", site) is None, "a placeholder the test does not fill"
    (tmp_path / "claimdesk.conf").write_text(site)
    temp = {name: tmp_path / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {tmp_path / "nginx.pid"};
error_log {tmp_path / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path / "access.log"};
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {tmp_path / "claimdesk.conf"};
}}
"""
    path = tmp_path / "nginx.conf"
    path.write_text(main)
    return path


@pytest.fixture
def nginx(desk, tmp_path):
    """Debian's nginx with the committed configuration on a free loopback port, in front of `desk`."""
    if not os.path.exists(NGINX):
        pytest.skip(f"Debian's nginx is not installed ({NGINX}; `make system-deps` installs it)")
    port = _free_port()
    conf = _render(tmp_path, desk.address, port)
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf),
                                "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                pytest.fail("nginx exited: " + process.stdout.read().decode(errors="replace")
                            + (tmp_path / "error.log").read_text(errors="replace"))
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not listen within 10 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful: the master stops its worker and exits
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def get(url: str, **headers: str):
    """(status, headers, body) of a GET; no redirect is followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_repeat_is_served_by_nginx_and_a_withdrawal_reaches_readers_within_the_max_age(
        nginx, desk, people, reviewed):
    token = publish(people, reviewed["article"]).token
    url = f"{nginx}/r/{token}"
    status, headers, first = get(url)
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    assert headers["Cache-Control"] == f"public, max-age={MAX_AGE}, stale-while-revalidate={STALE}"
    status, headers, again = get(url, Cookie="session=someone-elses-cookie")
    assert status == 200 and headers["X-Cache-Status"] == "HIT" and again == first
    assert desk.paths.count(f"/r/{token}") == 1  # the repeat never reached the app
    # nginx compresses what it keeps for readers that take gzip, from the same kept copy
    status, headers, packed = get(url, **{"Accept-Encoding": "gzip"})
    assert headers["X-Cache-Status"] == "HIT" and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == first
    for path in ("/feeds/claimreview.json", "/published"):
        assert [get(f"{nginx}{path}")[1]["X-Cache-Status"] for _ in range(2)] == ["MISS", "HIT"], path
        assert desk.paths.count(path) == 1, path

    reports.withdraw(people["editor"], reviewed["article"], reason="Legal review.")
    db.session.commit()
    # Past max-age and the stale window (both set small by this test), every reader is told it is gone. The
    # wait is a lower bound: a loaded machine waits longer, and the answer is the same.
    time.sleep(MAX_AGE + STALE + 1)
    status, headers, body = get(url)
    assert status == 410 and "Legal review." in body.decode()
    assert headers["Cache-Control"] == "no-store"
    seen = desk.paths.count(f"/r/{token}")
    for _ in range(2):  # never kept: every reader's request reaches the app and is told it is gone
        assert get(url)[0] == 410
    assert desk.paths.count(f"/r/{token}") == seen + 2


def test_signed_in_pages_through_nginx_are_never_kept(nginx, desk, app, make_user):
    cookies = {}
    for name in ("Alia Haddad", "Bruno Keller"):
        client = app.test_client()
        assert login(client, make_user("reviewer", name=name)).status_code == 302
        cookies[name] = client.get_cookie("session").value
    for _ in range(2):
        for name, cookie in cookies.items():
            status, headers, body = get(f"{nginx}/account/settings", Cookie=f"session={cookie}")
            assert status == 200 and headers.get("X-Cache-Status") is None
            other = next(n for n in cookies if n != name)
            assert name in body.decode() and other not in body.decode()
    assert desk.paths.count("/account/settings") == 4  # every view reached the app
    status, headers, _ = get(f"{nginx}/account/settings")
    assert status == 302 and headers.get("X-Cache-Status") is None  # no cookie: to the login page, not kept
