"""Similar claims across articles (the same figure in an Arabic and an English report), and reuse of their work."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import _l
from app.models import Claim, ClaimKey, Evidence, User
from app.services import audit, claim_vectors
from app.services.claims import back_to_review, ensure_version, ensure_writable, flush_claim, get_claim, update_claim
from app.services.errors import ValidationError
from app.services.permissions import require
from app.suggest.similar import figure_conflict, similarity, with_meaning

CANDIDATES = 60
# A key shared by this many claims says little about sameness (a common word); it is not used to find candidates.
COMMON_KEY = 2000
MIN_SCORE = 0.35
SPECIFIC = ("qty", "dur", "date", "year", "place")


@dataclass
class Similar:
    claim: Claim
    score: float
    reason: str
    has_evidence: bool = False


def similar_claims(claim: Claim, limit: int = 10) -> list[Similar]:
    """Claims in other articles that say the same thing, best first, each with a score and a reason.

    Candidates come from shared value keys (figures, dates, places) and from the nearest claims by
    meaning (encoder vectors, across Arabic and English); each is scored on both, and a differing
    figure on the same thing (1,000 against 2,000 soldiers) counts against. Candidates are read as plain
    rows and scored by texts (a pure function, remembered per pair); only the claims shown are loaded.
    """
    ids = _key_candidates(claim)
    near = claim_vectors.nearest(claim, CANDIDATES)
    ids = list(dict.fromkeys([*ids, *near]))
    if not ids:
        return []
    has_evidence = sa.exists().where(Evidence.claim_id == Claim.id)
    rows = db.session.execute(
        sa.select(Claim.id, Claim.quote, Claim.statement, has_evidence).where(Claim.id.in_(ids)))
    text = f"{claim.quote} {claim.statement}"
    found = []
    for other_id, quote, statement, evidenced in rows:
        score, reason, conflict = _pair(text, f"{quote} {statement}")
        score, reason = with_meaning(score, reason, near.get(other_id), conflict)
        if score >= MIN_SCORE:
            found.append((-round(score, 3), other_id, reason, bool(evidenced)))
    found.sort(key=lambda f: (f[0], f[1]))
    found = found[:limit]
    if not found:
        return []
    shown = {c.id: c for c in db.session.scalars(
        sa.select(Claim).where(Claim.id.in_([f[1] for f in found])).options(joinedload(Claim.article)))}
    return [Similar(shown[other_id], -negative, reason, evidenced)
            for negative, other_id, reason, evidenced in found if other_id in shown]


@functools.lru_cache(maxsize=65536)
def _pair(text: str, other_text: str) -> tuple[float, Any, str | None]:
    """The texts' similarity, reason and figure conflict: a pure function of the two texts."""
    score, reason = similarity(text, other_text)
    return score, reason, figure_conflict(text, other_text)


@functools.lru_cache(maxsize=128)
def _frequency_statement(n: int) -> sa.Select:
    """How many claims share each of n keys, counting each only up to COMMON_KEY + 1: a word shared by half of
    100,000 claims costs as little to rule out as a rare figure (an uncapped count walked every row)."""
    capped = [sa.select(ClaimKey.key).where(ClaimKey.key == sa.bindparam(f"k{i}")).limit(COMMON_KEY + 1).subquery()
              for i in range(n)]
    union = sa.union_all(*[sa.select(c.c.key) for c in capped]).subquery()
    return sa.select(union.c.key, sa.func.count()).group_by(union.c.key)


def _key_candidates(claim: Claim) -> list[int]:
    keys = [k.key for k in claim.keys]
    if not keys:
        return []
    keys = sorted(set(keys))
    frequency = dict(db.session.execute(_frequency_statement(len(keys)),
                                        {f"k{i}": k for i, k in enumerate(keys)}).all())
    useful = [k for k in keys if frequency.get(k, 0) <= COMMON_KEY]
    if not useful:
        return []
    # Specific values (a quantity with its unit, a duration, a date, a place) say far more than a shared word.
    weight = sa.case(*[(ClaimKey.key.like(f"{prefix}:%"), 4) for prefix in SPECIFIC], else_=1)
    ranked = (
        sa.select(ClaimKey.claim_id, sa.func.sum(weight).label("shared"))
        .join(Claim, Claim.id == ClaimKey.claim_id)
        .where(ClaimKey.key.in_(useful), Claim.article_id != claim.article_id)
        .group_by(ClaimKey.claim_id)
        .order_by(sa.desc("shared"), ClaimKey.claim_id)
        .limit(CANDIDATES)
    )
    return [row[0] for row in db.session.execute(ranked)]


def copy_from(actor: User, target: Claim, data: Mapping[str, Any]) -> dict:
    """Copy a similar claim's evidence and verdict onto target, recorded in target's history."""
    require(actor, "edit_claims")
    from app.services.validation import Checker, check_version

    version = check_version(data)
    ensure_version(target, version)
    ensure_writable(target.article)  # the same rules as adding evidence by hand
    checker = Checker(data)
    source_id = checker.integer("from_claim_id", required=True, minimum=1)
    want_evidence = checker.boolean("evidence", default=True)
    want_verdict = checker.boolean("verdict", default=True)
    checker.raise_if_errors(_l("The copy is not valid."))
    assert source_id is not None
    source = get_claim(source_id)
    if source.id == target.id:
        raise ValidationError(_l("A claim cannot copy itself."), {"from_claim_id": _l("Choose another claim.")})
    copied_evidence = 0
    if want_evidence:
        attached = {e.source_id for e in target.evidence}
        for item in source.evidence:
            if item.source_id in attached:
                continue
            new = Evidence(claim=target, source=item.source, stance=item.stance, credibility=item.credibility,
                           excerpt=item.excerpt, reported_value=item.reported_value,
                           reported_unit=item.reported_unit, note=item.note, added_by_id=actor.id)
            db.session.add(new)
            db.session.flush()
            audit.record(actor, "created", new, after={"url": item.source.url, "stance": item.stance},
                         note=f"copied from claim #{source.id}")
            copied_evidence += 1
    if copied_evidence:
        # New evidence on a submitted or approved claim needs another look, as when added by hand.
        back_to_review(actor, target, f"evidence copied from claim #{source.id}")
    changed: list[str] = []
    if want_verdict and source.verdict != "unverified":
        patch = {"version": target.version, "verdict": source.verdict, "confidence": source.confidence}
        if source.rationale:  # as it was written: the copy is told in the history, in the reader's language
            patch["rationale"] = source.rationale
        changed = update_claim(actor, target, patch)
    audit.record(actor, "copied", target, note=f"from claim #{source.id}",
                 after={"evidence": copied_evidence, "fields": changed})
    flush_claim(target)
    return {"evidence": copied_evidence, "fields": changed}
