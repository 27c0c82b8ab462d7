"""API v1 report routes: download a report in any format; publish its versions, read and withdraw its link."""

from __future__ import annotations

from flask import jsonify, request

from app.api import bp
from app.api.auth import endpoint, json_body
from app.api.openapi import ERRORS, op, path_id, query, register_path
from app.i18n import _l
from app.jobs.tasks import pdf_is_a_job
from app.models import User
from app.public.http import report_response
from app.reports import FORMATS, site_options
from app.services import articles as article_service
from app.services import reports
from app.services.errors import Conflict, NotFound
from app.services.validation import Checker


@bp.get("/articles/<int:article_id>/report")
@endpoint("read")
def article_report(user: User, article_id: int):
    """The article's verification report in ?format=html|pdf|md|csv|json|claimreview (json by default).

    A PDF of a large article is a job instead (app/jobs/tasks.py pdf_is_a_job): 202 with it and its Location.
    """
    fmt = request.args.get("format", "json")
    if pdf_is_a_job(article_id, fmt):  # an unknown article has no claims: build_report answers its 404
        # A GET starts no work (only POST does): it says how to ask for the job.
        raise Conflict(_l("A PDF of this article is made by a job: POST %(url)s {\"format\": \"pdf\"} to start it.",
                          url=f"/api/v1/articles/{article_id}/report-jobs"),
                       {"format": _l("Too many claims to render in a request.")})
    return report_response(reports.build_report(article_id, fmt, user, **site_options()))


@bp.post("/articles/<int:article_id>/publication")
@endpoint("publish")
def publish_report(user: User, article_id: int):
    """Publish the report, frozen: version 1 at a new link, or (while published, with a note) the next version."""
    article = article_service.get_article(article_id)
    options = reports.publication_options(json_body() if request.data else {})
    if options["note"] and not options["kind"] and reports.current_publication(article.id) is not None:
        options["kind"] = "update"  # the API's default; a correction says so
    site = site_options()
    version = reports.publish(user, article, **options, **site)
    response = jsonify({"publication": reports.publication_dict(version.publication, site["base_url"], version)})
    response.status_code = 201
    response.headers["Location"] = f"{site['base_url']}/r/{version.publication.token}/v/{version.number}"
    return response


@bp.get("/articles/<int:article_id>/publication")
@endpoint("read")
def get_publication(user: User, article_id: int):
    """The article's live publication with its versions; 404 when the report is not published."""
    article = article_service.get_article(article_id)
    publication = reports.current_publication(article.id)
    if publication is None:
        raise NotFound(_l("The report of article %(id)s is not published.", id=article.id))
    return jsonify({"publication": reports.publication_dict(publication, site_options()["base_url"])})


@bp.delete("/articles/<int:article_id>/publication")
@endpoint("publish")
def withdraw_report(user: User, article_id: int):
    """Withdraw the published report ({"reason"} optional, shown to readers); every version answers 410."""
    article = article_service.get_article(article_id)
    checker = Checker(json_body() if request.data else request.args)
    reason = checker.text("reason", max_len=reports.NOTE_MAX)
    checker.raise_if_errors(_l("The withdrawal is not valid."))
    publication = reports.withdraw(user, article, reason=reason)
    return jsonify({"publication": reports.publication_dict(publication, site_options()["base_url"])})


def _binary(mimetype: str) -> dict:
    return {mimetype: {"schema": {"type": "string", "format": "binary"}}}


VERSION = {"type": "object", "properties": {
    "number": {"type": "integer"}, "kind": {"enum": ["first", "correction", "update"]},
    "note": {"type": ["string", "null"]}, "published_at": {"type": "string"}, "url": {"type": "string"}}}
PUBLICATION = {"type": "object", "required": ["publication"], "properties": {"publication": {
    "type": "object", "required": ["token", "url", "version", "published_at", "note"], "properties": {
        "id": {"type": "integer"}, "article_id": {"type": "integer"}, "token": {"type": "string"},
        "url": {"type": "string"}, "version": {"type": ["integer", "null"]},
        "kind": {"enum": ["first", "correction", "update", None]}, "published_at": {"type": "string"},
        "note": {"type": ["string", "null"]}, "first_published_at": {"type": "string"},
        "include_unapproved": {"type": "boolean"}, "published_by_id": {"type": ["integer", "null"]},
        "withdrawn_at": {"type": ["string", "null"]}, "withdrawn_by_id": {"type": ["integer", "null"]},
        "withdrawn_reason": {"type": ["string", "null"]}, "versions": {"type": "array", "items": VERSION}}}}}

_report = op("The article's verification report", "200", None,
             params=[path_id("article_id"), query("format", {"type": "string", "enum": list(FORMATS), "default": "json"})])
_report["description"] = ("json (schema: app/reports/schema/report.schema.json, streamed), html (print-ready, in the "
                          "article's language), pdf, md, csv (a ZIP of claims.csv and evidence.csv, UTF-8 with BOM), "
                          "claimreview (JSON-LD array of schema.org ClaimReview). An archived article's report says so.")
# JSON answers are declared as JSON (the report an object, ClaimReview an array), the others as bytes.
_report["responses"]["200"]["content"] = {
    "application/json": {"schema": {"type": "object", "required": ["article"]}},
    "application/ld+json": {"schema": {"type": "array", "items": {"type": "object"}}},
    **_binary("text/html"), **_binary("application/pdf"), **_binary("text/markdown"), **_binary("application/zip")}
_report["responses"]["400"]["description"] = "Unknown format"
_report["responses"]["409"] = {**ERRORS["422"], "description": "A PDF of an article with more claims than "
                               "REPORT_PDF_INLINE_CLAIMS is made by a job: POST /api/v1/articles/ID/report-jobs starts it"}
_publish = op("Publish the report, frozen (version 1, or the next version with a note)", "201", PUBLICATION,
              params=[path_id("article_id")],
              extra={"409": {**ERRORS["422"], "description": "Another editor published it at the same moment"}})
_publish["description"] = ("While the report is published, the same call makes the next version at the same link and "
                           "needs a `note` (what changed) and its `kind`, `correction` or `update` (default "
                           "`update`). Unapproved claims need `include_unapproved`.")
_publish["requestBody"] = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"include_unapproved": {"type": "boolean"},
                                     "note": {"type": "string", "maxLength": 2000},
                                     "kind": {"enum": ["correction", "update"]}}}}}}
_get = op("The live publication and its versions", "200", PUBLICATION, params=[path_id("article_id")])
_get["responses"]["404"] = {**ERRORS["404"], "description": "Unknown article, or its report is not published"}
_withdraw = op("Withdraw the published report (every version answers 410)", "200", PUBLICATION,
               params=[path_id("article_id")])
_withdraw["requestBody"] = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"reason": {"type": "string", "maxLength": 2000}}}}}}
_withdraw["responses"]["404"] = {**ERRORS["404"], "description": "Unknown article, or its report is not published"}

register_path("/api/v1/articles/{article_id}/report", {"get": _report})
register_path("/api/v1/articles/{article_id}/publication", {"post": _publish, "get": _get, "delete": _withdraw})
