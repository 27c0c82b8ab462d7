"""Turning a built report into an HTTP response (streamed when the format streams)."""

from __future__ import annotations

from flask import Response

from app.services.reports import Rendered


def report_response(rendered: Rendered, *, attachment: bool = True) -> Response:
    """The report with its Content-Type and a Content-Disposition naming claimdesk-article-ID.ext.

    A streamed report (json, csv) reads its rows through its own database session while the server
    sends it, so it needs no request context.
    """
    body = rendered.chunks() if rendered.streamed else rendered.body
    response = Response(body, content_type=rendered.mimetype)
    kind = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{kind}; filename="{rendered.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
