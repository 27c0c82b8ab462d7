"""Earlier fact-checks as jobs: pages read by URL, a partner's feed pulled, every active feed pulled on the tick."""

from __future__ import annotations

from app.jobs.core import Progress, current, enqueue, handler
from app.jobs.tasks import FETCH_RETRY, _policy


@handler("factchecks.fetch", timeout=600)
def fetch_pages(payload: dict, progress: Progress) -> dict:
    """Read the ClaimReview markup of the pages at payload["urls"] (through the fetch policy)."""
    from app.services import factchecks

    run = current()
    assert run is not None
    progress(0.05)
    result, failures = factchecks.fetch_pages(run.user, list(payload.get("urls") or []), _policy())
    return {**result.as_dict(), "failures": failures}


@handler("factchecks.pull", retry=FETCH_RETRY, timeout=300)
def pull_feed(payload: dict, progress: Progress) -> dict:
    """Pull one partner feed: a conditional GET, new items only, its ETag and status kept."""
    from app.extensions import db
    from app.fetch import FetchError
    from app.services import factchecks
    from app.services.errors import DomainError

    run = current()
    assert run is not None
    feed = factchecks.get_feed(int(payload["feed_id"]))
    progress(0.1)
    try:
        result = factchecks.pull(feed, _policy(), actor=run.user)
    except (FetchError, DomainError):
        db.session.commit()  # the feed keeps what this pull met (its status), though the job fails
        raise
    return {"feed_id": feed.id, "status": feed.last_status, **result.as_dict()}


@handler("factchecks.pull_all", timeout=300)
def pull_all(payload: dict, progress: Progress) -> dict:
    """Queue a pull of every active feed (the scheduled tick, or `pull now` for all)."""
    from app.services import factchecks

    run = current()
    user_id = run.user_id if run else None
    jobs = [enqueue("factchecks.pull", {"feed_id": feed.id}, user_id=user_id).id for feed in factchecks.active_feeds()]
    return {"jobs": jobs}


def queue_pull(feed_id: int, *, user_id: int | None, in_caller: bool = False):
    """Pull one feed as a job now."""
    return enqueue("factchecks.pull", {"feed_id": feed_id}, user_id=user_id, in_caller=in_caller)


def queue_fetch(urls: list[str], *, user_id: int | None, in_caller: bool = False):
    """Read fact-check pages by URL as a job (fetching never happens inside a request)."""
    return enqueue("factchecks.fetch", {"urls": urls}, user_id=user_id, in_caller=in_caller)
