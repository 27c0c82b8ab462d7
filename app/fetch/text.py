"""From fetched bytes to text: the charset (header, BOM, <meta>, then a guess), and the main text of a page."""

from __future__ import annotations

import codecs
import re
from typing import Any

from app.fetch.client import HTML_TYPES, Exchange

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def charset_of(exchange: Exchange) -> str:
    """The body's encoding: the Content-Type header, a BOM, a <meta charset>, strict UTF-8, or a guess."""
    declared = _codec(exchange.charset)
    if declared:
        return declared
    body = exchange.body
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    if exchange.content_type in HTML_TYPES or exchange.content_type == "":
        match = META_CHARSET.search(body[:4096])
        if match and _codec(match.group(1).decode("ascii", "ignore")):
            return _codec(match.group(1).decode("ascii", "ignore"))  # type: ignore[return-value]
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return _codec(best.encoding) if best is not None and _codec(best.encoding) else "windows-1252"


def decoded(exchange: Exchange) -> str:
    """The body as text (undecodable bytes replaced, never an exception)."""
    return exchange.body.decode(charset_of(exchange), errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def extract(exchange: Exchange) -> dict[str, Any]:
    """The main text and metadata of a fetched page: {text, title, publisher, published_at}; text "" when none.

    HTML goes through trafilatura (navigation, footers and scripts dropped); plain text is its own text.
    """
    text = decoded(exchange)
    if exchange.content_type not in HTML_TYPES:
        first = text.strip().split("\n", 1)[0].strip() if exchange.content_type == "text/plain" else ""
        return {"text": text if exchange.content_type.startswith("text/") else "", "title": first[:300] or None,
                "publisher": None, "published_at": None}
    import trafilatura

    doc = trafilatura.bare_extraction(text, url=exchange.final_url, with_metadata=True, include_comments=False,
                                      favor_recall=True)
    if doc is None:
        return {"text": "", "title": None, "publisher": None, "published_at": None}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {"text": data.get("text") or "", "title": data.get("title") or None,
            "publisher": data.get("sitename") or None,
            "published_at": str(data["date"])[:10] if data.get("date") else None}
