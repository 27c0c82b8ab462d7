"""API v1 jobs: a job's state, progress and result; report rendering as a job; a job's file."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask_babel import lazy_gettext as _l

from app import jobs
from app.api import bp
from app.api.auth import endpoint, json_body
from app.api.openapi import ERRORS, S, op, path_id, ref, register_path
from app.captures.store import store
from app.models import Job, User
from app.reports import FORMATS
from app.services import articles as article_service
from app.services.errors import NotFound, PermissionDenied
from app.services.reports import check_format
from app.services.validation import Checker


def visible_job(user: User, job_id: int) -> Job:
    """The job, if this user may see it (their own; editors and admins: any)."""
    job = jobs.get_job(job_id)
    if job is None:
        raise NotFound(_l("No job %(id)s.", id=job_id))
    if not jobs.can_see(user, job):
        raise PermissionDenied(_l("This job belongs to someone else."))
    return job


def accepted(job: Job, **extra) -> Response:
    """202 with the job (finished or failed already when jobs run inline) and Location: its address."""
    response = jsonify({"job": jobs.job_dict(job), **extra})
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_job", job_id=job.id)
    return response


def file_response(job: Job) -> Response:
    result = job.result or {}
    if job.state != "finished" or not result.get("file_key"):
        raise NotFound(_l("This job has no file (yet)."))
    try:
        data = store().get(result["file_key"])
    except (OSError, ValueError):
        raise NotFound(_l("This job's file is no longer kept.")) from None
    response = Response(data, content_type=result.get("content_type") or "application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{result.get("filename") or "download"}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/jobs/<int:job_id>")
@endpoint("read")
def get_job(user: User, job_id: int):
    """A job: state queued|running|finished|failed, progress 0..1, result or error {code, message}."""
    return jsonify({"job": jobs.job_dict(visible_job(user, job_id))})


@bp.get("/jobs/<int:job_id>/download")
@endpoint("read")
def job_download(user: User, job_id: int):
    """The file a finished job made (a rendered report)."""
    return file_response(visible_job(user, job_id))


@bp.post("/articles/<int:article_id>/report-jobs")
@endpoint("read")
def report_job(user: User, article_id: int):
    """Render the article's report (pdf by default, or any report format) as a job; its result has download_url."""
    article = article_service.get_article(article_id)
    checker = Checker(json_body() if request.data else {})
    fmt = checker.text("format", max_len=20) or "pdf"
    checker.raise_if_errors()
    check_format(fmt)
    from app.jobs.tasks import queue_report

    return accepted(queue_report(article.id, fmt, user_id=user.id))


JOB = {"type": "object", "required": ["id", "kind", "state", "progress"], "properties": {
    "id": {"type": "integer"}, "kind": S,
    "state": {"type": "string", "enum": ["queued", "running", "finished", "failed"]},
    "progress": {"type": "number", "minimum": 0, "maximum": 1},
    "result": {"type": ["object", "null"]},
    "error": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["code", "message"],
                                            "properties": {"code": S, "message": S}}]},
    "created_at": S, "finished_at": {"type": ["string", "null"]}}}
JOB_ANSWER = {"type": "object", "required": ["job"], "properties": {"job": ref("Job")}}


def job_accepted(summary: str, **kw) -> dict:
    """An operation answering 202 with a job."""
    operation = op(summary, "202", JOB_ANSWER, **kw)
    operation["responses"]["202"]["headers"] = {"Location": {"schema": S, "description": "/api/v1/jobs/ID"}}
    return operation


def _register() -> None:
    from app.api import openapi

    openapi.SCHEMAS["Job"] = JOB
    register_path("/api/v1/jobs/{job_id}", {"get": op("A job's state, progress and result", "200", JOB_ANSWER,
                                                      params=[path_id("job_id")])})
    download = op("The file a finished job made", "200", None, params=[path_id("job_id")])
    # A report job's file has its format's type (PDF, ZIP, Markdown, JSON…); JSON ones are any JSON value.
    types = {spec.mimetype.split(";")[0] for spec in FORMATS.values()} | {"application/octet-stream"}
    download["responses"]["200"]["content"] = {
        kind: {"schema": {} if kind.endswith("json") else {"type": "string", "format": "binary"}}
        for kind in sorted(types)}
    register_path("/api/v1/jobs/{job_id}/download", {"get": download})
    report = job_accepted("Render a report (PDF by default) as a job", params=[path_id("article_id")])
    report["requestBody"] = {"required": False, "content": {"application/json": {"schema": {
        "type": "object", "properties": {"format": {"type": "string", "enum": list(FORMATS), "default": "pdf"}}}}}}
    report["responses"]["400"] = {**ERRORS["422"], "description": "Unknown format, or malformed request"}
    register_path("/api/v1/articles/{article_id}/report-jobs", {"post": report})


_register()
