"""The report model: everything a report of one article says, loaded in a fixed number of statements.

Every builder (HTML, PDF, Markdown, CSV, JSON, ClaimReview) is a plain function of the dict this module
returns, so builders are testable without a database or HTTP. For exports of very large articles the
claims and the history can be loaded as generators (`stream=True`): claims come in keyset-paged
chunks with their evidence, sources, comments and people, events row by row (`yield_per`), so memory
stays flat however many claims the article has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from app.extensions import db
from app.models import Article, Claim, Comment, Event, Evidence, Publication, Source, User
from app.models.base import STATES, VERDICTS, utcnow
from app.reports.labels import report_language, rollup
from app.services import claim_places, desk_settings
from app.services.errors import NotFound

FORMAT_VERSION = 1
CHUNK = 500  # claims per statement group when streaming


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class _People:
    """User references for the report; emails are left out of public reports, and so are staff names unless the
    desk allows them and the person opted in (services/desk_settings.py): the desk's name stands in."""

    def __init__(self, public: bool, desk_name: str = "ClaimDesk"):
        self.public = public
        self.desk_name = desk_name
        self.staff_names = public and bool(desk_settings.value("public_staff_names"))

    def ref(self, user: User | None) -> dict | None:
        if user is None:
            return None
        if self.public and not (self.staff_names and user.public_name):
            return {"id": None, "name": self.desk_name, "email": None}
        return {"id": user.id, "name": user.name or None, "email": None if self.public else user.email}


def source_dict(source: Source) -> dict:
    """A source as reports show it."""
    return {"id": source.id, "url": source.url, "title": source.title, "publisher": source.publisher,
            "published_at": _iso(source.published_at), "reliability": source.reliability}


def _evidence_dict(item: Evidence, people: _People) -> dict:
    return {
        "id": item.id,
        "stance": item.stance,
        "credibility": item.credibility,
        "excerpt": item.excerpt,
        "reported_value": item.reported_value,
        "reported_unit": item.reported_unit,
        "note": "" if people.public else item.note,  # a desk member's note to the desk
        "created_at": _iso(item.created_at),
        "added_by": people.ref(item.added_by),
        "source": source_dict(item.source),
    }


def _claim_dict(claim: Claim, number: int, url: str, people: _People) -> dict:
    return {
        "id": claim.id,
        "number": number,
        "url": url,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "statement": claim.statement,
        "kind": claim.kind,
        "attributed_to": claim.attributed_to,
        "verdict": claim.verdict,
        "confidence": claim.confidence,
        "rationale": claim.rationale or "",
        "state": claim.state,
        "approved": claim.state == "approved",
        "origin": claim.origin,
        "recheck_on": _iso(claim.recheck_on),
        "verdict_set_by": people.ref(claim.verdict_set_by),
        "verdict_set_at": _iso(claim.verdict_set_at),
        "approved_by": people.ref(claim.approved_by),
        "approved_at": _iso(claim.approved_at),
        "created_by": people.ref(claim.created_by),
        "created_at": _iso(claim.created_at),
        "updated_at": _iso(claim.updated_at),
        "evidence": [_evidence_dict(e, people) for e in claim.evidence],
        "comments": [] if people.public else [
            {"id": c.id, "body": c.body, "author": people.ref(c.author), "created_at": _iso(c.created_at)}
            for c in claim.comments
        ],
    }


# What a public report's history tells: claims added, verdicts and confidences set, review states
# moved. Never the text of a comment, a note or a reason, nor an earlier draft of a statement or a
# rationale, nor who was assigned: the before/after values kept are names from the fixed value sets.
PUBLIC_FIELDS = {"verdict", "confidence", "state"}


def _approvals(rows: Iterable[Any], people: _People) -> list[dict]:
    """Who approved how many claims, and when last; the editors a public report does not name are one entry
    under the desk's name (not one per person, which would still tell them apart)."""
    merged: dict[tuple, dict] = {}
    for user, count, last in rows:
        ref = people.ref(user)
        key = (ref["id"], ref["name"]) if ref else (None, None)
        entry = merged.setdefault(key, {"user": ref, "claims": 0, "last_at": None})
        entry["claims"] += count
        entry["last_at"] = max(filter(None, (entry["last_at"], _iso(last))), default=None)
    return list(merged.values())


