"""What anonymous readers get: stored versions of published reports, the ClaimReview feed, the list of reports.

Readers never touch the ORM session, a user or the desk's live data: one indexed Core query finds which
stored version a link means (and whether it was withdrawn) and reads the version's stored bytes. Nothing
is remembered between requests in the process: the answers carry validators and a short public max-age, so
browsers and a shared cache in front (README, Deployment: nginx) keep them instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from werkzeug.http import http_date

from app.extensions import db
from app.models import Article, Publication, PublicationVersion

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
    body: bytes | None = None  # the part asked for, as stored (None: not asked for, or no such version)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class _Utf8(FunctionElement):
    """A text column's UTF-8 bytes as the database holds them: a stored report goes out without being decoded
    into a str and encoded again (for a 70 KB Arabic page that was most of a read's time)."""

    type = sa.LargeBinary()
    inherit_cache = True


@compiles(_Utf8)
def _utf8_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS BLOB)"  # SQLite keeps text as UTF-8


@compiles(_Utf8, "postgresql")
def _utf8_postgresql(element, compiler, **kw):
    return f"convert_to({compiler.process(element.clauses, **kw)}, 'UTF8')"


def _find_statement(latest_only: bool, part: str | None) -> sa.Select:
    inner = _version.alias("newest")
    latest = (sa.select(sa.func.max(inner.c.number)).where(inner.c.publication_id == _publication.c.id)
              .correlate(_publication).scalar_subquery())
    wanted = latest if latest_only else sa.bindparam("number", type_=sa.Integer)
    stored = _Utf8(_version.c[part]) if part else sa.null()
    return (
        sa.select(_publication.c.id, _publication.c.withdrawn_at, _publication.c.withdrawn_reason,
                  _article.c.language, latest.label("latest"), _version.c.id.label("version_id"),
                  _version.c.number, _version.c.etag, _version.c.published_at, _version.c.language.label("frozen"),
                  stored.label("stored"))
        .select_from(_publication.join(_article, _article.c.id == _publication.c.article_id)
                     .outerjoin(_version, sa.and_(_version.c.publication_id == _publication.c.id,
                                                  _version.c.number == wanted)))
        .where(_publication.c.token == sa.bindparam("token", type_=sa.String))
    )


# Built once: composing a statement costs more than running it, on the path every reader takes.
_FIND = {(latest_only, part): _find_statement(latest_only, part)
         for latest_only in (True, False) for part in (None, "html", "document")}


def find(token: str, number: int | None = None, part: str | None = None) -> Found | None:
    """The publication at a token and its version `number` (else its latest), in one statement; None: no such link.

    With `part` ("html" or "document", the JSON) the same statement reads that part of the version as it was
    stored when published (`Found.body`, UTF-8): a reader's request is one statement.
    """
    assert part in (None, "html", "document")
    with db.engine.connect() as connection:
        if number is None:
            row = connection.execute(_FIND[True, part], {"token": token}).first()
        else:
            row = connection.execute(_FIND[False, part], {"token": token, "number": number}).first()
    if row is None:
        return None
    language = row.frozen or ("ar" if (row.language or "").lower().startswith("ar") else "en")
    published_at = _utc(row.published_at)
    return Found(row.id, token, language, _utc(row.withdrawn_at), row.withdrawn_reason, row.latest, row.version_id,
                 row.number, row.etag, published_at, http_date(published_at) if published_at else None,
                 bytes(row.stored) if row.stored is not None else None)


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


def feed_state() -> FeedState:
    """The feed's validators from the latest versions of live publications and the last withdrawal."""
    with db.engine.connect() as connection:
        rows = connection.execute(_LIVE_LATEST).all()
        withdrawn = connection.execute(_LAST_WITHDRAWAL).scalar()
    digest = hashlib.sha256(",".join(f"{r.version_id}:{r.etag}" for r in rows).encode()).hexdigest()[:40]
    moments = [m for m in [*(_utc(r.published_at) for r in rows), _utc(withdrawn)] if m is not None]
    return FeedState(digest, max(moments) if moments else None, tuple(r.version_id for r in rows))


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
