"""What anonymous readers get: stored versions of published reports, the ClaimReview feed, the list of reports.

Readers never touch the ORM session, a user or the desk's live data: one small Core query finds which
stored version a link means (and whether it was withdrawn), remembered for a second or so per process
(PUBLIC_LOOKUP_SECONDS), and the version's bytes, written once, come from a small per-process cache of
immutable versions (keyed by their content hash) or one more query.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.http import http_date

from app.extensions import db
from app.models import Article, Publication, PublicationVersion

CACHE_SIZE = 128  # stored parts held per process (HTML and JSON of a version, plain and gzip)

_publication = Publication.__table__
_version = PublicationVersion.__table__
_article = Article.__table__


@dataclass(frozen=True)
class Found:
    """One version of a published report as a link names it (number None: the latest)."""

    publication_id: int
    token: str
    language: str
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str | None
    latest: int | None  # the latest version's number; None for a publication not frozen yet
    version_id: int | None  # None: no such version
    number: int | None
    etag: str | None
    published_at: dt.datetime | None
    last_modified: str | None = None  # published_at as an HTTP date, made once per lookup

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _find_statement(latest_only: bool) -> sa.Select:
    inner = _version.alias("newest")
    latest = (sa.select(sa.func.max(inner.c.number)).where(inner.c.publication_id == _publication.c.id)
              .correlate(_publication).scalar_subquery())
    wanted = latest if latest_only else sa.bindparam("number", type_=sa.Integer)
    return (
        sa.select(_publication.c.id, _publication.c.withdrawn_at, _publication.c.withdrawn_reason,
                  _article.c.language, latest.label("latest"), _version.c.id.label("version_id"),
                  _version.c.number, _version.c.etag, _version.c.published_at, _version.c.language.label("frozen"))
        .select_from(_publication.join(_article, _article.c.id == _publication.c.article_id)
                     .outerjoin(_version, sa.and_(_version.c.publication_id == _publication.c.id,
                                                  _version.c.number == wanted)))
        .where(_publication.c.token == sa.bindparam("token", type_=sa.String))
    )


# Built once: composing a statement costs more than running it, on the path every reader takes.
_FIND_LATEST = _find_statement(True)
_FIND_NUMBER = _find_statement(False)
_STORED = {part: sa.select(_version.c[part]).where(_version.c.id == sa.bindparam("id", type_=sa.Integer))
           for part in ("html", "document")}


_found: dict[tuple[str, str, int | None], tuple[float, Found | None]] = {}
FOUND_MAX = 4096


_generation = 0  # goes up with every forget(): answers kept in front of the app (app/page_memo.py) end


_FORGET_ON_COMMIT = "claimdesk_forget_public_lookups"  # on a session's info: forget again when it commits


def forget() -> None:
    """Drop this process's remembered lookups (publishing and withdrawing call it), now and again when the
    caller's transaction commits: a reader in between may have looked the link up as it still was."""
    _drop()
    from flask import has_app_context

    if has_app_context():
        session = db.session()
        if session.in_transaction():
            session.info[_FORGET_ON_COMMIT] = True


def _drop() -> None:
    global _generation
    _found.clear()
    _state.clear()
    _generation += 1


@sa.event.listens_for(Session, "after_commit")
def _drop_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction has not committed yet
    if session.info.pop(_FORGET_ON_COMMIT, False):
        _drop()


@sa.event.listens_for(Session, "after_rollback")
def _keep_after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_FORGET_ON_COMMIT, None)  # nothing was withdrawn or published after all


def generation() -> int:
    return _generation


def _until(deadline: float) -> None:
    """Note, for this request, when the lookups its answer came from expire (the earliest wins)."""
    from flask import g, has_request_context

    if has_request_context():
        g.claimdesk_public_until = min(deadline, g.get("claimdesk_public_until", deadline))


def answer_until() -> float:
    """When this request's public answer stops being what a lookup would give (monotonic; 0: not kept)."""
    from flask import g

    return g.get("claimdesk_public_until", 0.0)


def find(token: str, number: int | None = None, *, ttl: float = 0.0) -> Found | None:
    """The publication at a token and its version `number` (else its latest), in one statement; None: no such link.

    With `ttl` a lookup is remembered that many seconds in this process: a withdrawal or a new version
    made in another process reaches its readers within `ttl`; one made in this process, at once.
    """
    key = (str(db.engine.url), token, number)
    if ttl > 0:
        hit = _found.get(key)
        if hit is not None and hit[0] > time.monotonic():
            _until(hit[0])
            return hit[1]
    before = _generation
    found = _lookup(token, number)
    if ttl > 0 and before == _generation:  # not when a publication or withdrawal dropped lookups meanwhile
        if len(_found) >= FOUND_MAX:
            _found.clear()
        _found[key] = (time.monotonic() + ttl, found)
        _until(_found[key][0])
    else:
        _until(0.0)
    return found


def _lookup(token: str, number: int | None) -> Found | None:
    with db.engine.connect() as connection:
        if number is None:
            row = connection.execute(_FIND_LATEST, {"token": token}).first()
        else:
            row = connection.execute(_FIND_NUMBER, {"token": token, "number": number}).first()
    if row is None:
        return None
    language = row.frozen or ("ar" if (row.language or "").lower().startswith("ar") else "en")
    published_at = _utc(row.published_at)
    return Found(row.id, token, language, _utc(row.withdrawn_at), row.withdrawn_reason, row.latest, row.version_id,
                 row.number, row.etag, published_at, http_date(published_at) if published_at else None)


_cache: OrderedDict[tuple[int, str, str], bytes] = OrderedDict()
_lock = Lock()


