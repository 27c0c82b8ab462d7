"""The PDF report: WeasyPrint renders the same HTML as the `html` format (Pango shapes and orders Arabic)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from app.reports.html import render_html

# WeasyPrint warns about CSS it does not support; not a reader's concern.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    # Layout allocates hundreds of thousands of short-lived boxes, and each cyclic collection it triggers
    # scans the whole heap of the worker: about 15% of the render time. The cycles it leaves are
    # collected as usual once the document is written.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_pdf(model: dict) -> bytes:
    """The `pdf` format: the HTML report rendered by WeasyPrint, fetching nothing from the network or disk."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(model, for_pdf=True)
    # The report is self-contained; refusing every URL keeps a typed address from ever being fetched.
    no_fetch = URLFetcher(allowed_protocols=())
    with _without_gc_pauses():
        return HTML(string=html, url_fetcher=no_fetch).write_pdf()
