"""What anyone may read without logging in: published reports at /r/<token>, their versions, the feed, the list.

These pages serve what was stored when a version was published (never the desk's live data) and open no ORM
session. They never read the user or the session (not even through a template: the language is the
reader's Accept-Language), so Flask neither loads a user nor sets a cookie nor adds `Vary: Cookie`, and a
shared cache may keep them: each answer is public for PUBLIC_MAX_AGE seconds, may be served stale
PUBLIC_STALE_SECONDS more while it is asked again, and carries an ETag and Last-Modified for a 304. A
withdrawn link answers 410, not cacheable, for every version, with when and why.
"""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, render_template, request, url_for
from markupsafe import Markup, escape

from app.public import bp
from app.reports import site_options
from app.reports.labels import labels_for
from app.reports.text import desk_num, when
from app.services import public_reports, reports
from app.services.validation import Checker
from app.web import json_error

NOT_CACHED = "no-store"  # a withdrawal or a missing link: nobody keeps it, so a republished link shows at once
OLDER_MARK = "<!--claimdesk:older-version-->"


def _public() -> str:
    """Every reader gets the same answer: kept by browsers and shared caches for PUBLIC_MAX_AGE seconds, and
    served stale PUBLIC_STALE_SECONDS more while the cache asks again. A new version or a withdrawal
    reaches every reader within the sum."""
    config = current_app.config
    max_age, stale = max(0, int(config["PUBLIC_MAX_AGE"])), max(0, int(config["PUBLIC_STALE_SECONDS"]))
    return f"public, max-age={max_age}, stale-while-revalidate={stale}"


def _missing():
    response = Response(render_template("public/missing.html"), status=404, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = NOT_CACHED
    return response


def _answer(found: public_reports.Found | None, part: str):
    if found is None:
        return _missing()
    if found.withdrawn:
        L = labels_for(found.language)
        if part == "document":  # a JSON reader gets the API's error shape, saying when and why
            said = f'{L["withdrawn_text"]} {L["withdrawn_on"]} {when(found.withdrawn_at.isoformat(), L)}'
            response = json_error(410, "gone", said,
                                  withdrawn_at=found.withdrawn_at.isoformat(), reason=found.withdrawn_reason)
            response.headers["Cache-Control"] = NOT_CACHED
            return response
        page = render_template("public/withdrawn.html", L=L, language=found.language,
                               withdrawn=when(found.withdrawn_at.isoformat(), L),
                               withdrawn_iso=found.withdrawn_at.isoformat(), reason=_reason(found.withdrawn_reason, L),
                               organisation=site_options()["organisation"])
        response = Response(page, status=410, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = NOT_CACHED
        return response
    if found.latest is None:  # published before versions existed: `flask --app wsgi freeze-legacy` freezes it
        return _missing()     # (a reader's GET writes nothing, and its Host header reaches no stored page)
    if found.version_id is None:
        return _missing()
    older = found.number != found.latest
    # An older version's page says which version is the latest, so its validator names that one too.
    etag = f"{found.etag}-{part[0]}" + (f"-{found.latest}" if older and part == "html" else "")
    response = Response(content_type="text/html; charset=utf-8" if part == "html" else "application/json")
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Last-Modified"] = found.last_modified
    response.headers["Cache-Control"] = _public()
    if part == "document":
        response.headers["Access-Control-Allow-Origin"] = "*"  # public data, for other newsrooms' tools
    if _not_modified(etag, found.published_at):
        response.status_code = 304
        return response
    body = found.body  # as stored: a proxy in front compresses it (README, Deployment: nginx)
    if older and part == "html":
        body = body.replace(OLDER_MARK.encode(), _older_banner(found).encode("utf-8"), 1)
    response.set_data(body)
    return response


def _reason(reason: str | None, L: dict) -> Markup | None:
    if not reason:
        return None
    return escape(L["withdrawn_reason"]).format(reason=Markup('<span dir="auto">{0}</span>').format(reason))


def _older_banner(found: public_reports.Found) -> str:
    L = labels_for(found.language)
    latest = Markup('<a href="{0}">{1}</a>').format(url_for("public.published", token=found.token),
                                                    L["version_n"].format(n=desk_num(found.latest, found.language)))
    at = Markup("<bdi>{0}</bdi>").format(when(found.published_at.isoformat(), L))
    text = escape(L["older_version"]).format(n=desk_num(found.number, found.language), at=at, latest=latest)
    return str(Markup('<p class="banner older" role="note">{0}</p>').format(text))


def _not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    """A conditional GET the reader's copy already answers (If-None-Match first, else If-Modified-Since)."""
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False  # most reads: nothing to parse
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and last_modified is not None and last_modified.replace(microsecond=0) <= since


def _token_ok(token: str) -> bool:
    return bool(reports.TOKEN.match(token or ""))


@bp.get("/r/<token>")
def published(token: str):
    """The latest version of a published report, as stored: HTML with its ClaimReview JSON-LD and its versions."""
    return _answer(public_reports.find(token, None, "html") if _token_ok(token) else None, "html")


@bp.get("/r/<token>.json")
def published_json(token: str):
    """The latest version of a published report as JSON (no e-mails, comments or internal notes)."""
    return _answer(public_reports.find(token, None, "document") if _token_ok(token) else None, "document")


@bp.get("/r/<token>/v/<int:number>")
def version(token: str, number: int):
    """Version `number` of a published report, exactly as it was published (with a pointer to the latest)."""
    return _answer(public_reports.find(token, number, "html") if _token_ok(token) else None, "html")


@bp.get("/r/<token>/v/<int:number>.json")
def version_json(token: str, number: int):
    """Version `number` of a published report as JSON, exactly as it was published."""
    return _answer(public_reports.find(token, number, "document") if _token_ok(token) else None, "document")


@bp.get("/feeds/claimreview.json")
def feed():
    """The public feed: a schema.org DataFeed of the ClaimReview of every approved claim in a published report."""
    state = public_reports.feed_state()
    response = Response(content_type="application/json")
    response.set_etag(f"feed-{state.etag}")
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    response.headers["Cache-Control"] = _public()
    response.headers["Access-Control-Allow-Origin"] = "*"
    if _not_modified(f"feed-{state.etag}", state.last_modified):
        response.status_code = 304
        return response
    options = site_options()
    response.set_data(public_reports.feed(state, url=f"{options['base_url']}/feeds/claimreview.json",
                                          organisation=options["organisation"]).encode("utf-8"))
    return response


@bp.get("/published")
def index():
    """The desk's published reports, the most recently changed first, with links to each and to the feed."""
    checker = Checker(request.args)
    page = checker.integer("page", minimum=1, maximum=100_000) or 1
    if checker.errors:
        page = 1
    items, total = public_reports.published_reports(page=page, per_page=50)
    labels = {language: labels_for(language) for language in ("ar", "en")}
    response = Response(render_template("public/index.html", items=items, total=total, page=page, per_page=50,
                                        labels=labels, organisation=site_options()["organisation"], when=when,
                                        num=desk_num))
    response.headers["Cache-Control"] = _public()
    response.vary.add("Accept-Language")  # its interface speaks the reader's language (app/localization.py)
    return response
