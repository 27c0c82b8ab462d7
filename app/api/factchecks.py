"""API v1 for earlier fact-checks: import a file or a body, read pages by URL, subscribe to feeds, list them."""

from __future__ import annotations

from flask import current_app, jsonify, request

from app import jobs
from app.api import bp
from app.api.auth import endpoint, json_body
from app.api.jobs import accepted, job_accepted
from app.api.openapi import NS, PAGING, I, S, op, path_id, query, ref, register_path, text
from app.api.routes import _page_args
from app.fetch import policy_from_config
from app.i18n import _l
from app.jobs.factchecks import queue_fetch, queue_pull
from app.models import User
from app.services import factchecks
from app.services.errors import ValidationError
from app.services.validation import Checker


@bp.get("/factchecks")
@endpoint("read")
def list_factchecks(user: User):
    """Earlier fact-checks, the latest first, filtered by language and publisher."""
    page, per_page = _page_args()
    checker = Checker(request.args)
    language = checker.text("language", max_len=8)
    publisher = checker.text("publisher", max_len=300)
    checker.raise_if_errors()
    listing = factchecks.list_checks(user, language=language, publisher=publisher, page=page, per_page=per_page)
    return jsonify({"items": [factchecks.check_dict(r) for r in listing.items], "page": page, "per_page": per_page,
                    "total": listing.total})


@bp.post("/factchecks/import")
@endpoint("import_factchecks")
def import_factchecks(user: User):
    """Import ClaimReview JSON(-LD), a DataFeed, {"items": [...]}, or a file (multipart `file`: JSON or CSV)."""
    upload = request.files.get("file")
    if upload is not None:
        result = factchecks.import_file(user, upload.filename or "upload", upload.read(factchecks.MAX_FILE_BYTES + 1))
    else:
        if not request.is_json:
            raise ValidationError(_l("Send a JSON document, or a file as multipart form data (field 'file')."),
                                  {"body": _l("JSON or a file is required.")})
        items = factchecks.parse_json(request.get_data())
        result = factchecks.import_items(items, origin="file", actor=user)
    if result.errors and not (result.added or result.updated or result.skipped):
        raise ValidationError(_l("Nothing could be imported."),
                              {f"items[{i}]": e for i, e in enumerate(result.errors[:50])})
    return jsonify(result.as_dict())


@bp.post("/factchecks/fetch")
@endpoint("import_factchecks")
def fetch_factchecks(user: User):
    """Read fact-check pages' ClaimReview markup by URL: a job (the fetch policy applies)."""
    urls = factchecks.checked_urls(json_body().get("urls"), policy_from_config(current_app.config))
    return accepted(queue_fetch(urls, user_id=user.id))


@bp.get("/factchecks/feeds")
@endpoint("import_factchecks")
def list_feeds(user: User):
    """The partner feeds the desk subscribes to, with their last pull."""
    return jsonify({"items": [factchecks.feed_dict(f) for f in factchecks.feeds()]})


@bp.post("/factchecks/feeds")
@endpoint("import_factchecks")
def subscribe_feed(user: User):
    """Subscribe to a partner's feed: 201 with the feed and the job pulling it now (then on schedule)."""
    checker = Checker(json_body())
    url = checker.text("url", required=True, max_len=2048)
    title = checker.text("title", max_len=300)
    checker.raise_if_errors(_l("The feed is not valid."))
    feed, created = factchecks.subscribe(user, url or "", title=title, policy=policy_from_config(current_app.config))
    job = queue_pull(feed.id, user_id=user.id)
    response = jsonify({"feed": factchecks.feed_dict(factchecks.get_feed(feed.id)), "created": created,
                        "job": jobs.job_dict(job)})
    response.status_code = 201 if created else 200
    return response


@bp.post("/factchecks/feeds/<int:feed_id>/pull")
@endpoint("import_factchecks")
def pull_feed(user: User, feed_id: int):
    """Pull one feed now, as a job."""
    feed = factchecks.get_feed(feed_id)
    return accepted(queue_pull(feed.id, user_id=user.id))


def _register() -> None:
    from app.api import openapi

    openapi.SCHEMAS["EarlierCheck"] = {"type": "object", "properties": {
        "id": I, "url": S, "claim_reviewed": S, "rating": NS, "rating_value": {"type": ["number", "null"]},
        "best_rating": {"type": ["number", "null"]}, "worst_rating": {"type": ["number", "null"]},
        "publisher": NS, "publisher_url": NS, "date": NS, "claim_author": NS, "claim_date": NS,
        "first_appearance": NS, "language": NS, "origin": S, "feed_id": {"type": ["integer", "null"]},
        "publication_id": {"type": ["integer", "null"]}, "imported_at": NS}}
    openapi.SCHEMAS["FactCheckFeed"] = {"type": "object", "properties": {
        "id": I, "url": S, "title": NS, "active": {"type": "boolean"}, "pulled_at": NS, "last_status": NS,
        "items_added": I, "etag": NS, "last_modified": NS}}
    result = {"type": "object", "required": ["added", "updated", "skipped", "errors"], "properties": {
        "added": I, "updated": I, "skipped": I, "errors": {"type": "array", "items": S}}}
    listing = {"type": "object", "properties": {"items": {"type": "array", "items": ref("EarlierCheck")},
                                                "page": I, "per_page": I, "total": I}}
    register_path("/api/v1/factchecks", {"get": op("Earlier fact-checks", "200", listing, params=[
        *PAGING, query("language", text(8)), query("publisher", text(300))])})
    upload = op("Import earlier fact-checks (ClaimReview, DataFeed, or a JSON/CSV file)", "200", result)
    upload["requestBody"] = {"required": True, "content": {
        "application/json": {"schema": {"type": ["object", "array"]}},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                           "properties": {"file": {"type": "string", "format": "binary"}}}}}}
    register_path("/api/v1/factchecks/import", {"post": upload})
    fetch = job_accepted("Read fact-check pages' ClaimReview markup by URL")
    fetch["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["urls"], "properties": {"urls": {
            "type": "array", "minItems": 1, "maxItems": factchecks.MAX_URLS,
            "items": {"type": "string", "format": "uri", "maxLength": 2048}}}}}}}
    register_path("/api/v1/factchecks/fetch", {"post": fetch})
    feed_answer = {"type": "object", "properties": {"feed": ref("FactCheckFeed"), "created": {"type": "boolean"},
                                                    "job": ref("Job")}}
    subscribe = op("Subscribe to a partner's feed (pulled now, then on schedule)", "201", feed_answer)
    subscribe["responses"]["200"] = {"description": "Already subscribed",
                                     "content": {"application/json": {"schema": feed_answer}}}
    subscribe["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["url"], "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": 2048}, "title": text(300)}}}}}
    register_path("/api/v1/factchecks/feeds", {
        "get": op("Partner feeds", "200", {"type": "object", "properties": {
            "items": {"type": "array", "items": ref("FactCheckFeed")}}}),
        "post": subscribe})
    register_path("/api/v1/factchecks/feeds/{feed_id}/pull",
                  {"post": job_accepted("Pull a feed now", params=[path_id("feed_id")])})


_register()
