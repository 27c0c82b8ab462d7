"""Job pages: a job's progress page, its JSON for the page's script (session cookie), its file."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import jobs
from app.models import Job
from app.services import articles as article_service
from app.services.reports import check_format
from app.web import page

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def _visible(job_id: int) -> Job:
    job = jobs.get_job(job_id)
    if job is None:
        abort(404)
    if not jobs.can_see(current_user, job):
        abort(403)
    return job


def result_link(job: Job) -> str | None:
    """Where the finished job's result is read in the desk: the article, the claim, the downloaded file."""
    result = job.result or {}
    if job.state != "finished":
        return None
    if result.get("file_key"):
        return url_for("jobs.download", job_id=job.id)
    if result.get("article_id") and job.kind.startswith("articles."):
        return url_for("articles.show", article_id=result["article_id"])
    if job.kind.startswith("factchecks."):
        return url_for("earlier_checks.index")
    claim_id = (job.payload or {}).get("claim_id")
    if claim_id:
        return url_for("claims.show", claim_id=claim_id)
    return None


def page_dict(job: Job) -> dict:
    data = jobs.job_dict(job)
    data["link"] = result_link(job)
    return data


@bp.get("/<int:job_id>")
@page("read")
def show(job_id: int):
    """A job's page: its progress, then its result or its error, updated without a reload (static/jobs.js)."""
    job = _visible(job_id)
    return render_template("jobs/show.html", job=job, job_data=page_dict(job))


@bp.get("/<int:job_id>.json")
@page("read")
def status(job_id: int):
    """The job as JSON for the page's script (the API's shape, plus the desk link of its result)."""
    return jsonify({"job": page_dict(_visible(job_id))})


@bp.get("/<int:job_id>/download")
@page("read")
def download(job_id: int):
    """The file a finished job made."""
    from app.api.jobs import file_response

    return file_response(_visible(job_id))


@bp.post("/report/<int:article_id>")
@page("read")
def report(article_id: int):
    """Render a report as a job (the article page's PDF button), and show its progress. A POST with the
    form's CSRF token: starting work is never a plain GET a prefetch or a crawler could trigger."""
    from app.admin.forms import ConfirmForm
    from app.jobs.tasks import queue_report

    article = article_service.get_article(article_id)
    fmt = check_format(request.form.get("format") or request.args.get("format") or "pdf")
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("articles.show", article_id=article.id))
    job = queue_report(article.id, fmt, user_id=current_user.id)
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
