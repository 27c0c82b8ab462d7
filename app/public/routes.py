"""Published reports, readable without logging in at their unguessable link; 410 once withdrawn."""

from __future__ import annotations

from flask import Response, render_template

from app.models import Publication
from app.public import bp
from app.public.http import report_response
from app.reports import site_options
from app.reports.labels import labels_for, report_language
from app.reports.text import when
from app.services import reports


def _lookup(token: str) -> tuple[Publication | None, tuple[str, int] | None]:
    """The live publication, or the page to answer instead: 404 for no such link, 410 once withdrawn."""
    publication = reports.find_publication(token)
    if publication is None:
        return None, (render_template("public/missing.html"), 404)
    if publication.withdrawn_at is not None:
        language = report_language(publication.article.language)
        L = labels_for(language)
        page = render_template("public/withdrawn.html", L=L, language=language,
                               withdrawn=when(publication.withdrawn_at.isoformat(), L),
                               organisation=site_options()["organisation"])
        return None, (page, 410)
    return publication, None


def _no_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"  # a withdrawal must take effect at once
    return response


@bp.get("/r/<token>")
def published(token: str):
    """The published report as HTML, with its ClaimReview JSON-LD embedded for search engines."""
    publication, refusal = _lookup(token)
    if publication is None:
        return refusal
    html = reports.published_html(publication, **site_options())
    return _no_cache(Response(html, content_type="text/html; charset=utf-8"))


@bp.get("/r/<token>.json")
def published_json(token: str):
    """The published report as JSON (the `json` format without emails or internal comments)."""
    publication, refusal = _lookup(token)
    if publication is None:
        return refusal
    rendered = reports.build_report(publication.article_id, "json", None, public=True, **site_options())
    return _no_cache(report_response(rendered, attachment=False))
