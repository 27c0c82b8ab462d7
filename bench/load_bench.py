"""Requests per second under gunicorn (2 workers): the claim list against a trivial route, in the same run.

    python bench/queue_bench.py          # first: builds the 100,000-claim database
    python bench/load_bench.py           # then: serves it with gunicorn and drives it with wrk

Uses the bench database (BENCH_DATABASE_URL, default the SQLite file queue_bench.py made). Prints figures.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
URL = os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/claimdesk-bench.sqlite")
PORT = int(os.environ.get("BENCH_PORT", 5099))
DURATION = os.environ.get("BENCH_DURATION", "10s")


def token() -> str:
    from app import create_app
    from app.extensions import db
    from app.models import User
    from app.services import users
    from bench.queue_bench import BenchConfig

    app = create_app(BenchConfig)
    with app.app_context():
        reader = db.session.scalar(db.select(User).where(User.email == "r0@bench.example"))
        if reader is None:
            sys.exit("Run bench/queue_bench.py first: it builds the bench database.")
        _, raw = users.create_token(None, reader, "load-bench")
        db.session.commit()
        return raw


def wrk(path: str, headers: dict[str, str]) -> float:
    args = ["wrk", "-t2", "-c8", f"-d{DURATION}", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(args + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    p50 = re.search(r"\n\s+50%\s+(\S+)", output).group(1)
    print(f"{path:40} {rps:8.0f} req/s   median latency {p50}" + (f"   NON-2xx: {non2xx.group(1)}" if non2xx else ""))
    return rps


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make system-deps installs it).")
    raw = token()
    env = {**os.environ, "DATABASE_URL": URL, "LOG_LEVEL": "WARNING", "CLAIMDESK_ENV": "production",
           "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": "0"}
    server = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "gunicorn"), "--workers", "2", "--bind",
                               f"127.0.0.1:{PORT}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {raw}"}
        print(f"gunicorn, 2 workers, wrk -t2 -c8 -d{DURATION}; database {URL.split(':')[0]}")
        trivial = wrk("/healthz", {})
        claims = wrk("/api/v1/claims?per_page=50", auth)
        print(f"claim list / trivial route: {claims / trivial:.0%} (target at least 35%)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
