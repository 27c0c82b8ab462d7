"""A published report of 50 claims through the app, as a share of the same server's /livez, in the same run.

    python bench/public_bench.py               # SQLite desk under /tmp, built once (bench/floor_data.py)
    python bench/public_bench.py --fresh       # build it again
    python bench/public_bench.py --duration 10s

gunicorn with 2 sync workers serves the desk; wrk (-t2 -c8) reads /livez, then /r/TOKEN, then /livez again,
and the report's requests per second are divided by the mean of the two /livez runs around it. No cache
anywhere: each read is the app's lookup and its stored bytes (nginx in front is what keeps them; README,
Deployment). The target: at least 60% of /livez. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("BENCH_FLOOR_PREFIX", "/tmp/claimdesk-public-bench")

from bench import floor  # noqa: E402  (after the prefix: floor reads it when imported)

# A small desk: the 200-claim article floor_data always makes, the 50-claim report, and 750 claims more.
SIZE = 1000
TARGET = 0.60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", default="10s", help="each wrk run")
    parser.add_argument("--fresh", action="store_true", help="build the desk again")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make system-deps installs it).")
    url, marks, _ = floor.prepare("sqlite", SIZE, args.fresh)
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "CLAIMDESK_ENV": "production",
           "SECRET_KEY": "public-bench", "SESSION_COOKIE_SECURE": "0", "CAPTURE_ON_ATTACH": "0",
           "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "memory://", "CLAIMDESK_PUBLIC_BASE_URL": "https://desk.example"}
    desk = floor.serve("wsgi:app", floor.DESK_PORT, env)
    report = f"/r/{marks.report_token}"
    try:
        print(f"SQLite desk ({url}), gunicorn 2 sync workers; wrk -t2 -c8 -d{args.duration}, "
              f"Accept-Encoding: {floor.ACCEPT}")
        for path in ("/livez", report):
            floor.wrk(floor.DESK_PORT, path, {}, "2s")  # both workers warm, not counted
        before, p50_before, _ = floor.wrk(floor.DESK_PORT, "/livez", {}, args.duration)
        rps, p50, bad = floor.wrk(floor.DESK_PORT, report, {}, args.duration)
        after, p50_after, _ = floor.wrk(floor.DESK_PORT, "/livez", {}, args.duration)
    finally:
        desk.send_signal(signal.SIGTERM)
        desk.wait(10)
    livez = (before + after) / 2
    share = rps / livez
    print(f"{'route':34} {'req/s':>8} {'median':>8}")
    print(f"{'/livez (before, after)':34} {livez:8.0f} {p50_before:>8}   ({before:.0f}, {after:.0f}; {p50_after})")
    print(f"{'published report, 50 claims':34} {rps:8.0f} {p50:>8}" + (f"   NON-2xx: {bad}" if bad else ""))
    print(f"share of /livez: {share:.1%} (target {TARGET:.0%}: {'ok' if share >= TARGET else 'LOW'})")


if __name__ == "__main__":
    main()
