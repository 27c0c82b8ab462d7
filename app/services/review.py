"""Review: the state machine with its four-eyes rule, and the verdict suggested by the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.i18n import LazyList, LazyNumber, LazySentences, _l, _nl, label_of
from app.models import Claim, User
from app.models.base import STATES, utcnow
from app.services import audit, figures, notifications
from app.services.claims import _move, ensure_version, ensure_writable, flush_claim
from app.services.errors import PermissionDenied, ValidationError
from app.services.permissions import can, require
from app.services.validation import Checker

# (from, to) -> (capability needed, reason required)
TRANSITIONS: dict[tuple[str, str], tuple[str, bool]] = {
    ("open", "in_review"): ("edit_claims", False),
    ("in_review", "open"): ("edit_claims", False),
    ("in_review", "awaiting_approval"): ("edit_claims", False),
    ("awaiting_approval", "in_review"): ("edit_claims", True),
    ("awaiting_approval", "approved"): ("approve", False),
    ("approved", "in_review"): ("reopen", True),
}


def allowed_targets(actor: User, claim: Claim) -> list[str]:
    """The states this actor may move this claim to now (for buttons on the claim page)."""
    targets = []
    for (src, dst), (capability, _) in TRANSITIONS.items():
        if src == claim.state and can(actor, capability):
            if dst == "approved" and claim.verdict_set_by_id == actor.id:
                continue
            targets.append(dst)
    return targets


def transition(actor: User, claim: Claim, data: Mapping[str, Any]) -> None:
    """Move a claim to data['to'], enforcing roles, four eyes, and reasons; version checked when given."""
    checker = Checker(data)
    to = checker.choice("to", STATES, required=True)
    reason = checker.text("reason", max_len=2000)
    version = checker.integer("version", minimum=1)
    checker.raise_if_errors(_l("The transition is not valid."))
    if version is not None:
        ensure_version(claim, version)
    ensure_writable(claim.article)
    rule = TRANSITIONS.get((claim.state, to))
    if rule is None:
        raise ValidationError(
            _l("A claim cannot go from “%(from)s” to “%(to)s”.", **{"from": label_of("state", claim.state),
                                                                   "to": label_of("state", to)}),
            {"to": _l("From “%(from)s” the claim can go to: %(targets)s.", **{
                "from": label_of("state", claim.state),
                "targets": LazyList(label_of("state", d) for (s, d) in TRANSITIONS if s == claim.state)
                or _l("nowhere")})},
        )
    capability, needs_reason = rule
    require(actor, capability)
    if needs_reason and not reason:
        raise ValidationError(_l("Say why the claim goes back."), {"reason": _l("A reason is required.")})
    if to == "awaiting_approval":
        missing = missing_for_approval(claim)
        if missing:
            raise ValidationError(_l("The claim is not ready for approval: %(missing)s",
                                     missing=LazySentences(missing.values())), missing)
    if to == "approved":
        if claim.verdict_set_by_id == actor.id:
            raise PermissionDenied(_l("Four eyes: you set this verdict, so another editor must approve it."))
        _move(actor, claim, "approved", note=reason)
        claim.approved_by_id = actor.id
        claim.approved_at = utcnow()
    else:
        _move(actor, claim, to, note=reason)
    flush_claim(claim)
    if to == "awaiting_approval":
        notifications.approval_requested(actor, claim)
    elif to == "in_review" and needs_reason:  # sent back from approval, or reopened: its reviewer hears why
        notifications.sent_back(actor, claim, reason)


def missing_for_approval(claim: Claim) -> dict[str, str]:
    """What a claim lacks before it may ask for approval (SPEC): field -> what to do; empty when ready.

    A verdict other than unverified, a rationale, and at least one evidence item; for `unverifiable`
    the rationale suffices (there may be nothing to attach). Confidence too, as the desk always asked.
    """
    missing: dict[str, str] = {}
    if claim.verdict == "unverified":
        missing["verdict"] = _l("Set a verdict other than unverified.")
    if not (claim.rationale or "").strip():
        missing["rationale"] = _l("Write the rationale for the verdict.")
    if claim.verdict != "unverifiable" and not claim.evidence:
        missing["evidence"] = _l("Attach at least one source as evidence.")
    if not claim.confidence:
        missing["confidence"] = _l("Set a confidence.")
    return missing


def assign(actor: User, claim: Claim, assignee: User | None, version: int | None = None) -> None:
    require(actor, "edit_claims")
    ensure_writable(claim.article)
    if version is not None:
        ensure_version(claim, version)
    new_id = assignee.id if assignee else None
    if claim.assignee_id != new_id:
        audit.record(actor, "updated", claim, field="assignee_id", before=claim.assignee_id, after=new_id)
        claim.assignee_id = new_id
        flush_claim(claim)
        notifications.claim_assigned(actor, claim, new_id)


# How much a source's grade and an item's credibility count (Admiralty scale; F and 6 "cannot be judged").
RELIABILITY_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.35, "E": 0.1, "F": 0.3}
CREDIBILITY_WEIGHT = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.35, 5: 0.1, 6: 0.3}


@dataclass(frozen=True)
class Suggested:
    verdict: str
    confidence: str | None
    reason: str
    supports: float
    contradicts: float


def suggested_verdict(claim: Claim) -> Suggested:
    """A verdict and confidence computed from the evidence, with a one-line reason; never applied by itself.

    Each stance is weighted by source grade x information credibility; several items from one
    publisher count once (its strongest), so a story syndicated ten times is one voice.
    """
    table = figures.figures_table(claim)
    # A figure the desk can compare speaks for itself: a source whose number differs from the article's
    # contradicts that number, whatever stance was ticked; one whose number agrees supports it.
    read_as = {row.evidence.id: FIGURE_STANCE[row.outcome] for row in table.rows if row.outcome in FIGURE_STANCE}
    best: dict[tuple[str, str], float] = {}
    for item in claim.evidence:
        stance = read_as.get(item.id, item.stance)
        if stance == "context":
            continue
        voice = (item.source.publisher or item.source.host).strip().lower()
        weight = RELIABILITY_WEIGHT[item.source.reliability] * CREDIBILITY_WEIGHT.get(item.credibility, 0.3)
        key = (stance, voice)
        best[key] = max(best.get(key, 0.0), weight)
    sup = sum(w for (stance, _), w in best.items() if stance == "supports")
    con = sum(w for (stance, _), w in best.items() if stance == "contradicts")
    n_sup = sum(1 for (stance, _) in best if stance == "supports")
    n_con = sum(1 for (stance, _) in best if stance == "contradicts")
    figures_note = _figures_note(table)
    if sup == 0 and con == 0:
        return Suggested("unverified", None, _l("No supporting or contradicting evidence yet."), 0.0, 0.0)
    total = sup + con
    balance = (sup - con) / total
    strength = max(sup, con)
    confidence = "high" if strength >= 1.5 else "medium" if strength >= 0.7 else "low"
    if balance >= 0.8:
        verdict = "confirmed" if sup >= 1.5 and n_sup >= 2 else "likely_true"
    elif balance >= 0.3:
        verdict = "likely_true"
    elif balance > -0.3:
        verdict, confidence = "mixed", "low" if strength < 0.7 else "medium"
    elif balance > -0.8:
        verdict = "likely_false"
    else:
        verdict = "false" if con >= 1.5 and n_con >= 2 else "likely_false"
    reason = _l("%(support)s, %(contradict)s (weighted %(weight_for)s for, %(weight_against)s against).",
                support=_nl("%(num)d independent publisher supports", "%(num)d independent publishers support", n_sup),
                contradict=_nl("%(num)d contradicts", "%(num)d contradict", n_con),
                weight_for=LazyNumber(sup, "0.00"), weight_against=LazyNumber(con, "0.00"))
    if figures_note is not None:
        reason = _l("%(reason)s %(figures)s", reason=reason, figures=figures_note)
    return Suggested(verdict, confidence, reason, sup, con)


FIGURE_STANCE = {"agrees": "supports", "differs": "contradicts"}


def _figures_note(table: figures.FiguresTable):
    """"Figures: 1 source agrees with the article's, 2 differ." when any figure was compared."""
    if not table.agree and not table.differ:
        return None
    return _l("Figures: %(agree)s, %(differ)s.",
              agree=_nl("%(num)d source agrees with the article's", "%(num)d sources agree with the article's",
                        table.agree),
              differ=_nl("%(num)d differs", "%(num)d differ", table.differ))
