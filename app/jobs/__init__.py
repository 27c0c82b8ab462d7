"""Jobs: slow work off the request, behind one small interface.

    job = enqueue("articles.fetch", {"url": url}, user_id=user.id)

    @handler("articles.fetch", retry=(5, 30, 120))
    def fetch_article(payload: dict, progress: Callable[[float], None]) -> dict: ...

With REDIS_URL set, enqueue() hands the job to RQ and a worker (`flask --app wsgi worker`) runs it; without
it, the job runs inline and enqueue() returns it finished or failed. Either way the job is a row in the
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

__all__ = ["HANDLERS", "JobError", "can_see", "configure", "current", "enqueue", "execute", "get_job", "handler",
           "job_dict", "load_handlers"]
