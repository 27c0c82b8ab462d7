"""Verification reports: one loader (data.py) feeding one builder per format, plus the desk's backup."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "report.schema.json"


@dataclass(frozen=True)
class Format:
    """How one report format is built and served."""

    name: str
    mimetype: str
    extension: str
    streams: bool  # built from a streaming model (claims and history as generators)

    @property
    def builder(self) -> Callable[[dict], bytes | Iterator[bytes]]:
        from app.reports import claimreview, csv, html, json, markdown, pdf

        return {
            "html": html.build_html, "pdf": pdf.build_pdf, "md": markdown.build_markdown, "csv": csv.build_csv,
            "json": json.build_json, "claimreview": claimreview.build_claimreview,
        }[self.name]

    def filename(self, article_id: int) -> str:
        return f"claimdesk-article-{article_id}.{self.extension}"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "text/html; charset=utf-8", "html", False),
        Format("pdf", "application/pdf", "pdf", False),
        Format("md", "text/markdown; charset=utf-8", "md", False),
        Format("csv", "application/zip", "zip", True),
        Format("json", "application/json", "json", True),
        Format("claimreview", "application/ld+json", "jsonld", False),
    )
}


_ROOTS: dict[tuple, str] = {}


def _url_root(request) -> str:
    """request.url_root, worked out once per (scheme, host, mount point): werkzeug rebuilds and re-quotes it
    on every call, a third of a feed request's own time."""
    environ = request.environ
    key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
           environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))
    root = _ROOTS.get(key)
    if root is None:
        if len(_ROOTS) > 256:  # hosts a client made up: never an unbounded dict
            _ROOTS.clear()
        root = _ROOTS[key] = request.url_root
    return root


def site_options() -> dict:
    """The base URL and organisation reports name, from the configuration (or the request's host).

    Set CLAIMDESK_PUBLIC_BASE_URL in production: links in reports built from the command line, and
    links that must not depend on the Host header a client sent, come from it.
    """
    from flask import current_app, has_request_context, request

    config = current_app.config
    base = config.get("PUBLIC_BASE_URL") or (_url_root(request) if has_request_context() else "") or config.get(
        "ORG_URL")
    return {"base_url": (base or "").rstrip("/"),
            "organisation": {"name": config.get("ORG_NAME") or "ClaimDesk", "url": config.get("ORG_URL") or None}}
