"""Sources and evidence: one Source per document, one Evidence per claim and source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.models import Claim, Evidence, Source, User
from app.models.base import CREDIBILITY, RELIABILITY, STANCES
from app.services import audit
from app.services.claims import back_to_review, ensure_writable, flush_claim
from app.services.errors import NotFound, ValidationError
from app.services.permissions import require, require_actor
from app.services.settings import LIMITS
from app.services.urls import normalise_url
from app.services.validation import Checker


def get_evidence(evidence_id: int) -> Evidence:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(_l("No evidence %(id)s.", id=evidence_id))
    return evidence


def source_for_url(url: str) -> Source | None:
    return db.session.scalar(sa.select(Source).where(Source.url == normalise_url(url)))


def get_or_create_source(actor: User | None, data: Mapping[str, Any], claim_id: int | None = None) -> Source:
    """The Source for a URL (normalised), created or completed from the given metadata.

    Events about the source are filed under the claim it was attached from, so they show in that history.
    """
    checker = Checker(data)
    raw_url = checker.text("url", required=True, max_len=2048)
    title = checker.text("title", max_len=500) or None
    publisher = checker.text("publisher", max_len=200) or None
    published_at = checker.date("published_at")
    reliability = checker.choice("reliability", RELIABILITY)
    checker.raise_if_errors(_l("The source is not valid."))
    url = normalise_url(raw_url or "")
    source = db.session.scalar(sa.select(Source).where(Source.url == url))
    if source is None:
        source = Source(url=url, title=title, publisher=publisher, published_at=published_at,
                        reliability=reliability or "F")
        if not audit.add_unique(source):  # another request created it a moment ago: use theirs
            source = db.session.scalar(sa.select(Source).where(Source.url == url))
        else:
            audit.record(actor, "created", source, claim_id=claim_id,
                         after={"url": url, "title": title, "publisher": publisher, "published_at": published_at,
                                "reliability": source.reliability})
            return source
    # An existing source keeps what it has; the new form may complete blanks or regrade it.
    for name, value in (("title", title), ("publisher", publisher), ("published_at", published_at)):
        if value and not getattr(source, name):
            audit.record(actor, "updated", source, field=name, before=None, after=value, claim_id=claim_id)
            setattr(source, name, value)
    if reliability and reliability != source.reliability:
        audit.record(actor, "updated", source, field="reliability", before=source.reliability, after=reliability,
                     claim_id=claim_id, note=f"source used by {len(source.evidence)} claim(s)")
        source.reliability = reliability
    return source


def _evidence_fields(checker: Checker, *, partial: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if not partial or checker.has("stance"):
        fields["stance"] = checker.choice("stance", STANCES, required=True)
    if not partial or checker.has("credibility"):
        fields["credibility"] = checker.choice("credibility", CREDIBILITY, default=6)
    for name, limit in (("excerpt", LIMITS.max_text_chars), ("note", LIMITS.max_text_chars)):
        if not partial or checker.has(name):
            fields[name] = checker.text(name, max_len=limit) or ""
    if not partial or checker.has("reported_value"):
        fields["reported_value"] = checker.text("reported_value", max_len=200) or None
    if not partial or checker.has("reported_unit"):
        fields["reported_unit"] = checker.text("reported_unit", max_len=60) or None
    return fields


def add_evidence(actor: User | None, claim: Claim, data: Mapping[str, Any]) -> Evidence:
    """Attach a source (by URL) to a claim with a stance; one evidence per claim and source."""
    require_actor(actor, "add_evidence")
    ensure_writable(claim.article)
    checker = Checker(data)
    fields = _evidence_fields(checker, partial=False)
    if not checker.has("url"):
        checker.error("url", _l("This field is required."))
    checker.raise_if_errors(_l("The evidence is not valid."))
    source = get_or_create_source(actor, data, claim_id=claim.id)
    existing = db.session.scalar(
        sa.select(Evidence.id).where(Evidence.claim_id == claim.id, Evidence.source_id == source.id)
    )
    if existing is not None:
        raise ValidationError(
            _l("This source is already attached to the claim; edit that evidence instead."),
            {"url": _l("Already attached (evidence #%(id)s).", id=existing)},
        )
    evidence = Evidence(claim=claim, source=source, added_by_id=actor.id if actor else None, **fields)
    db.session.add(evidence)
    db.session.flush()
    audit.record(actor, "created", evidence,
                 after={"url": source.url, "stance": evidence.stance, "credibility": evidence.credibility})
    _evidence_changed(actor, claim, "evidence added")
    return evidence


def _evidence_changed(actor: User | None, claim: Claim, why: str) -> None:
    """New or changed evidence on a submitted or approved claim needs another look (and a new version)."""
    if claim.state in ("awaiting_approval", "approved"):
        back_to_review(actor, claim, why)
        flush_claim(claim)


def update_evidence(actor: User, evidence: Evidence, data: Mapping[str, Any]) -> list[str]:
    require(actor, "add_evidence")
    ensure_writable(evidence.claim.article)
    checker = Checker(data)
    fields = _evidence_fields(checker, partial=True)
    checker.raise_if_errors(_l("The evidence is not valid."))
    changed = []
    for name, value in fields.items():
        if getattr(evidence, name) != value:
            audit.record(actor, "updated", evidence, field=name, before=getattr(evidence, name), after=value)
            setattr(evidence, name, value)
            changed.append(name)
    if changed:
        _evidence_changed(actor, evidence.claim, "evidence changed: " + ", ".join(changed))
    return changed


def remove_evidence(actor: User, evidence: Evidence) -> None:
    require(actor, "add_evidence")
    claim = evidence.claim
    ensure_writable(claim.article)
    audit.record(actor, "deleted", evidence, before={"url": evidence.source.url, "stance": evidence.stance})
    db.session.delete(evidence)
    db.session.flush()
    _evidence_changed(actor, claim, "evidence removed")


def list_sources(page: int = 1, per_page: int = 50) -> tuple[list[Source], int]:
    total = db.session.scalar(sa.select(sa.func.count(Source.id))) or 0
    rows = db.session.scalars(sa.select(Source).order_by(Source.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


class EvidenceRow(NamedTuple):
    """What the claim page shows of one evidence item, its source and the source's newest capture."""

    id: int
    stance: str
    source_id: int
    url: str
    title: str | None
    publisher: str | None
    published_at: Any
    reliability: str
    credibility: int
    excerpt: str
    note: str
    status: str
    status_detail: str | None
    capture_id: int | None
    captured_at: Any
    capture_state: str | None


