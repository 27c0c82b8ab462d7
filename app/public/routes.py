"""What anyone may read without logging in: published reports at /r/<token>, their versions, the feed, the list.

These pages serve what was stored when a version was published (never the desk's live data), load no
user and open no ORM session. A withdrawn link answers 410 for every version, with when and why.
"""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, g, render_template, request, url_for
from flask.globals import request_ctx
from markupsafe import Markup, escape

from app.extensions import db, login_manager
from app.public import bp
from app.reports import site_options
from app.reports.labels import labels_for
from app.reports.text import when
from app.services import public_reports, reports
from app.services.validation import Checker
from app.web import json_error

ANONYMOUS = {"public.published", "public.published_json", "public.version", "public.version_json",
             "public.feed", "public.index", "main.livez"}
# A frozen version never changes; a shared cache may keep it a minute (a withdrawal reaches readers
# within that). The latest version of a link can change, so it is revalidated (ETag) on every read.
FROZEN = "public, max-age=60, must-revalidate"
LATEST = "public, no-cache"
OLDER_MARK = "<!--claimdesk:older-version-->"


@bp.before_app_request
def _anonymous_reader():
    """Readers of public pages are anonymous: Flask-Login never loads a user for them, and their answer
    neither depends on nor sets a session cookie (no `Vary: Cookie`, so shared caches can keep it)."""
    if request.endpoint in ANONYMOUS:
        g._login_user = login_manager.anonymous_user()
        # Flask offers no public way to drop the request's session; a null one is never saved.
        request_ctx._session = current_app.session_interface.make_null_session(current_app)
        # what was published or withdrawn in this process before its lookups (app/page_memo.py's front)
        g.claimdesk_public_generation = public_reports.generation()


def _offer(response: Response) -> Response:
    """A public answer may be served again by the front for as long as the lookups it came from hold."""
    return response


def _answer(found: public_reports.Found | None, part: str, *, frozen: bool):
    if found is None:
        return render_template("public/missing.html"), 404
    if found.withdrawn:
        L = labels_for(found.language)
        if part == "document":  # a JSON reader gets the API's error shape, saying when and why
            response = json_error(410, "gone", L["withdrawn_text"].format(at=when(found.withdrawn_at.isoformat(), L)),
                                  withdrawn_at=found.withdrawn_at.isoformat(), reason=found.withdrawn_reason)
            response.headers["Cache-Control"] = LATEST
            return response
        page = render_template("public/withdrawn.html", L=L, language=found.language,
                               withdrawn=when(found.withdrawn_at.isoformat(), L), reason=_reason(found.withdrawn_reason, L),
                               organisation=site_options()["organisation"])
        response = Response(page, status=410, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = LATEST
        return response
    if found.latest is None:  # published before versions existed: freeze it once, now
        reports.freeze_legacy(found.token, **site_options())
        db.session.commit()
        public_reports.forget()
        found = public_reports.find(found.token, found.number)
        if found is None or found.latest is None:
            return render_template("public/missing.html"), 404
    if found.version_id is None:
        return render_template("public/missing.html"), 404
    older = found.number != found.latest
    # The latest version's bytes go out as stored, gzip-compressed once when the reader accepts it
    # (an older version's page gets its notice put in, so it goes out plain).
    packed = not older and "gzip" in request.environ.get("HTTP_ACCEPT_ENCODING", "")
    etag = f"{found.etag}-{part[0]}" + (f"-{found.latest}" if older and part == "html" else "")
    if packed:
        etag += "-gz"
    response = Response(content_type="text/html; charset=utf-8" if part == "html" else "application/json")
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Last-Modified"] = found.last_modified
    response.headers["Cache-Control"] = FROZEN if frozen else LATEST
    response.headers["Vary"] = "Accept-Encoding"
    if part == "document":
        response.headers["Access-Control-Allow-Origin"] = "*"  # public data, for other newsrooms' tools
    if _not_modified(etag, found.published_at):
        response.status_code = 304
        return response
    if packed:
        response.headers["Content-Encoding"] = "gzip"
        response.set_data(public_reports.stored_gzip(found, part))
        return _offer(response)
    body = public_reports.stored(found, part)
    if older and part == "html":
        body = body.replace(OLDER_MARK.encode(), _older_banner(found).encode("utf-8"), 1)
    response.set_data(body)
    return _offer(response)


def _reason(reason: str | None, L: dict) -> Markup | None:
    if not reason:
        return None
    return escape(L["withdrawn_reason"]).format(reason=Markup('<span dir="auto">{0}</span>').format(reason))


def _older_banner(found: public_reports.Found) -> str:
    L = labels_for(found.language)
    latest = Markup('<a href="{0}">{1}</a>').format(url_for("public.published", token=found.token),
                                                    L["version_n"].format(n=found.latest))
    at = Markup('<bdi dir="ltr">{0}</bdi>').format(when(found.published_at.isoformat(), L))
    text = escape(L["older_version"]).format(n=found.number, at=at, latest=latest)
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


def _ttl() -> float:
    return float(current_app.config.get("PUBLIC_LOOKUP_SECONDS", 0) or 0)


def _token_ok(token: str) -> bool:
    return bool(reports.TOKEN.match(token or ""))


@bp.get("/r/<token>")
def published(token: str):
    """The latest version of a published report, as stored: HTML with its ClaimReview JSON-LD and its versions."""
    return _answer(public_reports.find(token, ttl=_ttl()) if _token_ok(token) else None, "html", frozen=False)


@bp.get("/r/<token>.json")
def published_json(token: str):
    """The latest version of a published report as JSON (no e-mails, comments or internal notes)."""
    return _answer(public_reports.find(token, ttl=_ttl()) if _token_ok(token) else None, "document", frozen=False)


@bp.get("/r/<token>/v/<int:number>")
def version(token: str, number: int):
    """Version `number` of a published report, exactly as it was published (with a pointer to the latest)."""
    return _answer(public_reports.find(token, number, ttl=_ttl()) if _token_ok(token) else None, "html", frozen=True)


@bp.get("/r/<token>/v/<int:number>.json")
def version_json(token: str, number: int):
    """Version `number` of a published report as JSON, exactly as it was published."""
    return _answer(public_reports.find(token, number, ttl=_ttl()) if _token_ok(token) else None, "document", frozen=True)


@bp.get("/feeds/claimreview.json")
def feed():
    """The public feed: a schema.org DataFeed of the ClaimReview of every approved claim in a published report."""
    state = public_reports.feed_state(ttl=_ttl())
    packed = "gzip" in request.environ.get("HTTP_ACCEPT_ENCODING", "")
    etag = f"feed-{state.etag}" + ("-gz" if packed else "")
    response = Response(content_type="application/json")
    response.set_etag(etag)
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    response.headers["Cache-Control"] = LATEST
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept-Encoding"
    if _not_modified(etag, state.last_modified):
        response.status_code = 304
        return response
    options = site_options()
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_data(public_reports.feed_bytes(state, url=f"{options['base_url']}/feeds/claimreview.json",
                                                organisation=options["organisation"], packed=packed))
    return _offer(response)


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
                                        labels=labels, organisation=site_options()["organisation"], when=when))
    response.headers["Cache-Control"] = LATEST
    return response
