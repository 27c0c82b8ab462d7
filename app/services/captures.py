"""Source captures and link rot: keep what a source said (WARC, text, hash), notice when it changes or goes."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable

import sqlalchemy as sa

from app.captures.store import Store
from app.captures.warc import build_warc
from app.extensions import db
from app.fetch import SOURCE_TYPES, Exchange, FetchError, Policy, fetch
from app.fetch.text import extract
from app.i18n import _l, kept
from app.models import Capture, Source
from app.models.base import utcnow
from app.services import notifications
from app.services.errors import NotFound


def get_source(source_id: int) -> Source:
    source = db.session.get(Source, source_id)
    if source is None:
        raise NotFound(_l("No source %(id)s.", id=source_id))
    return source


def get_capture(source: Source, capture_id: int) -> Capture:
    capture = db.session.get(Capture, capture_id)
    if capture is None or capture.source_id != source.id:
        raise NotFound(_l("No capture %(capture)s of source %(source)s.", capture=capture_id, source=source.id))
    return capture


def latest_capture(source: Source) -> Capture | None:
    return source.captures[-1] if source.captures else None


def new_warc_key() -> str:
    """A key no other capture, of this database or of any other that used the same store, has had: the WARC
    of each fetch is its own file (its request, its response, its WARC-Date), never one written before.
    Captures made before issue 22 keep their old keys ("sources/<source id>/<sha256>.warc.gz")."""
    return f"captures/{uuid.uuid4().hex}.warc.gz"


def record_capture(source: Source, exchange: Exchange, store: Store, text: str | None = None) -> tuple[Capture, str]:
    """Keep a fetched copy of the source: ("captured"|"changed", a new capture) or ("unchanged", the last one)."""
    sha = hashlib.sha256(exchange.body).hexdigest()
    now = exchange.fetched_at
    source.status, source.checked_at, source.status_detail = "ok", now, None
    latest = latest_capture(source)
    if latest is not None and latest.sha256 == sha:
        latest.seen_at = now
        return latest, "unchanged"
    if text is None:
        text = extract(exchange)["text"]
    # A page that changed back to an earlier body is a new fetch: a new WARC of its own, dated now.
    key = new_warc_key()
    store.put_new(key, build_warc(exchange))
    capture = Capture(source=source, state="changed" if latest is not None else "captured", fetched_at=now,
                      seen_at=now, http_status=exchange.status, content_type=exchange.content_type,
                      final_url=exchange.final_url[:2048], bytes=len(exchange.body), sha256=sha, text=text,
                      warc_key=key)
    db.session.add(capture)
    source.snapshot_text, source.snapshot_hash, source.fetched_at = text, sha, now
    db.session.flush()
    return capture, capture.state


def mark_unreachable(source: Source, error: FetchError) -> None:
    """A failed fetch: 4xx, 5xx and names that no longer resolve make the source gone; its captures stay."""
    source.checked_at = utcnow()
    source.status_detail = kept(error.lazy_message)  # said in each reader's language (app.i18n.told)
    if error.gone:
        if source.status != "gone":  # found gone now: whoever relies on it hears once
            notifications.source_gone(source)
        source.status = "gone"


def capture_source(source: Source, policy: Policy, store: Store) -> tuple[Capture, str]:
    """Fetch the source now and keep a capture; a FetchError (after marking the source) when it cannot be read."""
    try:
        exchange = fetch(source.url, policy, accept=SOURCE_TYPES)
    except FetchError as exc:
        mark_unreachable(source, exc)
        raise
    return record_capture(source, exchange, store)


def sources_to_recheck(older_than_days: float) -> list[int]:
    cutoff = utcnow() - dt.timedelta(days=older_than_days)
    stmt = (sa.select(Source.id).where(sa.or_(Source.checked_at.is_(None), Source.checked_at < cutoff))
            .order_by(Source.checked_at.asc().nulls_first(), Source.id))
    return list(db.session.scalars(stmt))


def recheck_sources(older_than_days: float, policy: Policy, store: Store,
                    progress: Callable[[float], None] = lambda _: None,
                    commit: Callable[[], None] | None = None) -> dict[str, int]:
    """Re-fetch sources not checked for `older_than_days`: gone ones are marked, changed ones captured again.

    Each source is its own unit of work (`commit` after each), so a re-check stopped halfway keeps what it learned.
    """
    ids = sources_to_recheck(older_than_days)
    counts = {"checked": 0, "ok": 0, "changed": 0, "gone": 0, "failed": 0}
    for index, source_id in enumerate(ids):
        source = db.session.get(Source, source_id)
        if source is None:
            continue
        counts["checked"] += 1
        try:
            _, outcome = capture_source(source, policy, store)
            counts["changed" if outcome == "changed" else "ok"] += 1
        except FetchError as exc:
            counts["gone" if exc.gone else "failed"] += 1
        db.session.flush()
        if commit is not None:
            commit()
        progress((index + 1) / max(1, len(ids)))
    return counts


def capture_dict(capture: Capture) -> dict:
    return {"id": capture.id, "state": capture.state, "fetched_at": capture.fetched_at.isoformat(),
            "seen_at": capture.seen_at.isoformat(), "http_status": capture.http_status,
            "content_type": capture.content_type, "final_url": capture.final_url, "bytes": capture.bytes,
            "sha256": capture.sha256}
