"""Reports: building one in any format; publishing it, frozen, in versions at an unguessable link; withdrawing it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import _l, _nl
from app.models import Article, Claim, Publication, PublicationVersion, User
from app.models.base import utcnow
from app.reports import FORMATS
from app.reports.claimreview import claim_reviews
from app.reports.data import current_publication, load_report
from app.reports.html import render_html
from app.reports.json import build_json
from app.services import audit, factchecks
from app.services.claims import ensure_writable
from app.services.errors import Conflict, DomainError, Gone, NotFound, ValidationError
from app.services.permissions import require, require_actor
from app.services.validation import Checker

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class UnknownFormat(DomainError):
    status = 400
    code = "bad_request"


@dataclass
class Rendered:
    """A built report: its bytes (or a stream of them when `streamed`) and how to serve it."""

    body: bytes | Iterator[bytes]
    mimetype: str
    filename: str
    streamed: bool

    def chunks(self) -> Iterator[bytes]:
        if isinstance(self.body, bytes):
            yield self.body
        else:
            yield from self.body


def check_format(fmt: str | None) -> str:
    """The format name, or a 400 naming the formats there are."""
    if fmt not in FORMATS:
        shown = _l("(none)") if not fmt else repr(fmt[:40])
        names = ", ".join(FORMATS)
        raise UnknownFormat(_l("Unknown format %(format)s; use one of: %(names)s.", format=shown, names=names),
                            {"format": _l("Use one of: %(names)s.", names=names)})
    return fmt


def build_report(
    article_id: int,
    fmt: str,
    actor: User | None,
    *,
    base_url: str = "",
    organisation: dict | None = None,
    public: bool = False,
) -> Rendered:
    """Build an article's report in a format (actor None: the command line, or a published link).

    An archived article still gets its report, with an "archived" banner (and `archived: true`): the
    desk keeps records of finished work. JSON and CSV come as streams whose claims are read in chunks,
    read through a database session of their own while they are consumed.
    """
    require_actor(actor, "read")
    spec = FORMATS[check_format(fmt)]
    model = load_report(article_id, generated_by=actor, base_url=base_url, organisation=organisation,
                        public=public, stream=spec.streams)
    return Rendered(spec.builder(model), spec.mimetype, spec.filename(article_id), spec.streams)


NOTE_KINDS = ("correction", "update")
NOTE_MAX = 2000


def _at_most(limit: int):
    return _nl("At most %(num)d character.", "At most %(num)d characters.", limit)


def publication_options(data) -> dict:
    """include_unapproved, note and kind from a form or a JSON body, checked (422 naming the field)."""
    checker = Checker(data)
    options = {"include_unapproved": checker.boolean("include_unapproved"),
               "note": checker.text("note", max_len=NOTE_MAX) or None,
               "kind": checker.choice("kind", NOTE_KINDS)}
    checker.raise_if_errors(_l("The publication is not valid."))
    return options


def publish(actor: User, article: Article, *, include_unapproved: bool = False, note: str | None = None,
            kind: str | None = None, base_url: str = "", organisation: dict | None = None) -> PublicationVersion:
    """Publish the article's report, frozen as it is now: version 1 at a new unguessable link, or, while it
    is published, version N+1 at the same link, which needs a note and its kind (correction or update).

    Unapproved claims need include_unapproved. Two editors racing get one publication (a database
    constraint); the other gets a Conflict naming the link that won.
    """
    require(actor, "publish")
    ensure_writable(article)
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise ValidationError(_l("The note is too long."), {"note": _at_most(NOTE_MAX)})
    live = current_publication(article.id)
    if live is not None:
        missing = {}
        if not note:
            missing["note"] = _l("Say what changed since the last version.")
        if kind not in NOTE_KINDS:
            missing["kind"] = _l("Choose whether this version is a correction or an update.")
        if missing:
            raise ValidationError(_l("The report is already published: a new version needs a dated note saying "
                                     "what changed, and whether it is a correction or an update."), missing)
    total, pending = db.session.execute(
        sa.select(sa.func.count(Claim.id), sa.func.count(Claim.id).filter(Claim.state != "approved"))
        .where(Claim.article_id == article.id)
    ).one()
    if pending and not include_unapproved:
        raise ValidationError(
            _nl("%(num)d of %(total)d claims is not yet approved. Approve it first, or tick "
                "“publish with unapproved claims marked”.",
                "%(num)d of %(total)d claims are not yet approved. Approve them first, or tick "
                "“publish with unapproved claims marked”.", pending, total=total),
            {"include_unapproved": _nl("%(num)d claim not yet approved: tick to publish it marked “Not yet approved”.",
                                       "%(num)d claims not yet approved: tick to publish them marked “Not yet approved”.",
                                       pending)},
            not_approved=pending,
        )
    if live is None:
        publication = Publication(article_id=article.id, token=secrets.token_urlsafe(24),
                                  include_unapproved=bool(include_unapproved), published_by_id=actor.id)
        db.session.add(publication)
        _flush_or_conflict(article.id, "Another editor published this report a moment ago")
        number = 1
    else:
        publication = live
        number = (db.session.scalar(sa.select(sa.func.max(PublicationVersion.number))
                                    .where(PublicationVersion.publication_id == live.id)) or 0) + 1
    version = freeze(publication, number=number, kind="first" if number == 1 else kind, note=note, actor=actor,
                     include_unapproved=bool(include_unapproved), base_url=base_url, organisation=organisation)
    _flush_or_conflict(article.id, f"Another editor published version {number} of this report a moment ago")
    factchecks.record_publication(publication.id, version.reviews)  # the desk's own checks, as published
    audit.record(actor, "published", publication, note=note,
                 after={"version": number, "kind": version.kind, "claims": total, "not_approved": pending,
                        "include_unapproved": bool(include_unapproved)})
    return version


def _flush_or_conflict(article_id: int, what: str) -> None:
    try:
        db.session.flush()
    except IntegrityError:
        # The unique index on the live publication (or on its version numbers) turned the loser away.
        db.session.rollback()
        winner = current_publication(article_id)
        extra = {"publication": publication_dict(winner)} if winner is not None else {}
        raise Conflict(f"{what}; nothing was published twice. Look at the published report, and publish "
                       "a new version with a note if something still needs to change.", **extra) from None


def freeze(publication: Publication, *, number: int, kind: str, note: str | None, actor: User | None,
           include_unapproved: bool, base_url: str = "", organisation: dict | None = None,
           published_at: dt.datetime | None = None) -> PublicationVersion:
    """Store version `number` of a publication: the public report model, its HTML, JSON and ClaimReview, once."""
    now = published_at or utcnow()
    model = load_report(publication.article_id, base_url=base_url, organisation=organisation, public=True, now=now)
    url = f"{base_url.rstrip('/')}/r/{publication.token}"
    earlier = db.session.execute(
        sa.select(PublicationVersion.number, PublicationVersion.kind, PublicationVersion.published_at,
                  PublicationVersion.note)
        .where(PublicationVersion.publication_id == publication.id, PublicationVersion.number < number)
        .order_by(PublicationVersion.number)
    ).all()
    versions = [{"number": n, "kind": k, "published_at": at.isoformat(), "note": text, "url": f"{url}/v/{n}"}
                for n, k, at, text in earlier]
    versions.append({"number": number, "kind": kind, "published_at": now.isoformat(), "note": note,
                     "url": f"{url}/v/{number}"})
    model["publication"] = {
        "url": url,
        "published_at": now.isoformat(),
        "published_by": None if actor is None else {"id": actor.id, "name": actor.name or None, "email": None},
        "include_unapproved": include_unapproved,
        "token": publication.token,
        "version": number,
        "kind": kind,
        "note": note,
        "first_published_at": versions[0]["published_at"],
        "versions": versions,
    }
    html = render_html(model, public=True, embed_claimreview=True)
    document = b"".join(build_json(model)).decode("utf-8")
    etag = hashlib.sha256(f"{html}\0{document}".encode()).hexdigest()[:40]
    version = PublicationVersion(
        publication=publication, number=number, kind=kind, note=note, include_unapproved=include_unapproved,
        published_by_id=actor.id if actor else None, published_at=now, language=model["language"],
        title=model["article"]["title"][:500], model=model, reviews=claim_reviews(model, approved_only=True),
        html=html, document=document, etag=etag,
    )
    db.session.add(version)
    return version


def legacy_tokens() -> list[str]:
    """The tokens of publications made before versions existed, not frozen yet."""
    return list(db.session.scalars(sa.select(Publication.token).where(~Publication.versions.any())
                                   .order_by(Publication.id)))


def freeze_legacy(token: str, *, base_url: str = "", organisation: dict | None = None) -> None:
    """A publication made before versions existed gets its version 1 frozen, once (`flask reports freeze-legacy`:
    a public GET never writes, and never chooses the links frozen into a page)."""
    publication = find_publication(token)
    if publication is None or publication.versions:
        return
    freeze(publication, number=1, kind="first", note=None, actor=publication.published_by,
           include_unapproved=publication.include_unapproved, base_url=base_url, organisation=organisation,
           published_at=publication.published_at)
    try:
        db.session.flush()
    except IntegrityError:  # another reader froze it at the same moment: theirs stands
        db.session.rollback()


def unapproved_claims(article: Article) -> list[Claim]:
    """The article's claims not yet approved, in article order (what publishing would mark)."""
    return list(db.session.scalars(
        sa.select(Claim).where(Claim.article_id == article.id, Claim.state != "approved").order_by(Claim.start, Claim.id)
    ))