def public_event(event: dict) -> dict | None:
    """The event as a public report shows it, or None when it is internal."""
    if event["object"] != "claim" or event["claim_id"] is None:
        return None
    if event["action"] == "created":
        return {**event, "before": None, "after": None, "note": None}
    if event["action"] in ("updated", "transition") and event["field"] in PUBLIC_FIELDS:
        return {**event, "note": None}
    return None


def _event_dict(event: Event, people: _People) -> dict:
    return {
        "id": event.id,
        "at": _iso(event.created_at),
        "actor": people.ref(event.actor),
        "object": event.object_type,
        "object_id": event.object_id,
        "claim_id": event.claim_id,
        "action": event.action,
        "field": event.field,
        "before": event.before,
        "after": event.after,
        "note": event.note,
    }


def _claims_statement(article_id: int) -> sa.Select:
    # The number is the claim's place among all the article's claims (services/claim_places.py), counted
    # before any chunk is cut, so a report numbers a claim as the article page and the queue do.
    numbered = (sa.select(Claim.id, claim_places.position_column().label("position"))
                .where(Claim.article_id == article_id).subquery())
    return (
        sa.select(Claim, numbered.c.position)
        .join(numbered, numbered.c.id == Claim.id)
        .order_by(Claim.start, Claim.id)
        .options(
            selectinload(Claim.evidence).options(joinedload(Evidence.source), joinedload(Evidence.added_by)),
            selectinload(Claim.comments).joinedload(Comment.author),
            joinedload(Claim.verdict_set_by),
            joinedload(Claim.approved_by),
            joinedload(Claim.created_by),
        )
    )


def iter_claims(article_id: int, claim_url: Callable[[int], str], people: _People, chunk: int | None,
                session: Session | None = None) -> Iterator[dict]:
    """The article's claims in article order as dicts; keyset-paged by `chunk` claims when given."""
    session = session or db.session
    last: tuple[int, int] | None = None
    while True:
        stmt = _claims_statement(article_id)
        if chunk is not None:
            if last is not None:
                stmt = stmt.where(sa.tuple_(Claim.start, Claim.id) > sa.tuple_(*last))
            stmt = stmt.limit(chunk)
        rows = list(session.execute(stmt).unique())
        for claim, position in rows:
            yield _claim_dict(claim, position, claim_url(claim.id), people)
        if chunk is None or len(rows) < chunk:
            return
        last = (rows[-1][0].start, rows[-1][0].id)
        # Let the chunk's objects go: the identity map only holds what someone still references.
        del rows


def iter_events(article_id: int, people: _People, *, stream: bool, session: Session | None = None) -> Iterator[dict]:
    """Every event of the article and what hangs from it, oldest first."""
    session = session or db.session
    stmt = sa.select(Event).where(Event.article_id == article_id).options(joinedload(Event.actor)).order_by(Event.id)
    if stream:
        stmt = stmt.execution_options(yield_per=1000)
    for event in session.scalars(stmt):
        item = _event_dict(event, people)
        if people.public:
            item = public_event(item)
            if item is None:
                continue
        yield item


def _detached(engine: sa.Engine, rows: Callable[[Session], Iterator[dict]]) -> Iterator[dict]:
    # A stream is read after the request (and its app context and session) has ended, maybe in another
    # contextvars Context, so it reads through a session of its own, closed when the stream ends.
    with Session(engine) as session:
        yield from rows(session)


def _summary(article_id: int, people: _People, language: str) -> dict:
    by_verdict = dict.fromkeys(VERDICTS, 0)
    by_state = dict.fromkeys(STATES, 0)
    rows = db.session.execute(
        sa.select(Claim.verdict, Claim.state, sa.func.count(Claim.id))
        .where(Claim.article_id == article_id)
        .group_by(Claim.verdict, Claim.state)
    )
    for verdict, state, count in rows:
        by_verdict[verdict] += count
        by_state[state] += count
    approvals = db.session.execute(
        sa.select(User, sa.func.count(Claim.id), sa.func.max(Claim.approved_at))
        .join(Claim, Claim.approved_by_id == User.id)
        .where(Claim.article_id == article_id, Claim.state == "approved")
        .group_by(User.id)
        .order_by(sa.func.max(Claim.approved_at))
    ).all()
    total = sum(by_verdict.values())
    summary = {
        "total": total,
        "approved": by_state["approved"],
        "not_approved": total - by_state["approved"],
        "by_verdict": by_verdict,
        "by_state": by_state,
        "approvals": _approvals(approvals, people),
        "last_approved_at": max((_iso(last) for _, _, last in approvals if last), default=None),
    }
    summary["rollup"] = rollup(summary, language)
    return summary


