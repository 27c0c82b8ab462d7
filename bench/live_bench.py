"""Capture time for a local page, and a 500,000-character import with suggestions end to end.

    python bench/live_bench.py              # no Redis: jobs on threads beside the app (app/jobs/local.py)
    python bench/live_bench.py --rq         # on RQ: Redis db 1 and a `flask worker` process
    python bench/live_bench.py --rq --capture-only

Prints figures; asserts nothing. Everything talks to 127.0.0.1 only (a local site on a free port).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Capture, Job  # noqa: E402
from app.services import articles, claims, users  # noqa: E402
from config import Config  # noqa: E402
from tests.site import ENGLISH_ARTICLE, Page, Site  # noqa: E402

USE_RQ = "--rq" in sys.argv
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
TMP = tempfile.mkdtemp(prefix="claimdesk-live-bench-")
SITE = Site()
SITE.pages["/page"] = Page(ENGLISH_ARTICLE.encode() * 20)


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{TMP}/bench.sqlite"
    SECRET_KEY = "bench"  # noqa: S105
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    LOG_LEVEL = "WARNING"
    CAPTURE_STORE_DIR = f"{TMP}/store"
    FETCH_ALLOWED_HOSTS = SITE.host
    CAPTURE_ON_ATTACH = True
    REDIS_URL = REDIS_URL if USE_RQ else ""
    JOBS_QUEUE = "bench"
    SUGGEST_INLINE_MAX_CHARS = 20_000


def start_worker():
    env = {**os.environ, "DATABASE_URL": BenchConfig.SQLALCHEMY_DATABASE_URI, "REDIS_URL": REDIS_URL,
           "JOBS_QUEUE": "bench", "CAPTURE_STORE_DIR": BenchConfig.CAPTURE_STORE_DIR, "SECRET_KEY": "bench",
           "FETCH_ALLOWED_HOSTS": SITE.host, "RECHECK_INTERVAL_HOURS": "0", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_job(client, headers, job_id, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json["job"]
        if job["state"] in ("finished", "failed"):
            return job
        time.sleep(0.02)
    raise SystemExit(f"job {job_id} did not finish")


def main() -> None:
    app = create_app(BenchConfig)
    worker = start_worker() if USE_RQ else None
    try:
        with app.app_context():
            run(app)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(10)
        SITE.close()


def run(app) -> None:
    """The measurements, inside the app context."""
    db.create_all()
    user, _ = users.create_user(None, "bench@desk.example", "editor", "violet-harbour-lantern-71")
    _, token = users.create_token(None, user, "bench")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    mode = "RQ worker" if USE_RQ else "local job threads"

    # 1. Capture: attach a local page as evidence, time until its capture is stored.
    times = []
    for n in range(10):
        article = articles.create_article(user, {"title": f"A {n}", "body": "About 1,000 troops remain."}).article
        claim = claims.create_claim(user, article, {"quote": "About 1,000 troops"})
        db.session.commit()
        SITE.pages[f"/page{n}"] = Page(ENGLISH_ARTICLE.encode() * 20)
        start = time.perf_counter()
        response = client.post(f"/api/v1/claims/{claim.id}/evidence", headers=headers,
                               json={"url": SITE.url(f"/page{n}"), "stance": "supports"})
        answered = time.perf_counter() - start
        wait_job(client, headers, response.json["capture_job"]["id"])
        db.session.expire_all()
        assert db.session.query(Capture).count() == n + 1
        times.append((answered, time.perf_counter() - start))
    size = len(ENGLISH_ARTICLE.encode()) * 20
    answered_ms = statistics.median(t[0] for t in times) * 1000
    stored_ms = statistics.median(t[1] for t in times) * 1000
    print(f"capture of a {size:,}-byte local page ({mode}), 10 runs: attach answered in median "
          f"{answered_ms:.0f} ms, capture stored {stored_ms:.0f} ms after attaching "
          f"(max {max(t[1] for t in times) * 1000:.0f} ms)")

    if "--capture-only" in sys.argv:
        return
    # 2. A 500,000-character article with suggest: true, end to end through the API.
    with open(os.path.join(ROOT, "tests", "data", "eastbrook-flood-barrier.en.txt"), encoding="utf-8") as f:
        text = f.read()
    body = (text * (500_000 // len(text) + 1))[:500_000]
    body = body[: body.rfind(" ")]
    start = time.perf_counter()
    response = client.post("/api/v1/articles", headers=headers,
                           json={"title": "Long", "body": body, "suggest": True})
    answered = time.perf_counter() - start
    job_id = response.json["job"]["id"]
    # Meanwhile the desk keeps answering: an article list, timed while the job runs.
    meanwhile = []
    while client.get(f"/api/v1/jobs/{job_id}", headers=headers).json["job"]["state"] in ("queued", "running") \
            and len(meanwhile) < 50:
        begin = time.perf_counter()
        status = client.get("/api/v1/articles", headers=headers).status_code
        meanwhile.append((time.perf_counter() - begin, status))
        time.sleep(0.2)
    job = wait_job(client, headers, job_id, timeout=900)
    total = time.perf_counter() - start
    print(f"import of {len(body):,} characters with suggestions ({mode}): HTTP {response.status_code} in "
          f"{answered:.2f} s, job {job['state']} with {job['result'] and job['result']['claims']} claims "
          f"{total:.2f} s after the request")
    if meanwhile:
        times = sorted(t for t, _ in meanwhile)
        print(f"  while it ran: {len(times)} article lists answered (HTTP {sorted({s for _, s in meanwhile})}), "
              f"median {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")

    # 3. Where the inline limit comes from: suggesting claims inside a request, by body size.
    for chars in (20_000, 50_000, 100_000, 200_000):
        part = body[:chars]
        start = time.perf_counter()
        articles.create_article(user, {"title": f"S {chars}", "body": part, "suggest": True})
        db.session.rollback()
        print(f"  create_article with suggest, {chars:>7,} characters: {time.perf_counter() - start:.2f} s")
    print(f"jobs: {db.session.query(Job).count()} recorded")


if __name__ == "__main__":
    main()
