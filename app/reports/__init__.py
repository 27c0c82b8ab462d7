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


def site_options() -> dict:
    """The base URL (configuration only) and the organisation reports name (the desk's settings).

    The base URL is CLAIMDESK_PUBLIC_BASE_URL (required in production; see create_app): never the Host header
    a client sent, which a published (frozen, publicly cached) page would otherwise keep.
    """
    from flask import current_app

    from app.services import desk_settings

    config = current_app.config
    return {"base_url": (config.get("PUBLIC_BASE_URL") or "").rstrip("/"),
            "organisation": {"name": desk_settings.value("org_name") or "ClaimDesk", "url": config.get("ORG_URL") or None,
                             "logo_text": desk_settings.value("logo_text") or None}}


def public_link(token: str) -> str:
    """A publication's public address, as readers are given it."""
    return f"{site_options()['base_url']}/r/{token}"
