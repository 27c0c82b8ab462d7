"""Reviewing the engine's suggestions: what is still pending, accepting, rejecting (remembered)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Claim, SuggestionRejection, User
from app.services import audit
from app.services.claims import create_claim, ensure_writable
from app.services.errors import ValidationError
from app.services.permissions import require_actor
from app.services.validation import Checker
from app.suggest import Suggestion, suggest


def pending(article: Article) -> list[Suggestion]:
    """Suggestions not yet made claims (same span) and not rejected before."""
    taken = {(c.start, c.end) for c in article.claims}
    rejected = {
        (start, end)
        for start, end in db.session.execute(
            sa.select(SuggestionRejection.start, SuggestionRejection.end).where(
                SuggestionRejection.article_id == article.id
            )
        )
    }
    skip = taken | rejected
    return [s for s in suggest(article.body, article.language) if (s.start, s.end) not in skip]


def reject(actor: User, article: Article, data: Mapping[str, Any]) -> None:
    """Remember that a suggested span is not a claim, so it is not proposed again."""
    require_actor(actor, "edit_claims")
    ensure_writable(article)
    checker = Checker(data)
    start = checker.integer("start", required=True, minimum=0, maximum=len(article.body))
    end = checker.integer("end", required=True, minimum=1, maximum=len(article.body))
    checker.raise_if_errors("The span is not valid.")
    assert start is not None and end is not None
    if end <= start:
        raise ValidationError("The span is not valid.", {"end": "Must be greater than start."})
    exists = db.session.scalar(
        sa.select(SuggestionRejection.id).where(
            SuggestionRejection.article_id == article.id,
            SuggestionRejection.start == start,
            SuggestionRejection.end == end,
        )
    )
    if exists is None:
        rejection = SuggestionRejection(article_id=article.id, start=start, end=end, rejected_by_id=actor.id)
        db.session.add(rejection)
        audit.record(actor, "suggestion_rejected", article, after={"start": start, "end": end,
                                                                   "quote": article.body[start:end]})


def _claim_from(actor: User | None, article: Article, data: Mapping[str, Any], found: Suggestion | None,
                prefix: str = "") -> Claim:
    """A claim (origin 'suggested') on a span, taking kind, attribution, re-check date and values from the
    engine's suggestion for that span where the person did not give them."""
    data = dict(data)
    if found is not None:
        data.setdefault("kind", found.kind)
        data.setdefault("attributed_to", found.attributed_to)
        if found.recheck_on and not data.get("recheck_on"):
            data["recheck_on"] = found.recheck_on.isoformat()
    return create_claim(actor, article, data, origin="suggested", prefix=prefix,
                        values=(found.values or None) if found else None)


def store_all(actor: User | None, article: Article) -> list[Claim]:
    """Store every pending suggestion as a claim (`suggest: true`, `articles import --suggest`)."""
    return [_claim_from(actor, article, {"start": s.start, "end": s.end}, s) for s in pending(article)]


def accept(actor: User, article: Article, items: Sequence[Mapping[str, Any]]) -> list[Claim]:
    """Make claims (origin 'suggested') of the given spans, edited or not, all or none."""
    ensure_writable(article)
    if not items:
        raise ValidationError("Choose at least one suggestion.", {"items": "Empty."})
    by_span = {(s.start, s.end): s for s in suggest(article.body, article.language)}
    return [_claim_from(actor, article, item, by_span.get((item.get("start"), item.get("end"))), f"items[{index}].")
            for index, item in enumerate(items)]