class PublicationRow(NamedTuple):
    """What the article page says of its live publication."""

    id: int
    token: str
    published_at: Any
    include_unapproved: bool


_PUBLICATION_ROW = (
    sa.select(Publication.id, Publication.token, Publication.published_at, Publication.include_unapproved)
    .where(Publication.article_id == sa.bindparam("article_id"), Publication.withdrawn_at.is_(None))
    .order_by(Publication.id.desc()).limit(1)
)


def current_publication_row(article_id: int) -> PublicationRow | None:
    """current_publication as a plain row, for pages that only show it."""
    row = db.session.execute(_PUBLICATION_ROW, {"article_id": article_id}).first()
    return PublicationRow(*row) if row is not None else None


def current_publication(article_id: int) -> Publication | None:
    """The article's report as published now (not withdrawn), if any."""
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.article_id == article_id, Publication.withdrawn_at.is_(None))
        .options(joinedload(Publication.published_by))
        .order_by(Publication.id.desc())
        .limit(1)
    )


def load_report(
    article_id: int,
    *,
    generated_by: User | None = None,
    base_url: str = "",
    organisation: dict | None = None,
    public: bool = False,
    stream: bool = False,
    now: dt.datetime | None = None,
) -> dict:
    """The report model of an article (NotFound when there is none).

    `public` leaves out emails and internal comments (the report at its public link); `stream` makes
    `claims` and `history` generators, read in chunks through a database session of their own.
    """
    article = db.session.scalar(
        sa.select(Article).where(Article.id == article_id).options(joinedload(Article.added_by))
    )
    if article is None:
        raise NotFound(f"No article {article_id}.")
    organisation = organisation or {"name": "ClaimDesk", "url": None}
    people = _People(public, organisation.get("name") or "ClaimDesk")
    language = report_language(article.language)
    base = base_url.rstrip("/")
    publication = current_publication(article.id)
    public_url = f"{base}/r/{publication.token}" if publication is not None else None

    def claim_url(claim_id: int) -> str:
        return f"{public_url}#claim-{claim_id}" if public_url else f"{base}/claims/{claim_id}"

    claims: Iterable[dict]
    history: Iterable[dict]
    if stream:
        engine, article_id = db.engine, article.id
        claims = _detached(engine, lambda s: iter_claims(article_id, claim_url, people, CHUNK, s))
        history = _detached(engine, lambda s: iter_events(article_id, people, stream=True, session=s))
    else:
        claims = list(iter_claims(article.id, claim_url, people, None))
        history = list(iter_events(article.id, people, stream=False))
        if public:  # nor a word about claims the report does not show (deleted ones)
            shown = {c["id"] for c in claims}
            history = [e for e in history if e["claim_id"] in shown]
    return {
        "format": "claimdesk-report",
        "format_version": FORMAT_VERSION,
        "generated_at": _iso(now or utcnow()),
        "generated_by": None if public else people.ref(generated_by),
        "language": language,
        "dir": "rtl" if language == "ar" else "ltr",
        "organisation": organisation,
        "article": {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "publisher": article.publisher,
            "published_at": _iso(article.published_at),
            "language": article.language,
            "dir": "rtl" if article.is_rtl else "ltr",
            "created_at": _iso(article.created_at),
            "added_by": people.ref(article.added_by),
            "archived": article.archived,
            "archived_at": _iso(article.archived_at),
            "desk_url": "" if public else f"{base}/articles/{article.id}",
        },
        "publication": None if publication is None else {
            "url": public_url,
            "published_at": _iso(publication.published_at),
            "published_by": people.ref(publication.published_by),
            "include_unapproved": publication.include_unapproved,
        },
        "summary": _summary(article.id, people, language),
        "claims": claims,
        "history": history,
    }
