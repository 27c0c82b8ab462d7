"""The job interface: a handler registry, enqueue() onto RQ or this process's job threads, and the one runner."""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.database import impatient
from app.extensions import db
from app.jobs import local
from app.jobs.messages import shown_error
from app.models import Job, User
from app.models.base import utcnow

log = logging.getLogger("claimdesk.jobs")

Progress = Callable[[float], None]
HandlerFn = Callable[[dict, Progress], dict | None]


@dataclass
class Handler:
    kind: str
    fn: HandlerFn
    retry: tuple[int, ...] = ()  # seconds to wait before each retry of a transient failure
    timeout: int = 300  # a worker kills the job after this many seconds


@dataclass
class Settings:
    redis_url: str = ""
    queue_name: str = "claimdesk"
    lost_after: int = 900  # a queued job RQ no longer knows of is declared lost after this many seconds
    extra: dict[str, Any] = field(default_factory=dict)


SETTINGS = Settings()
HANDLERS: dict[str, Handler] = {}


@dataclass(frozen=True)
class Running:
    """What a handler may ask about the job it runs: its id and who asked for it."""

    job_id: int
    user_id: int | None

    @property
    def user(self) -> User | None:
        return db.session.get(User, self.user_id) if self.user_id is not None else None


_current: contextvars.ContextVar[Running | None] = contextvars.ContextVar("claimdesk_job", default=None)


class JobError(Exception):
    """A failure with a code a person can act on; transient ones are retried by a worker."""

    def __init__(self, code: str, message: str, *, transient: bool = False):
        super().__init__(message)
        self.code, self.message, self.transient = code, message, transient


def configure(config: dict) -> None:
    SETTINGS.redis_url = config.get("REDIS_URL") or ""
    SETTINGS.queue_name = config.get("JOBS_QUEUE") or "claimdesk"
    SETTINGS.extra = dict(config)


def handler(kind: str, *, retry: tuple[int, ...] = (), timeout: int = 300) -> Callable[[HandlerFn], HandlerFn]:
    """Register `fn(payload, progress) -> result` as the code that runs jobs of `kind`."""

    def register(fn: HandlerFn) -> HandlerFn:
        HANDLERS[kind] = Handler(kind, fn, tuple(retry), timeout)
        return fn

    return register


def load_handlers() -> None:
    """Import every handler module (listed in app/jobs/registry.py), so web and worker know the same kinds."""
    from app.jobs import registry  # noqa: F401


def current() -> Running | None:
    """The job being run in this context, if any."""
    return _current.get()


def _use_rq() -> bool:
    from flask import current_app, has_app_context

    # Read at call time: one process may be configured after import, and tests switch it per test.
    if has_app_context():
        return bool(current_app.config.get("REDIS_URL"))
    return bool(SETTINGS.redis_url)


def uses_queue() -> bool:
    """Whether jobs go to RQ workers (REDIS_URL set) rather than running in this process."""
    return _use_rq()


def enqueue(kind: str, payload: dict, *, user_id: int | None = None, in_caller: bool = False,
            wait: bool = True) -> Job:
    """Record a job and start it: on RQ when REDIS_URL is set, otherwise on this process's job threads
    (app/jobs/local.py), waiting at most JOBS_INLINE_WAIT seconds, so quick work returns finished or failed
    and long work returns queued or running. `in_caller` runs it to the end in the calling thread instead
    (a command line, which has no request to answer). `wait=False` never waits (work nobody watches: e-mail).

    The caller's own writes are committed with the job row first, so the job sees what it is about; the
    job's thread starts only after that commit.
    """
    load_handlers()
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job = Job(kind=kind, payload=payload, user_id=user_id, state="queued", progress=0.0)
    db.session.add(job)
    db.session.flush()
    job_id = job.id
    db.session.commit()
    if _use_rq():
        from app.jobs import rq_adapter

        try:
            rq_adapter.push(job, HANDLERS[kind])
        except Exception as exc:  # Redis down: the job is failed and says why, rather than waiting forever
            log.exception("Could not queue job %s", job_id)
            _finish_failed(job_id, "queue_unavailable",
                           f"The job queue cannot be reached ({type(exc).__name__}); try again later.")
        return db.session.get(Job, job_id)  # type: ignore[return-value]
    if in_caller or current() is not None or not _beside_possible():
        # A job queuing another runs it in its own thread: waiting on a pool it occupies could starve it.
        return execute(job_id)  # type: ignore[return-value]
    return _run_beside(job_id, wait=wait)


def _beside_possible() -> bool:
    from flask import has_app_context

    return has_app_context() and local.usable(db.engine)


def _run_beside(job_id: int, *, wait: bool = True) -> Job:
    from flask import current_app

    config = current_app.config
    future = local.submit(current_app._get_current_object(), job_id,  # type: ignore[attr-defined]
                          threads=int(config.get("JOBS_LOCAL_THREADS") or 2))
    if wait:
        local.wait(future, float(config.get("JOBS_INLINE_WAIT", 2.0)))
    return db.session.get(Job, job_id)  # type: ignore[return-value]  # expired by the commit: read afresh


