"""A small web site on 127.0.0.1 (a free port) whose pages the tests script: status, headers, body, delays."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    endless: bool = False  # chunks forever (until the client hangs up)
    chunked: bool = False


class Site:
    def __init__(self):
        self.pages: dict[str, Page | Callable[[], Page]] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site.hits.append((self.path, dict(self.headers.items())))
                page = site.pages.get(self.path)
                if callable(page):
                    page = page()
                if page is None:
                    page = Page(b"<html><body>not here</body></html>", status=404)
                if page.delay:
                    time.sleep(page.delay)
                self.send_response(page.status)
                if page.content_type:
                    self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.send_header("Connection", "close")
                if page.endless or page.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        if page.endless:
                            block = b"<p>" + b"x" * 65536 + b"</p>"
                            while True:
                                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                        else:
                            for start in range(0, len(page.body), 50_000):
                                part = page.body[start:start + 50_000]
                                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                            self.wfile.write(b"0\r\n\r\n")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                try:
                    self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def paths_hit(self) -> list[str]:
        return [path for path, _ in self.hits]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    """A local site the fetch policy lets through (FETCH_ALLOWED_HOSTS names it in the tests that use it)."""
    server = Site()
    yield server
    server.close()


@pytest.fixture
def other_site():
    """A second local site, NOT allowed: stands for an internal server a redirect must never reach."""
    server = Site()
    yield server
    server.close()


ARABIC_ARTICLE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>إخلاء قاعدة قصرك خلال شهر</title>
<meta property="og:site_name" content="وكالة الأنباء المحلية">
<meta property="article:published_time" content="2026-11-20">
</head><body>
<nav><a href="/">الرئيسية</a> | <a href="/world">العالم</a></nav>
<article>
<h1>إخلاء قاعدة قصرك خلال شهر</h1>
<p>نقلت وكالة رويترز عن مسؤولين أميركيين أن القاعدة تضم نحو ألف جندي، وأن عملية الإخلاء ستستغرق قرابة شهر.</p>
<p>وقال المتحدث باسم وزارة الدفاع إن أكثر من عشرين شاحنة غادرت القاعدة صباح الثلاثاء،
في حين أكد سكان محليون أن الطريق المؤدي إلى المعبر الحدودي أُغلق لساعات.</p>
<p>وأضاف المسؤولون أن الانسحاب يأتي ضمن خطة أوسع لإعادة تموضع القوات في المنطقة، من دون أن يحددوا موعدًا نهائيًا لاكتماله.</p>
</article>
<footer>جميع الحقوق محفوظة 2026</footer>
</body></html>
"""

ENGLISH_ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flood barrier to open in March</title>
<meta property="og:site_name" content="Eastbrook Gazette"></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Flood barrier to open in March</h1>
<p>The council said the new flood barrier will protect about 3,000 homes when it opens in March,
two months later than planned.</p>
<p>According to the engineers, the barrier cost more than 40 million pounds and took three years to build
along the river bank.</p>
</article><footer>Copyright</footer></body></html>
"""
