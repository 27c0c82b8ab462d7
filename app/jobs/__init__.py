"""Jobs: slow work off the request, behind one small interface.

    job = enqueue("articles.fetch", {"url": url}, user_id=user.id)

    @handler("articles.fetch", retry=(5, 30, 120))
    def fetch_article(payload: dict, progress: Callable[[float], None]) -> dict: ...

With REDIS_URL set, enqueue() hands the job to RQ and a worker (`flask --app wsgi worker`) runs it; without
it, a thread beside the web process runs it (app/jobs/local.py) and enqueue() waits for it a moment
(JOBS_INLINE_WAIT): quick jobs come back finished or failed, long ones queued or running. Either way the job is a row in the
`job` table, whose state the API and the pages read. A handler's return value is the job's result; an
exception with a `code` (a DomainError, a FetchError) fails the job with that code and its message.
"""

from app.jobs.core import (
    HANDLERS,
    JobError,
    can_see,
    configure,
    current,
    enqueue,
    execute,
    get_job,
    handler,
    job_dict,
    load_handlers,
)
from app.jobs.local import drain

__all__ = ["HANDLERS", "JobError", "can_see", "configure", "current", "drain", "enqueue", "execute", "get_job",
           "handler", "job_dict", "load_handlers"]
