"""The review states, the four-eyes rule, and the verdict suggested by the evidence."""

import pytest

from app.extensions import db
from app.services import claims as claim_service
from app.services import evidence as evidence_service
from app.services import review
from app.services.errors import PermissionDenied, ValidationError


def ready_for_approval(claim, reviewer):
    evidence_service.add_evidence(reviewer, claim, {"url": "https://wire.example/ready", "stance": "supports"})
    review.transition(reviewer, claim, {"to": "in_review"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "likely_true",
                                                 "confidence": "medium", "rationale": "Two wires agree."})
    review.transition(reviewer, claim, {"to": "awaiting_approval"})
    db.session.commit()


def test_the_full_path_to_approval_needs_a_second_person(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim()
    ready_for_approval(claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    assert claim.state == "approved"
    assert claim.approved_by_id == editor.id


def test_an_editor_cannot_approve_their_own_verdict(make_claim, make_user):
    editor = make_user("editor")
    claim = make_claim()
    ready_for_approval(claim, editor)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        review.transition(editor, claim, {"to": "approved"})
    assert claim.state == "awaiting_approval"


def test_a_reviewer_cannot_approve(make_claim, make_user):
    claim = make_claim()
    ready_for_approval(claim, make_user("editor"))
    with pytest.raises(PermissionDenied):
        review.transition(make_user("reviewer"), claim, {"to": "approved"})


def test_approval_needs_a_verdict_and_a_confidence(make_claim, make_user):
    reviewer = make_user()
    claim = make_claim()
    review.transition(reviewer, claim, {"to": "in_review"})
    with pytest.raises(ValidationError) as info:
        review.transition(reviewer, claim, {"to": "awaiting_approval"})
    assert set(info.value.fields) == {"verdict", "rationale", "evidence", "confidence"}


def test_changing_an_approved_verdict_sends_it_back_to_review(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim()
    ready_for_approval(claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "false"})
    assert claim.state == "in_review"
    assert claim.approved_by_id is None
    assert claim.verdict_set_by_id == reviewer.id


def test_reopening_needs_a_reason_and_an_editor(make_claim, make_user):
    reviewer, editor, editor2 = make_user("reviewer"), make_user("editor"), make_user("editor")
    claim = make_claim()
    ready_for_approval(claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    with pytest.raises(ValidationError) as info:
        review.transition(editor2, claim, {"to": "in_review"})
    assert "reason" in info.value.fields
    with pytest.raises(PermissionDenied):
        review.transition(reviewer, claim, {"to": "in_review", "reason": "new figures"})
    review.transition(editor2, claim, {"to": "in_review", "reason": "Pentagon published new figures"})
    assert claim.state == "in_review"


@pytest.mark.parametrize("to", ["approved", "awaiting_approval", "open", "nonsense", None])
def test_impossible_moves_from_open_are_refused(make_claim, make_user, to):
    claim = make_claim()
    if to == "open":
        with pytest.raises(ValidationError, match="cannot go from “Open” to “Open”"):
            review.transition(make_user("editor"), claim, {"to": to})
    else:
        with pytest.raises(ValidationError):
            review.transition(make_user("editor"), claim, {"to": to})
    assert claim.state == "open"


def add(claim, url, stance, reliability="B", credibility=2, publisher=None):
    evidence_service.add_evidence(None, claim, {"url": url, "stance": stance, "reliability": reliability,
                                                "credibility": credibility, "publisher": publisher})


def test_the_suggested_verdict_follows_the_evidence(make_claim):
    claim = make_claim()
    assert review.suggested_verdict(claim).verdict == "unverified"
    add(claim, "https://reuters.example/a", "supports", "A", 1, "Reuters")
    add(claim, "https://ap.example/b", "supports", "A", 2, "AP")
    suggested = review.suggested_verdict(claim)
    assert suggested.verdict == "confirmed"
    assert suggested.confidence == "high"
    assert "2 independent publishers support, 0 contradict" in suggested.reason


def test_one_publisher_counts_once_however_many_links(make_claim):
    claim = make_claim()
    for n in range(5):
        add(claim, f"https://syndicated.example/copy-{n}", "supports", "C", 3, "Same Wire")
    add(claim, "https://reuters.example/x", "contradicts", "A", 1, "Reuters")
    suggested = review.suggested_verdict(claim)
    assert suggested.verdict in ("likely_false", "mixed")
    assert "1 independent publisher supports, 1 contradicts" in suggested.reason


def test_context_evidence_does_not_move_the_suggestion(make_claim):
    claim = make_claim()
    add(claim, "https://background.example/", "context", "A", 1)
    assert review.suggested_verdict(claim).verdict == "unverified"
