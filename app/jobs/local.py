"""Jobs without Redis: a few threads beside the web process run them, so no request holds a worker for long.

enqueue() hands a job here when REDIS_URL is unset and waits for it at most JOBS_INLINE_WAIT seconds: quick
work still answers finished (the API's contract), long work answers queued or running and its page polls it
as it would an RQ job. Each thread pushes its own app context, and so has its own database session
(Flask-SQLAlchemy scopes the session to the app context), and writes progress in short transactions.

The threads live in one process: with several web processes or machines, use Redis and `flask worker`.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import threading
import time

import sqlalchemy as sa
from flask import Flask

log = logging.getLogger("claimdesk.jobs")

_lock = threading.Lock()
_pool: cf.ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_futures: dict[int, cf.Future] = {}  # job id -> its run, while queued or running on this process's threads
_app: Flask | None = None  # the app the jobs run in, for marking them at shutdown
STOPPED = "The web process stopped (a restart or a shutdown) before this job could finish; please start it again."

# Pools that hand one connection to every thread (an in-memory SQLite database): a thread beside the request
# would share the request's connection, so jobs run in the caller there, as before.
SHARED_POOLS = (sa.pool.StaticPool, sa.pool.SingletonThreadPool)


def usable(engine: sa.Engine) -> bool:
    """Whether a job may run on another thread against this engine."""
    return not isinstance(engine.pool, SHARED_POOLS)


def _executor(threads: int) -> cf.ThreadPoolExecutor:
    global _pool, _pool_pid
    if _pool_pid != os.getpid():  # a forked child inherits no threads, only the objects
        _futures.clear()
        _pool = None
    if _pool is None:
        _pool = cf.ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="claimdesk-job")
        _pool_pid = os.getpid()
    return _pool


def submit(app: Flask, job_id: int, *, threads: int) -> cf.Future:
    """Run job `job_id` on this process's threads. Call it only after the job row is committed."""
    global _app
    with _lock:
        future = _executor(threads).submit(_run, app, job_id)
        _futures[job_id] = future
        _app = app
    future.add_done_callback(lambda _done: _forget(job_id, _done))
    return future


def _forget(job_id: int, future: cf.Future) -> None:
    with _lock:
        if _futures.get(job_id) is future:
            del _futures[job_id]


def _run(app: Flask, job_id: int) -> None:
    from app.jobs.core import _finish_failed, execute

    with app.app_context():  # its own context, so its own session, removed when the context ends
        try:
            execute(job_id, live_progress=True)
        except Exception:  # the database itself failed under the runner: say so in the row if it can be written
            log.exception("Job %s stopped outside its handler", job_id)
            try:
                from app.extensions import db

                db.session.rollback()
                _finish_failed(job_id, "internal_error", "The job stopped on an unexpected error; it has been logged.")
            except Exception:
                log.exception("Could not mark job %s failed", job_id)


def wait(future: cf.Future, seconds: float) -> bool:
    """Wait up to `seconds` for a run to end; whether it did."""
    done, _pending = cf.wait([future], timeout=max(0.0, seconds))
    return bool(done)


def owns(job_id: int) -> bool:
    """Whether job `job_id` is queued or running on this process's threads (so it is not lost)."""
    with _lock:
        return _pool_pid == os.getpid() and job_id in _futures


def drain(timeout: float | None = None) -> bool:
    """Wait until no job is queued or running on this process's threads; whether that happened in time."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _lock:
            pending = [f for f in _futures.values() if not f.done()] if _pool_pid == os.getpid() else []
        if not pending:
            return True
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return False
        cf.wait(pending, timeout=left)


def shutdown(wait_seconds: float) -> list[int]:
    """The process is stopping (gunicorn.conf.py calls this as a worker exits): jobs not yet started are
    cancelled, running ones get `wait_seconds` to finish, and the rows of all that did not are marked failed,
    so none stays `running` after its process is gone. Returns those job ids. A later submit starts anew."""
    global _pool
    from app.jobs.core import _finish_failed

    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            return []
        pool, app, futures = _pool, _app, dict(_futures)
        _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
    cf.wait(list(futures.values()), timeout=max(0.0, wait_seconds))
    stopped = sorted(job_id for job_id, future in futures.items() if future.cancelled() or not future.done())
    if stopped and app is not None:
        with app.app_context():
            try:
                for job_id in stopped:  # only rows still queued or running change: a finished job keeps its result
                    _finish_failed(job_id, "job_lost", STOPPED)
            except sa.exc.OperationalError:
                # SQLite: the running job itself holds the write lock. Its row fails when read, once the
                # process is gone long enough (core.get_job); nothing more can be done from here.
                log.warning("Could not mark jobs %s failed at shutdown: the database is locked", stopped)
    return stopped