def stored_gzip(found: Found, part: str) -> bytes:
    """The stored part, gzip-compressed once per process (readers' browsers all accept it)."""
    key = (found.version_id, found.etag, part + ".gz")
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    packed = gzip.compress(stored(found, part), compresslevel=6, mtime=0)
    with _lock:
        _cache[key] = packed
    return packed


def stored(found: Found, part: str) -> bytes:
    """The stored `html` or `document` (JSON) of a found version, UTF-8: written once, so safely cached by its hash."""
    assert part in ("html", "document") and found.version_id is not None and found.etag is not None
    key = (found.version_id, found.etag, part)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with db.engine.connect() as connection:
        text = connection.execute(_STORED[part], {"id": found.version_id}).scalar_one().encode("utf-8")
    with _lock:
        _cache[key] = text
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return text


@dataclass(frozen=True)
class Listed:
    token: str
    title: str
    language: str
    first_published_at: dt.datetime
    latest_at: dt.datetime
    versions: int
    last_kind: str


def _live_latest() -> sa.Select:
    """Each live publication with its latest version (id, number, time, kind)."""
    latest = (sa.select(_version.c.publication_id, sa.func.max(_version.c.number).label("number"))
              .group_by(_version.c.publication_id).subquery())
    return (
        sa.select(_publication.c.id, _publication.c.token, _publication.c.published_at.label("first_at"),
                  _version.c.id.label("version_id"), _version.c.number, _version.c.published_at, _version.c.kind,
                  _version.c.title, _version.c.language, _version.c.etag)
        .select_from(_publication.join(latest, latest.c.publication_id == _publication.c.id)
                     .join(_version, sa.and_(_version.c.publication_id == _publication.c.id,
                                             _version.c.number == latest.c.number)))
        .where(_publication.c.withdrawn_at.is_(None))
    )


def published_reports(page: int = 1, per_page: int = 50) -> tuple[list[Listed], int]:
    """The desk's published reports, the most recently changed first, and how many there are."""
    with db.engine.connect() as connection:
        total = connection.execute(sa.select(sa.func.count()).select_from(_live_latest().subquery())).scalar_one()
        rows = connection.execute(
            _live_latest().order_by(_version.c.published_at.desc(), _publication.c.id.desc())
            .limit(per_page).offset((page - 1) * per_page)
        ).all()
    return [Listed(r.token, r.title, r.language, _utc(r.first_at), _utc(r.published_at), r.number, r.kind)
            for r in rows], total


@dataclass(frozen=True)
class FeedState:
    """What the feed is made of now: its ETag and Last-Modified, known before the feed is built."""

    etag: str
    last_modified: dt.datetime | None
    version_ids: tuple[int, ...]


_LIVE_LATEST = _live_latest().order_by(_publication.c.id)
_LAST_WITHDRAWAL = sa.select(sa.func.max(_publication.c.withdrawn_at))
_state: dict[str, tuple[float, FeedState]] = {}


def feed_state(*, ttl: float = 0.0) -> FeedState:
    """The feed's validators from the latest versions of live publications and the last withdrawal.

    With `ttl`, remembered that many seconds in this process, like `find`: a new version or a withdrawal
    reaches the feed's readers within `ttl` (at once when made in this process: `forget` drops it).
    """
    key = str(db.engine.url)
    if ttl > 0:
        hit = _state.get(key)
        if hit is not None and hit[0] > time.monotonic():
            _until(hit[0])
            return hit[1]
    before = _generation
    with db.engine.connect() as connection:
        rows = connection.execute(_LIVE_LATEST).all()
        withdrawn = connection.execute(_LAST_WITHDRAWAL).scalar()
    digest = hashlib.sha256(",".join(f"{r.version_id}:{r.etag}" for r in rows).encode()).hexdigest()[:40]
    moments = [m for m in [*(_utc(r.published_at) for r in rows), _utc(withdrawn)] if m is not None]
    state = FeedState(digest, max(moments) if moments else None, tuple(r.version_id for r in rows))
    if ttl > 0 and before == _generation:
        _state[key] = (time.monotonic() + ttl, state)
        _until(_state[key][0])
    else:
        _until(0.0)
    return state


def feed(state: FeedState, *, url: str, organisation: dict) -> str:
    """The schema.org DataFeed of the ClaimReview of every approved claim in a live published version."""
    reviews: list = []
    if state.version_ids:
        with db.engine.connect() as connection:
            rows = connection.execute(sa.select(_version.c.reviews).where(_version.c.id.in_(state.version_ids))
                                      .order_by(_version.c.published_at.desc(), _version.c.id.desc())).all()
        for (items,) in rows:
            reviews.extend(items if isinstance(items, list) else json.loads(items))
    document = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{organisation.get('name') or 'ClaimDesk'} · ClaimReview",
        "url": url,
        "dateModified": state.last_modified.isoformat() if state.last_modified else None,
        "dataFeedElement": reviews,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def feed_bytes(state: FeedState, *, url: str, organisation: dict, packed: bool = False) -> bytes:
    """The feed as UTF-8 (gzip-compressed when `packed`), built once per process for each state: a state
    names the exact stored versions it is made of, and stored versions never change."""
    key = (-1, f"{state.etag}|{url}|{json.dumps(organisation, sort_keys=True)}", "feed")
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            text = _cache[key]
        else:
            text = None
    if text is None:
        text = feed(state, url=url, organisation=organisation).encode("utf-8")
        with _lock:
            _cache[key] = text
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    if not packed:
        return text
    gz_key = (key[0], key[1], "feed.gz")
    with _lock:
        if gz_key in _cache:
            return _cache[gz_key]
    compressed = gzip.compress(text, compresslevel=6, mtime=0)
    with _lock:
        _cache[gz_key] = compressed
    return compressed