def withdraw(actor: User, article: Article, *, reason: str | None = None) -> Publication:
    """Withdraw the article's published report: every version of its link answers 410 Gone from now on."""
    require(actor, "publish")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > NOTE_MAX:
        raise ValidationError(_l("The reason is too long."), {"reason": _at_most(NOTE_MAX)})
    publication = current_publication(article.id)
    if publication is None:
        raise NotFound(_l("The report of article %(id)s is not published.", id=article.id))
    publication.withdrawn_at = utcnow()
    publication.withdrawn_by_id = actor.id
    publication.withdrawn_reason = reason
    factchecks.forget_publication(publication.id)
    audit.record(actor, "withdrawn", publication, note=reason)
    db.session.flush()
    return publication


def find_publication(token: str) -> Publication | None:
    """The publication (live or withdrawn) a public link's token names, if any."""
    if not TOKEN.match(token or ""):
        return None
    return db.session.scalar(sa.select(Publication).where(Publication.token == token))


def publication_for_token(token: str) -> Publication:
    """The live publication a public link points at: NotFound for no such link, Gone when withdrawn."""
    publication = find_publication(token)
    if publication is None:
        raise NotFound(_l("There is no published report at this address."))
    if publication.withdrawn_at is not None:
        raise Gone(_l("This report was withdrawn by the desk."), withdrawn_at=publication.withdrawn_at.isoformat())
    return publication


