"""Requests per second of a published report (/r/TOKEN) against /livez, under gunicorn with two workers, same run.

    python bench/public_bench.py                 # a fresh SQLite file under /tmp, wrk -t2 -c8 -d10s
    BENCH_DATABASE_URL=postgresql://… python bench/public_bench.py

Builds a desk with one article of 30 claims and 60 evidence items, publishes its report, serves it with
gunicorn (2 workers, on a free port) and drives both routes with Debian's wrk, alternating them (3 rounds) so
that the machine's other load falls on both alike: the report as browsers ask for it (gzip) and plain.
Prints each figure and the ratios (target: at least 80%).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.gettempdir()}/claimdesk-public-bench.sqlite"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CLAIMS = 30
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
GZIP = "Accept-Encoding: gzip, deflate, br"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build() -> str:
    """A fresh desk with one published report; returns its token."""
    from app import create_app
    from app.extensions import db
    from app.services import articles, claims, evidence, reports, review, users
    from config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = URL
        LOG_LEVEL = "WARNING"

    if URL.startswith("sqlite:///") and os.path.exists(URL[len("sqlite:///"):]):
        os.remove(URL[len("sqlite:///"):])
    app = create_app(BenchConfig)
    with app.app_context():
        if URL.startswith("postgres"):
            db.drop_all()
        db.create_all()
        reviewer, _ = users.create_user(None, "r@bench.example", "reviewer", "bench-pass-word-1", "Rana")
        editor, _ = users.create_user(None, "e@bench.example", "editor", "bench-pass-word-2", "Omar")
        sentences = [f"Officials said {100 + i} trucks crossed the border on day {i}." for i in range(CLAIMS)]
        article = articles.create_article(reviewer, {"title": "Trucks at the border", "body": " ".join(sentences),
                                                     "language": "en"}).article
        for i, sentence in enumerate(sentences):
            claim = claims.create_claim(reviewer, article, {"quote": sentence})
            for j in range(2):
                evidence.add_evidence(reviewer, claim, {"url": f"https://wire{j}.example/{i}", "stance": "supports",
                                                        "reliability": "B", "excerpt": f"About {100 + i} trucks."})
            review.transition(reviewer, claim, {"to": "in_review"})
            claims.update_claim(reviewer, claim, {"version": claim.version, "verdict": "likely_true",
                                                  "confidence": "medium", "rationale": "Two wires agree."})
            review.transition(reviewer, claim, {"to": "awaiting_approval"})
            review.transition(editor, claim, {"to": "approved"})
        version = reports.publish(editor, article, base_url="http://127.0.0.1")
        db.session.commit()
        token = version.token
        size = len(version.html.encode())
        db.session.remove()
        db.engine.dispose()
    print(f"published report: {CLAIMS} claims, {2 * CLAIMS} evidence items, {size:,} bytes of HTML")
    return token


def wrk(port: int, path: str, *headers: str) -> float:
    args = ["wrk", "-t2", "-c8", f"-d{DURATION}", "--latency"]
    for header in headers:
        args += ["-H", header]
    args.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    p50 = re.search(r"\n\s+50%\s+(\S+)", output).group(1)
    shown = (path if len(path) < 24 else path[:21] + "…") + (" (gzip)" if headers else "")
    print(f"{shown:26} {rps:8.0f} req/s   median latency {p50}" + (f"   NON-2xx: {non2xx.group(1)}" if non2xx else ""))
    if non2xx:
        sys.exit(f"{path} answered errors: the figure means nothing.")
    return rps


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make system-deps installs it).")
    token = build()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": URL, "LOG_LEVEL": "WARNING", "CLAIMDESK_ENV": "production",
           "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": "0"}
    server = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "gunicorn"), "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/r/{token}", timeout=5) as response:
            assert response.status == 200 and b"Trucks at the border" in response.read()
        print(f"gunicorn, 2 workers, wrk -t2 -c8 -d{DURATION} per run; database {URL.split(':')[0]}")
        live, report, plain = [], [], []
        for _ in range(ROUNDS):
            live.append(wrk(port, "/livez", GZIP))
            report.append(wrk(port, f"/r/{token}", GZIP))  # as browsers ask for it
            plain.append(wrk(port, f"/r/{token}"))  # as a client that takes no compression
        for name, figures in (("/r/TOKEN (gzip)", report), ("/r/TOKEN (plain)", plain)):
            pairs = sorted(r / lv for r, lv in zip(figures, live, strict=True))
            print(f"{name} / /livez: {sum(figures) / sum(live):.0%} over {ROUNDS} alternating rounds (per round: "
                  + ", ".join(f"{p:.0%}" for p in pairs) + "; target at least 80%)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
