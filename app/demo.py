"""Load the demo desk through the same services a person uses, so its history is real."""

from __future__ import annotations

from app.demo_content import ARTICLES, USERS
from app.extensions import db
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import evidence as evidence_service
from app.services import review, users

STAGES = ("open", "in_review", "awaiting_approval", "approved")


def load_demo() -> dict[str, tuple[str, str]]:
    """Create what is missing of the demo desk; returns {email: (role, password)} of users created now."""
    created: dict[str, tuple[str, str]] = {}
    people = {}
    for spec in USERS:
        user = users.find_user(spec["email"])
        if user is None:
            user, password = users.create_user(None, spec["email"], spec["role"], name=spec.get("name", ""))
            created[user.email] = (user.role, password)
        people[spec["email"]] = user
    reviewer = next(people[s["email"]] for s in USERS if s["role"] == "reviewer")
    # The approver is an editor who did not set the verdicts (four eyes).
    approver = [people[s["email"]] for s in USERS if s["role"] == "editor"][-1]

    for spec in ARTICLES:
        if article_service.find_by_url(spec["url"]) is not None:
            continue
        data = {k: spec[k] for k in ("title", "body", "language", "url", "publisher", "published_at")}
        article = article_service.create_article(reviewer, data, origin="manual").article
        for item in spec["claims"]:
            claim = claim_service.create_claim(
                reviewer, article,
                {"quote": item["quote"], "statement": item["statement"], "kind": item["kind"],
                 "attributed_to": item.get("attributed_to"), "recheck_on": item.get("recheck_on")},
            )
            for ev in item.get("evidence", []):
                evidence_service.add_evidence(reviewer, claim, ev)
            stage = STAGES.index(item.get("stage", "open"))
            if stage >= 1:
                review.transition(reviewer, claim, {"to": "in_review"})
                if item.get("verdict", "unverified") != "unverified":
                    claim_service.update_claim(reviewer, claim, {
                        "version": claim.version, "verdict": item["verdict"],
                        "confidence": item.get("confidence"), "rationale": item.get("rationale", "")})
            if stage >= 2:
                review.transition(reviewer, claim, {"to": "awaiting_approval"})
            if stage >= 3:
                review.transition(approver, claim, {"to": "approved"})
        db.session.flush()
    return created