def publication_dict(publication: Publication, base_url: str = "", version: PublicationVersion | None = None) -> dict:
    """A publication as the API shows it: its link, the version given (else the latest) and every version."""
    url = f"{base_url.rstrip('/')}/r/{publication.token}"
    versions = sorted(publication.versions, key=lambda v: v.number)
    shown = version or (versions[-1] if versions else None)
    return {
        "id": publication.id,
        "article_id": publication.article_id,
        "token": publication.token,
        "url": url,
        "version": shown.number if shown else None,
        "kind": shown.kind if shown else None,
        "published_at": (shown.published_at if shown else publication.published_at).isoformat(),
        "note": shown.note if shown else None,
        "first_published_at": publication.published_at.isoformat(),
        "include_unapproved": shown.include_unapproved if shown else publication.include_unapproved,
        "published_by_id": shown.published_by_id if shown else publication.published_by_id,
        "withdrawn_at": publication.withdrawn_at.isoformat() if publication.withdrawn_at else None,
        "withdrawn_by_id": publication.withdrawn_by_id,
        "withdrawn_reason": publication.withdrawn_reason,
        "versions": [{"number": v.number, "kind": v.kind, "note": v.note, "published_at": v.published_at.isoformat(),
                      "url": f"{url}/v/{v.number}"} for v in versions],
    }


__all__ = ["FORMATS", "Rendered", "build_report", "check_format", "current_publication", "publish", "withdraw",
           "find_publication", "publication_for_token", "publication_dict", "unapproved_claims", "freeze",
           "freeze_legacy", "legacy_tokens", "publication_options", "NOTE_KINDS"]
