"""The desk's job handlers: report rendering (and, as they land, fetches, captures, re-checks, large imports)."""

from __future__ import annotations

from app.captures.store import store
from app.jobs.core import Progress, current, handler
from app.jobs.mail import queue_ready as queue_mail


def queue_report(article_id: int, fmt: str, *, user_id: int | None):
    """Render a report as a job, with the links it needs from the configuration. The same person asking
    again for the same report while it is queued or running gets that job, not another (a button pressed
    twenty times starts one render)."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.jobs.core import enqueue
    from app.models import Job
    from app.reports import site_options

    unfinished = db.session.scalars(sa.select(Job).where(
        Job.kind == "reports.render", Job.user_id == user_id, Job.state.in_(("queued", "running"))))
    for job in unfinished:
        if (job.payload or {}).get("article_id") == article_id and (job.payload or {}).get("format") == fmt:
            return job
    return enqueue("reports.render", {"article_id": article_id, "format": fmt, **site_options()}, user_id=user_id)


def pdf_is_a_job(article_id: int, fmt: str) -> bool:
    """A PDF of an article with more than REPORT_PDF_INLINE_CLAIMS claims is rendered by a job, never inside
    a request: rendering grows with the claims (a 1,200-claim article took over 30 s)."""
    from flask import current_app

    from app.services.articles import claim_count

    if fmt != "pdf":
        return False
    return claim_count(article_id) > int(current_app.config.get("REPORT_PDF_INLINE_CLAIMS", 100))


def import_is_a_job(data: dict) -> bool:
    """An import with suggest: true whose body is longer than SUGGEST_INLINE_MAX_CHARS (yet within the body
    limit, or the request answers the validation error at once) runs as an `articles.import` job."""
    from flask import current_app

    from app.services.settings import LIMITS

    body = data.get("body")
    return (data.get("suggest") is True and isinstance(body, str)
            and int(current_app.config["SUGGEST_INLINE_MAX_CHARS"]) < len(body) <= LIMITS.max_body_chars)


@handler("reports.render", timeout=600)
def render_report(payload: dict, progress: Progress) -> dict:
    """Build an article's report (PDF above all: seconds of work) into the store; the result links to it."""
    from app.services import reports

    run = current()
    assert run is not None
    progress(0.1)
    rendered = reports.build_report(int(payload["article_id"]), str(payload.get("format") or "pdf"), run.user,
                                    base_url=payload.get("base_url") or "", organisation=payload.get("organisation"))
    data = b"".join(rendered.chunks())
    progress(0.9)
    key = f"jobs/{run.job_id}/{rendered.filename}"
    store().put(key, data)
    return {"article_id": int(payload["article_id"]), "format": payload.get("format") or "pdf",
            "download_url": f"/api/v1/jobs/{run.job_id}/download", "filename": rendered.filename,
            "content_type": rendered.mimetype, "bytes": len(data), "file_key": key}


def _policy():
    from flask import current_app

    from app.fetch import policy_from_config

    return policy_from_config(current_app.config)


# Back-off between attempts of a fetch that met a transient failure (timeout, 5xx, refused connection).
FETCH_RETRY = (10, 60, 300)


@handler("articles.fetch", retry=FETCH_RETRY, timeout=120)
def fetch_article(payload: dict, progress: Progress) -> dict:
    """Fetch a URL into an article (or find the one it already is) and capture the page as a source."""
    from app.services.fetching import fetch_article as fetch

    run = current()
    assert run is not None
    progress(0.05)
    fetched = fetch(run.user, payload["url"], _policy(), store(), suggest=bool(payload.get("suggest")),
                    language=payload.get("language"), progress=progress)
    return {"article_id": fetched.article.id, "existing": not fetched.created, "url": fetched.article.url,
            "source_id": fetched.source_id}


@handler("sources.capture", retry=FETCH_RETRY, timeout=120)
def capture_source(payload: dict, progress: Progress) -> dict:
    """Capture a source now (on attaching evidence, or "capture again")."""
    from app.extensions import db
    from app.fetch import FetchError
    from app.services.captures import capture_source as capture
    from app.services.captures import get_source

    source = get_source(int(payload["source_id"]))
    progress(0.1)
    try:
        item, outcome = capture(source, _policy(), store())
    except FetchError:
        db.session.commit()  # what the fetch taught (gone, and when) is kept even though the job fails
        queue_mail()  # a source found gone told the people relying on it
        raise
    return {"source_id": source.id, "capture_id": item.id, "outcome": outcome, "sha256": item.sha256,
            "status": source.status}


def capture_on_attach(source_id: int, *, claim_id: int | None, user_id: int | None):
    """Queue a capture of a source just attached as evidence (CAPTURE_ON_ATTACH); None when that is off."""
    from flask import current_app

    from app.jobs.core import enqueue

    if not current_app.config.get("CAPTURE_ON_ATTACH"):
        return None
    return enqueue("sources.capture", {"source_id": source_id, "claim_id": claim_id}, user_id=user_id)


@handler("sources.recheck", timeout=3600)
def recheck_sources(payload: dict, progress: Progress) -> dict:
    """The link-rot re-check of sources not checked for `older_than_days` (0: all of them)."""
    from app.extensions import db
    from app.services import notifications
    from app.services.captures import recheck_sources as recheck
    from app.services.validation import utc_today

    days = float(payload.get("older_than_days", 7))
    counts = recheck(days, _policy(), store(), progress, commit=db.session.commit)
    # the same periodic tick tells the owners of claims whose re-check date has come (once per date)
    counts["recheck_due_told"] = notifications.recheck_due(utc_today())
    db.session.commit()
    queue_mail()
    return counts


@handler("articles.import", timeout=600)
def import_article(payload: dict, progress: Progress) -> dict:
    """An import too large to suggest claims for inside a request: the same create_article, in a worker."""
    from app.services import articles

    run = current()
    assert run is not None
    progress(0.1)
    result = articles.create_article(run.user, payload["data"], origin="import")
    return {"article_id": result.article.id, "existing": not result.created,
            "claims": len(result.article.claims)}


@handler("suggest.score_article", timeout=1800)
def score_article(payload: dict, progress: Progress) -> dict:
    """Encode every sentence of an article once, so its suggestions (and its claims' similar claims by
    meaning) are scored from stored vectors without the request waiting on the encoder."""
    from app.services import checkworthiness

    def step(done: int, total: int) -> None:
        progress(done / total if total else 1.0)

    return checkworthiness.score_article(int(payload["article_id"]), step)


@handler("suggest.retrain", timeout=3600)
def retrain_from_desk(payload: dict, progress: Progress) -> dict:
    """The scheduled retraining: the desk's own model from the shipped data and the desk's decisions."""
    from app.services import checkworthiness

    if not checkworthiness.desk_examples():
        return {"trained": False, "reason": "no desk decisions yet"}
    progress(0.1)
    path, _model, count = checkworthiness.train([], from_desk=True)
    return {"trained": True, "examples": count, "model": path.name}
