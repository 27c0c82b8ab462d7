"""API v1 for the live web: articles by URL, sources with their captures, capturing again."""

from __future__ import annotations

from flask import Response, current_app, jsonify, url_for

from app import jobs
from app.api import bp
from app.api.auth import endpoint
from app.api.jobs import accepted, job_accepted
from app.api.openapi import ERRORS, S, op, path_id, ref, register_path
from app.api.serialize import article_dict, source_dict
from app.captures.store import store
from app.fetch import policy_from_config
from app.i18n import _l, told
from app.models import Source, User
from app.services import articles as article_service
from app.services import captures
from app.services.fetching import refuse_early
from app.services.urls import normalise_url
from app.services.validation import Checker


def existing_answer(article) -> Response:
    """200 {"article", "existing": true}: the URL is already in the desk."""
    response = jsonify({"article": article_dict(article, claims=True), "existing": True})
    response.headers["Location"] = url_for("api.get_article", article_id=article.id)
    return response


def warc_response(capture) -> Response:
    """A capture's WARC file from the capture store (404 when the store lost it)."""
    from app.services.errors import NotFound

    try:
        data = store().get(capture.warc_key)
    except (OSError, ValueError):
        raise NotFound(_l("The WARC file of this capture is missing from the capture store.")) from None
    response = Response(data, content_type="application/warc")
    response.headers["Content-Disposition"] = (f'attachment; filename="source-{capture.source_id}-capture-'
                                               f'{capture.id}.warc.gz"')
    return response


def create_from_url(user: User, data: dict):
    """POST /articles with a url and no body: 200 existing, 422 fetch_refused, or 202 with the fetch job."""
    checker = Checker(data)
    raw_url = checker.text("url", required=True, max_len=2048)
    suggest = checker.boolean("suggest")
    language = checker.text("language", max_len=16)
    checker.raise_if_errors(_l("The article is not valid."))
    url = normalise_url(raw_url or "")
    existing = article_service.find_by_url(url)
    if existing is not None:
        return existing_answer(existing)
    refuse_early(url, policy_from_config(current_app.config))
    job = jobs.enqueue("articles.fetch", {"url": url, "suggest": bool(suggest), "language": language or None},
                       user_id=user.id)
    return accepted(job)


def import_job(user: User, data: dict):
    """202 with the import job (its result has article_id), or 200 when the URL is already in the desk."""
    if isinstance(data.get("url"), str) and data["url"].strip():
        existing = article_service.find_by_url(normalise_url(data["url"]))
        if existing is not None:
            return existing_answer(existing)
    return accepted(jobs.enqueue("articles.import", {"data": data}, user_id=user.id))


def source_detail(source: Source) -> dict:
    return {**source_dict(source), "status": source.status,
            "checked_at": source.checked_at.isoformat() if source.checked_at else None,
            "status_detail": told(source.status_detail),
            "captures": [captures.capture_dict(c) for c in source.captures]}


@bp.get("/sources/<int:source_id>")
@endpoint("read")
def get_source(user: User, source_id: int):
    """A source with its link status (ok, gone, unchecked) and every capture, oldest first."""
    return jsonify({"source": source_detail(captures.get_source(source_id))})


@bp.post("/sources/<int:source_id>/captures")
@endpoint("add_evidence")
def capture_again(user: User, source_id: int):
    """Capture the source again (202 with the job); an unchanged page keeps its hash and is not stored twice."""
    source = captures.get_source(source_id)
    return accepted(jobs.enqueue("sources.capture", {"source_id": source.id}, user_id=user.id))


@bp.get("/sources/<int:source_id>/captures/<int:capture_id>/text")
@endpoint("read")
def capture_text(user: User, source_id: int, capture_id: int):
    """The text extracted from a capture, as plain text."""
    capture = captures.get_capture(captures.get_source(source_id), capture_id)
    return Response(capture.text, content_type="text/plain; charset=utf-8")


@bp.get("/sources/<int:source_id>/captures/<int:capture_id>/warc")
@endpoint("read")
def capture_warc(user: User, source_id: int, capture_id: int):
    """The capture as a WARC file (gzipped request and response records)."""
    return warc_response(captures.get_capture(captures.get_source(source_id), capture_id))


CAPTURE = {"type": "object", "properties": {
    "id": {"type": "integer"}, "state": {"type": "string", "enum": ["captured", "changed"]}, "fetched_at": S,
    "seen_at": S, "http_status": {"type": "integer"}, "content_type": S, "final_url": S,
    "bytes": {"type": "integer"}, "sha256": S}}
SOURCE_DETAIL = {"type": "object", "required": ["source"], "properties": {"source": {"allOf": [ref("Source"), {
    "type": "object", "properties": {
        "status": {"type": "string", "enum": ["ok", "gone", "unchecked"]}, "checked_at": {"type": ["string", "null"]},
        "status_detail": {"type": ["string", "null"]}, "captures": {"type": "array", "items": ref("Capture")}}}]}}}


def _register() -> None:
    from app.api import openapi

    openapi.SCHEMAS["Capture"] = CAPTURE
    openapi.SCHEMAS["ArticleUrlInput"] = {"type": "object", "required": ["url"], "properties": {
        "url": {"type": "string", "format": "uri"}, "suggest": {"type": "boolean"}, "language": S}}
    post = openapi.PATHS["/api/v1/articles"]["post"]
    post["summary"] = "Create an article with claims, or from a URL alone (fetched by a job)"
    post["requestBody"]["content"]["application/json"]["schema"] = {"oneOf": [ref("ArticleInput"),
                                                                              ref("ArticleUrlInput")]}
    post["responses"]["202"] = {"description": "Only a url was given: the fetch job (Location: /api/v1/jobs/ID)",
                                "content": {"application/json": {"schema": {"type": "object", "properties": {
                                    "job": ref("Job")}}}}}
    post["responses"]["200"] = {"description": "The URL is already in the desk: the existing article",
                                "content": {"application/json": {"schema": {"type": "object"}}}}
    post["responses"]["422"] = {**ERRORS["422"], "description": "Invalid fields, or fetch_refused for a URL the "
                                                                 "fetch policy refuses"}
    sid = path_id("source_id")
    register_path("/api/v1/sources/{source_id}", {"get": op("A source, its link status and captures", "200",
                                                            SOURCE_DETAIL, params=[sid])})
    register_path("/api/v1/sources/{source_id}/captures", {"post": job_accepted("Capture the source again",
                                                                                params=[sid])})
    text = op("A capture's extracted text", "200", None, params=[sid, path_id("capture_id")])
    text["responses"]["200"]["content"] = {"text/plain": {"schema": S}}
    warc = op("A capture's WARC file", "200", None, params=[sid, path_id("capture_id")])
    warc["responses"]["200"]["content"] = {"application/warc": {"schema": {"type": "string", "format": "binary"}}}
    register_path("/api/v1/sources/{source_id}/captures/{capture_id}/text", {"get": text})
    register_path("/api/v1/sources/{source_id}/captures/{capture_id}/warc", {"get": warc})


_register()
