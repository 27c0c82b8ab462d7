"""What a second person approves cannot change under them: edits after submission send a claim back."""

import pytest

from app.extensions import db
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import evidence, review
from app.services.errors import PermissionDenied, ValidationError


def submitted(make_claim, setter):
    claim = make_claim()
    evidence.add_evidence(setter, claim, {"url": "https://wire.example/first", "stance": "contradicts"})
    review.transition(setter, claim, {"to": "in_review"})
    claim_service.update_claim(setter, claim, {"version": claim.version, "verdict": "false", "confidence": "low",
                                               "rationale": "The wire counts fewer."})
    review.transition(setter, claim, {"to": "awaiting_approval"})
    db.session.commit()
    return claim


def test_a_confidence_change_keeps_the_claim_where_it_is_and_keeps_the_setter(make_claim, make_user):
    editor, reviewer, other_editor = make_user("editor"), make_user("reviewer"), make_user("editor")
    claim = submitted(make_claim, editor)
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "confidence": "medium"})
    assert claim.state == "awaiting_approval"
    assert claim.verdict_set_by_id == editor.id  # confidence alone does not make a new verdict setter
    with pytest.raises(PermissionDenied, match="Four eyes"):
        review.transition(editor, claim, {"to": "approved"})
    review.transition(other_editor, claim, {"to": "approved"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "confidence": "high"})
    assert claim.state == "approved" and claim.approved_by_id == other_editor.id  # SPEC: only a verdict revokes


@pytest.mark.parametrize("change", [{"statement": "The base holds no soldiers"}, {"rationale": "new"},
                                    {"kind": "event"}, {"attributed_to": "someone"},
                                    {"quote": "The evacuation will take a month"}])
def test_any_substantive_edit_of_an_approved_claim_reopens_it(make_claim, make_user, change):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = submitted(make_claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, **change})
    assert claim.state == "in_review" and claim.approved_by_id is None


def test_assigning_or_scheduling_a_recheck_does_not_reopen(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = submitted(make_claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "assignee_id": reviewer.id,
                                                 "recheck_on": "2026-12-25"})
    assert claim.state == "approved"


def test_new_evidence_on_an_approved_claim_reopens_it(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = submitted(make_claim, reviewer)
    review.transition(editor, claim, {"to": "approved"})
    version = claim.version
    evidence.add_evidence(reviewer, claim, {"url": "https://wire.example/new", "stance": "contradicts",
                                            "reliability": "A"})
    assert claim.state == "in_review" and claim.version == version + 1


def test_an_archived_articles_claims_are_frozen(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim()
    article_service.set_archived(editor, claim.article, True)
    db.session.commit()
    for attempt in (
        lambda: claim_service.update_claim(reviewer, claim, {"version": claim.version, "statement": "x"}),
        lambda: evidence.add_evidence(reviewer, claim, {"url": "https://a.example", "stance": "supports"}),
        lambda: review.transition(reviewer, claim, {"to": "in_review"}),
    ):
        with pytest.raises(ValidationError, match="archived"):
            attempt()


def test_unknown_or_read_only_fields_are_refused(make_claim, make_user):
    claim = make_claim()
    with pytest.raises(ValidationError) as info:
        claim_service.update_claim(make_user(), claim, {"version": 1, "state": "approved", "verdict_set_by_id": 1})
    assert set(info.value.fields) == {"state", "verdict_set_by_id"}
    assert claim.state == "open"


def test_one_edit_moves_the_version_by_one(make_claim, make_user):
    claim = make_claim(quote="The base holds about 1,000 soldiers")
    claim_service.update_claim(make_user(), claim, {"version": 1, "quote": "about 1,000 soldiers", "statement": "s"})
    db.session.commit()
    assert claim.version == 2


def test_a_source_regraded_from_a_claim_shows_in_that_claims_history(make_claim, make_user):
    from app.services import audit

    user = make_user()
    claim = make_claim()
    evidence.add_evidence(user, claim, {"url": "https://wire.example/a", "stance": "supports", "reliability": "C"})
    other = make_claim(claim.article, "The evacuation will take a month")
    evidence.add_evidence(user, other, {"url": "https://wire.example/a", "stance": "supports", "reliability": "A",
                                        "title": "Wire story"})
    db.session.commit()
    fields = {(e.object_type, e.field) for e in audit.claim_history(other.id)}
    assert ("source", "reliability") in fields and ("source", "title") in fields
