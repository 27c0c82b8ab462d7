"""API v1 report routes: download a report in any format; publish and withdraw its public link."""

from __future__ import annotations

from flask import jsonify, request

from app.api import bp
from app.api.auth import endpoint, json_body
from app.api.openapi import ERRORS, op, path_id, query, register_path
from app.models import User
from app.public.http import report_response
from app.reports import FORMATS, site_options
from app.services import articles as article_service
from app.services import reports
from app.services.validation import Checker


@bp.get("/articles/<int:article_id>/report")
@endpoint("read")
def article_report(user: User, article_id: int):
    """The article's verification report in ?format=html|pdf|md|csv|json|claimreview (json by default)."""
    fmt = request.args.get("format", "json")
    return report_response(reports.build_report(article_id, fmt, user, **site_options()))


@bp.post("/articles/<int:article_id>/publication")
@endpoint("publish")
def publish_report(user: User, article_id: int):
    """Publish the report at a new public link; {"include_unapproved": true} when claims are not all approved."""
    article = article_service.get_article(article_id)
    checker = Checker(json_body() if request.data else {})
    include_unapproved = checker.boolean("include_unapproved")
    checker.raise_if_errors()
    publication = reports.publish(user, article, include_unapproved=include_unapproved)
    response = jsonify(reports.publication_dict(publication, site_options()["base_url"]))
    response.status_code = 201
    return response


@bp.delete("/articles/<int:article_id>/publication")
@endpoint("publish")
def withdraw_report(user: User, article_id: int):
    """Withdraw the published report; its link answers 410 from now on."""
    article = article_service.get_article(article_id)
    publication = reports.withdraw(user, article)
    return jsonify(reports.publication_dict(publication, site_options()["base_url"]))


def _binary(mimetype: str) -> dict:
    return {mimetype: {"schema": {"type": "string", "format": "binary"}}}


PUBLICATION = {"type": "object", "properties": {
    "id": {"type": "integer"}, "article_id": {"type": "integer"}, "token": {"type": "string"},
    "url": {"type": "string"}, "include_unapproved": {"type": "boolean"}, "published_at": {"type": "string"},
    "published_by_id": {"type": ["integer", "null"]}, "withdrawn_at": {"type": ["string", "null"]},
    "withdrawn_by_id": {"type": ["integer", "null"]}}}

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
_publish = op("Publish the report at a public link", "201", PUBLICATION, params=[path_id("article_id")])
_publish["requestBody"] = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"include_unapproved": {"type": "boolean"}}}}}}
_withdraw = op("Withdraw the published report", "200", PUBLICATION, params=[path_id("article_id")])
_withdraw["responses"]["404"] = {**ERRORS["404"], "description": "Unknown article, or its report is not published"}

register_path("/api/v1/articles/{article_id}/report", {"get": _report})
register_path("/api/v1/articles/{article_id}/publication", {"post": _publish, "delete": _withdraw})
