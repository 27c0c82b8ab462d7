"""Fixtures for jobs, fetches and captures: a capture store per test, Redis db 1 and a real RQ worker process.

Import the fixtures a test module needs from here (`from tests.live import rq, worker  # noqa: F401`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture(autouse=True)
def store_dir(app, tmp_path, monkeypatch):
    """Captures and job files go to a folder of this test's own."""
    path = tmp_path / "store"
    monkeypatch.setitem(app.config, "CAPTURE_STORE_DIR", str(path))
    return path


def _redis_or_skip():
    import redis

    conn = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        conn.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not running at {REDIS_URL} (.ci/run starts it)")
    return conn


@pytest.fixture
def rq(app, monkeypatch):
    """Jobs go to RQ on Redis db 1, on a queue of this test's own (emptied afterwards)."""
    conn = _redis_or_skip()
    name = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "JOBS_QUEUE", name)
    yield name
    for pattern in (f"rq:*{name}*", f"rq:*claimdesk-{name}-*"):
        for key in conn.scan_iter(pattern):
            conn.delete(key)


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def worker(app, rq, store_dir, tmp_path):
    """`flask --app wsgi worker` in a process of its own, on the test database, Redis db 1 and the test's queue."""
    started: list[WorkerProcess] = []

    def start(**env_extra: str) -> WorkerProcess:
        env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": REDIS_URL,
               "JOBS_QUEUE": rq, "CAPTURE_STORE_DIR": str(store_dir), "SECRET_KEY": "worker-test-secret",
               "CLAIMDESK_JOB_MODULES": "tests.jobs.handlers", "RECHECK_INTERVAL_HOURS": "0",
               "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT),
               "FETCH_ALLOWED_HOSTS": app.config.get("FETCH_ALLOWED_HOSTS", ""), **env_extra}
        env.pop("TEST_DATABASE_URL", None)
        log = tmp_path / f"worker-{len(started)}.log"
        handle = open(log, "wb")
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
                                   stdout=handle, stderr=subprocess.STDOUT)
        handle.close()
        started.append(WorkerProcess(process, log))
        return started[-1]

    yield start
    for item in started:
        item.stop()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Poll until predicate() is truthy (returning it) or fail after `timeout` seconds (a bound, not a speed test)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(interval)