def _progress_writer(job: Job, *, live: bool) -> Progress:
    """progress(fraction): inline it is set on the row; in a worker it is written at once in its own transaction."""
    last = {"value": 0.0, "at": 0.0}
    job_id = job.id

    def report(fraction: float) -> None:
        value = min(1.0, max(0.0, float(fraction)))
        if not live:
            job.progress = value
            return
        now = time.monotonic()
        if value < 1.0 and value - last["value"] < 0.05 and now - last["at"] < 1.0:
            return
        last.update(value=value, at=now)
        try:
            with db.engine.connect() as conn, impatient(conn):  # never wait on the job's own write lock
                conn.execute(sa.update(Job).where(Job.id == job_id, Job.state == "running").values(progress=value))
                conn.commit()
        except sa.exc.OperationalError:
            pass  # progress is advice; the job's own writes matter more

    return report


def execute(job_id: int, *, final_attempt: bool = True, live_progress: bool = False) -> Job | None:
    """Run one attempt of a job: finished with its result, or failed with a code; never left running.

    When `final_attempt` is False a transient failure is re-raised (for RQ to retry) and the job goes back
    to `queued` with the error it met.
    """
    load_handlers()
    job = db.session.get(Job, job_id)
    if job is None or job.done:
        return job
    spec = HANDLERS.get(job.kind)
    if spec is None:
        _finish_failed(job_id, "unknown_job", f"No handler for jobs of kind {job.kind}.")
        return db.session.get(Job, job_id)
    job.state, job.started_at, job.attempts = "running", utcnow(), job.attempts + 1
    payload, user_id = dict(job.payload or {}), job.user_id
    db.session.commit()
    token = _current.set(Running(job_id, user_id))
    try:
        result = spec.fn(payload, _progress_writer(job, live=live_progress))
        job = db.session.get(Job, job_id)
        job.state, job.progress, job.result, job.finished_at = "finished", 1.0, result or {}, utcnow()
        job.error_code = job.error_message = None
        db.session.commit()
    except Exception as exc:  # every failure ends in the row: a job is never lost silently
        db.session.rollback()
        code = getattr(exc, "code", None)
        transient = bool(getattr(exc, "transient", False))
        if isinstance(code, str) and code:
            message = str(getattr(exc, "message", None) or exc)  # the worker's language, for the row
        else:
            log.exception("Job %s (%s) failed", job_id, spec.kind)
            code, message = "internal_error", "The job stopped on an unexpected error; it has been logged."
        if transient and not final_attempt:
            _back_to_queue(job_id, code, message)
            raise
        _finish_failed(job_id, code, message)
    finally:
        _current.reset(token)
    return db.session.get(Job, job_id)


def _back_to_queue(job_id: int, code: str, message: str) -> None:
    db.session.execute(sa.update(Job).where(Job.id == job_id).values(
        state="queued", progress=0.0, error_code=code, error_message=f"{message} (will be retried)"))
    db.session.commit()


def _finish_failed(job_id: int, code: str, message: str) -> None:
    db.session.execute(sa.update(Job).where(Job.id == job_id, Job.state.in_(("queued", "running"))).values(
        state="failed", error_code=code[:40], error_message=message, finished_at=utcnow(), result=None))
    db.session.commit()


def get_job(job_id: int) -> Job | None:
    """A job as it stands; one RQ has lost (its worker died, its entry expired) is marked failed first."""
    job = db.session.get(Job, job_id)
    if job is None or job.done:
        return job
    if _use_rq():
        from app.jobs import rq_adapter

        lost = rq_adapter.lost_reason(job, lost_after=dt.timedelta(seconds=SETTINGS.lost_after))
    elif local.owns(job.id):
        lost = None  # queued or running on this process's threads
    else:
        # Without Redis, a job another process ran outlives its run only when that process died (a web
        # worker killed mid-job, a restart that did not wait for it); this process cannot ask it, so time tells.
        spec = HANDLERS.get(job.kind)
        limit = dt.timedelta(seconds=max(SETTINGS.lost_after, spec.timeout if spec else 0))
        lost = ("The process running this job stopped before it could finish."
                if utcnow() - (job.started_at or job.created_at) > limit else None)
    if lost is not None:
        _finish_failed(job.id, "job_lost", lost)
        db.session.refresh(job)
    return job


def can_see(user: User | None, job: Job) -> bool:
    """Users see their own jobs; editors and admins see every job (a command line's included)."""
    if user is None or not user.active:
        return False
    return job.user_id == user.id or user.has_role("editor")


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def job_dict(job: Job) -> dict:
    """The job as the API's contract shapes it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "progress": round(float(job.progress or 0.0), 3),
        "result": job.result if job.state == "finished" else None,
        "error": shown_error(job.error) if job.state == "failed" else None,
        "created_at": _iso(job.created_at),
        "finished_at": _iso(job.finished_at),
    }
