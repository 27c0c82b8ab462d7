"""What runs inside an RQ worker: perform() a job by id, mark jobs whose work horse died, schedule re-checks."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator

from flask import Flask, has_app_context

from app.extensions import db

log = logging.getLogger("claimdesk.jobs")
_app: Flask | None = None
RECHECK_KEY = "claimdesk:recheck:scheduled"


@contextlib.contextmanager
def app_context() -> Iterator[None]:
    """The app's context: the one `flask worker` pushed (pool reset after fork), or one made once per process."""
    global _app
    if has_app_context():
        db.engine.dispose(close=False)  # connections opened before the fork belong to the parent
        yield
        return
    if _app is None:
        from app import create_app

        _app = create_app()
    with _app.app_context():
        yield
        db.session.remove()


def perform(job_id: int) -> None:
    """The RQ entry point: one attempt at job `job_id` (RQ retries transient failures while attempts remain)."""
    from rq import get_current_job

    from app.jobs.core import execute

    rq_job = get_current_job()
    final = rq_job is None or not rq_job.should_retry
    with app_context():
        execute(job_id, final_attempt=final, live_progress=True)


def on_work_horse_killed(rq_job, retpid, ret_val, rusage) -> None:
    """The work horse died (SIGKILL, out of memory, timeout): the row says so instead of staying `running`."""
    from app.jobs.core import _back_to_queue, _finish_failed
    from app.jobs.rq_adapter import job_id_of

    job_id = job_id_of(rq_job.id)
    if job_id is None:
        return
    message = "The worker running this job stopped before it could finish (killed, timed out or out of memory)."
    try:
        with app_context():
            if rq_job.should_retry:
                _back_to_queue(job_id, "worker_died", message)
            else:
                _finish_failed(job_id, "worker_died", message)
    except Exception:  # never take the worker down with it; get_job() still notices the job is lost
        log.exception("Could not mark job %s failed after its work horse died", job_id)


def schedule_recheck(connection, *, every: dt.timedelta) -> bool:
    """Schedule the next link-rot re-check unless another worker already has (one chain per Redis)."""
    from rq import Queue

    from app.jobs.rq_adapter import queue_name

    seconds = max(1, int(every.total_seconds()))
    if not connection.set(RECHECK_KEY, "1", nx=True, ex=seconds * 2):
        return False
    Queue(queue_name(), connection=connection).enqueue_in(every, "app.jobs.worker.periodic_recheck", seconds,
                                                         job_id="claimdesk-recheck-tick")
    return True


def periodic_recheck(every_seconds: int) -> None:
    """The scheduled tick: queue a `sources.recheck` job, then schedule the next tick."""
    from flask import current_app

    from app.jobs.core import enqueue
    from app.jobs.rq_adapter import connection

    with app_context():
        days = int(current_app.config.get("RECHECK_OLDER_THAN_DAYS", 7))
        enqueue("sources.recheck", {"older_than_days": days})
        if current_app.config.get("SUGGEST_RETRAIN_ON_TICK", True):
            enqueue("suggest.retrain", {})  # the desk learns from its reviewers' decisions of the day
        if current_app.config.get("FACTCHECK_PULL_ON_TICK", True):
            enqueue("factchecks.pull_all", {})  # partner desks' feeds: new earlier fact-checks
        conn = connection()
        conn.delete(RECHECK_KEY)
        schedule_recheck(conn, every=dt.timedelta(seconds=every_seconds))
