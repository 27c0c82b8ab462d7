"""The search page: one query across claims, articles, evidence and earlier fact-checks, a tab per kind."""

from __future__ import annotations

from flask import render_template, request
from markupsafe import Markup, escape

from app.models.search import SEARCH_KINDS
from app.search import bp
from app.services import search
from app.services.analyser import excerpt, marked_spans, parse_query
from app.services.validation import Checker
from app.web import page

PER_PAGE = 20


@bp.app_template_filter("highlight")
def highlight(text: str | None, terms: frozenset[str] | None) -> Markup:
    """The text, escaped, with the words that match the query's terms inside <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    out, pos = [], 0
    for start, end in marked_spans(text, terms):
        out += [escape(text[pos:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@bp.app_template_filter("excerpt")
def excerpt_filter(text: str | None, terms: frozenset[str] | None, width: int = 280) -> str:
    return excerpt(text or "", terms or frozenset(), width)


@bp.get("/")
@page("read")
def index():
    """Search every claim, article, evidence excerpt and earlier fact-check; one tab per kind, best first."""
    checker = Checker(request.args)
    # A query longer than the box allows is cut, never refused: the page always answers.
    q = (request.args.get("q") or "")[:500].strip()
    kind = checker.choice("kind", SEARCH_KINDS, default="claim") or "claim"
    page_number = checker.integer("page", minimum=1, maximum=10_000) or 1
    if checker.errors:
        kind, page_number = "claim", 1
    hits = counts = None
    query = parse_query(q)
    if q:
        counts = search.counts(q)
        hits = search.search(q, kind, page_number, PER_PAGE)
    return render_template("search/index.html", q=q, kind=kind, kinds=SEARCH_KINDS, hits=hits, counts=counts,
                           terms=query.terms, empty=bool(q) and query.empty and query.number is None)
