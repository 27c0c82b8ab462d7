"""Reports: building one in any format, and publishing it at an unguessable public link (and withdrawing it)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l, _nl
from app.models import Article, Claim, Publication, User
from app.models.base import utcnow
from app.reports import FORMATS
from app.reports.data import current_publication, load_report
from app.reports.html import render_html
from app.services import audit
from app.services.errors import DomainError, Gone, NotFound, ValidationError
from app.services.permissions import require, require_actor

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


def published_html(publication: Publication, *, base_url: str = "", organisation: dict | None = None) -> str:
    """The report at its public link: HTML without emails or internal comments, its approved claims'
    ClaimReview embedded as JSON-LD (draft verdicts are not handed to search engines)."""
    model = load_report(publication.article_id, base_url=base_url, organisation=organisation, public=True)
    return render_html(model, public=True, embed_claimreview=True)


def publish(actor: User, article: Article, *, include_unapproved: bool = False) -> Publication:
    """Publish the article's report at a new unguessable link; unapproved claims need include_unapproved."""
    require(actor, "publish")
    if article.archived:
        raise ValidationError(_l("The article is archived; restore it before publishing its report."),
                              {"article": _l("Archived.")})
    if current_publication(article.id) is not None:
        raise ValidationError(_l("The report is already published; withdraw it first to publish it anew."),
                              {"article": _l("Already published.")})
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
    publication = Publication(article_id=article.id, token=secrets.token_urlsafe(24),
                              include_unapproved=bool(include_unapproved), published_by_id=actor.id)
    db.session.add(publication)
    db.session.flush()
    audit.record(actor, "published", publication,
                 after={"claims": total, "not_approved": pending, "include_unapproved": bool(include_unapproved)})
    return publication


def unapproved_claims(article: Article) -> list[Claim]:
    """The article's claims not yet approved, in article order (what publishing would mark)."""
    return list(db.session.scalars(
        sa.select(Claim).where(Claim.article_id == article.id, Claim.state != "approved").order_by(Claim.start, Claim.id)
    ))


def withdraw(actor: User, article: Article) -> Publication:
    """Withdraw the article's published report: its link answers 410 Gone from now on."""
    require(actor, "publish")
    active = list(db.session.scalars(
        sa.select(Publication).where(Publication.article_id == article.id, Publication.withdrawn_at.is_(None))
        .order_by(Publication.id)
    ))
    if not active:
        raise NotFound(_l("The report of article %(id)s is not published.", id=article.id))
    now = utcnow()
    for publication in active:  # two editors racing to publish may have left two links; both go
        publication.withdrawn_at = now
        publication.withdrawn_by_id = actor.id
        audit.record(actor, "withdrawn", publication)
    db.session.flush()
    return active[-1]


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


def publication_dict(publication: Publication, base_url: str = "") -> dict:
    """A publication as the API shows it."""
    return {
        "id": publication.id,
        "article_id": publication.article_id,
        "token": publication.token,
        "url": f"{base_url.rstrip('/')}/r/{publication.token}",
        "include_unapproved": publication.include_unapproved,
        "published_at": publication.published_at.isoformat(),
        "published_by_id": publication.published_by_id,
        "withdrawn_at": publication.withdrawn_at.isoformat() if publication.withdrawn_at else None,
        "withdrawn_by_id": publication.withdrawn_by_id,
    }


__all__ = ["FORMATS", "Rendered", "build_report", "check_format", "current_publication", "publish", "withdraw",
           "find_publication", "publication_for_token", "publication_dict", "published_html", "unapproved_claims"]
