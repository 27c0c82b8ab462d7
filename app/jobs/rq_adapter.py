"""The RQ adapter: jobs travel to workers as ids (the row is the truth); RQ only schedules and retries them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus

from app.jobs.core import SETTINGS, Handler
from app.models import Job
from app.models.base import utcnow

PREFIX = "claimdesk-"


def _redis_url() -> str:
    from flask import current_app, has_app_context

    if has_app_context() and current_app.config.get("REDIS_URL"):
        return current_app.config["REDIS_URL"]
    return SETTINGS.redis_url


@lru_cache(maxsize=8)
def _connection(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def connection() -> redis.Redis:
    return _connection(_redis_url())


def queue_name() -> str:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get("JOBS_QUEUE") or SETTINGS.queue_name
    return SETTINGS.queue_name


def queue() -> Queue:
    return Queue(queue_name(), connection=connection())


def rq_id(job_id: int) -> str:
    """RQ's id for a job: the queue name is part of it, so two desks (or a database that was reset) sharing
    one Redis never meet each other's entries (RQ keeps fields of an old entry an id is reused for)."""
    return f"{PREFIX}{queue_name()}-{job_id}"


def job_id_of(rq_job_id: str) -> int | None:
    number = rq_job_id.rsplit("-", 1)[-1]
    return int(number) if rq_job_id.startswith(PREFIX) and number.isdigit() else None


def push(job: Job, spec: Handler) -> None:
    retry = Retry(max=len(spec.retry), interval=list(spec.retry)) if spec.retry else None
    queue().enqueue("app.jobs.worker.perform", job.id, job_id=rq_id(job.id), job_timeout=spec.timeout,
                    retry=retry, result_ttl=86400, failure_ttl=7 * 86400,
                    description=f"{job.kind} #{job.id}")


def lost_reason(job: Job, *, lost_after: dt.timedelta) -> str | None:
    """Why RQ will never finish this job (failed outside our code, or forgotten), or None while it still may."""
    try:
        rq_job = RQJob.fetch(rq_id(job.id), connection=connection())
    except NoSuchJobError:
        if utcnow() - job.created_at > lost_after:
            return "The job queue no longer knows this job (Redis was emptied or the job expired)."
        return None
    except redis.RedisError:
        return None  # the queue is unreachable right now; that is not proof the job is lost
    status = rq_job.get_status(refresh=False)
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return "The worker running this job stopped before it could finish (killed, timed out or out of memory)."
    return None