def _evidence_rows_statement() -> sa.Select:
    from app.models import Capture

    newest = (sa.select(sa.func.max(Capture.id)).where(Capture.source_id == Source.id)
              .correlate(Source).scalar_subquery())
    text = sa.String()
    return (
        sa.select(Evidence.id, sa.type_coerce(Evidence.stance, text), Evidence.source_id, Source.url, Source.title,
                  Source.publisher, Source.published_at, sa.type_coerce(Source.reliability, text),
                  Evidence.credibility, Evidence.excerpt, Evidence.note, sa.type_coerce(Source.status, text),
                  Source.status_detail, Capture.id, Capture.fetched_at, sa.type_coerce(Capture.state, text))
        .join(Source, Source.id == Evidence.source_id)
        .outerjoin(Capture, Capture.id == newest)
        .where(Evidence.claim_id == sa.bindparam("claim_id"))
        .order_by(Evidence.id)
    )


_EVIDENCE_ROWS = _evidence_rows_statement()


def evidence_rows(claim_id: int) -> tuple[EvidenceRow, ...]:
    """The claim's evidence with sources and newest captures, as plain rows in one statement."""
    return tuple(EvidenceRow(*row) for row in db.session.execute(_EVIDENCE_ROWS, {"claim_id": claim_id}))
