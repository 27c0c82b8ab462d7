"""Review gates: what asking for approval needs, what revokes an approval (and says so), no side doors."""

import pytest

from app.extensions import db
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import comments, evidence, review, similar, suggestions
from app.services.errors import ValidationError
from tests.conftest import login

ARCHIVED = "The article is archived; an editor must restore it before anything changes."


def in_review(make_claim, actor, **fields):
    claim = make_claim()
    review.transition(actor, claim, {"to": "in_review"})
    if fields:
        claim_service.update_claim(actor, claim, {"version": claim.version, **fields})
    db.session.commit()
    return claim


def approved(make_claim, setter, approver):
    claim = make_claim()
    evidence.add_evidence(setter, claim, {"url": "https://wire.example/base", "stance": "contradicts"})
    review.transition(setter, claim, {"to": "in_review"})
    claim_service.update_claim(setter, claim, {"version": claim.version, "verdict": "false", "confidence": "high",
                                               "rationale": "The wire counts 900."})
    review.transition(setter, claim, {"to": "awaiting_approval"})
    review.transition(approver, claim, {"to": "approved"})
    db.session.commit()
    return claim


@pytest.mark.parametrize("fields, missing", [
    ({}, {"verdict", "rationale", "evidence", "confidence"}),
    ({"verdict": "false", "confidence": "low"}, {"rationale", "evidence"}),
    ({"verdict": "false", "confidence": "low", "rationale": "Wire says 900."}, {"evidence"}),
    ({"verdict": "unverifiable", "confidence": "low"}, {"rationale"}),
])
def test_asking_for_approval_names_what_is_missing(make_claim, make_user, fields, missing):
    reviewer = make_user()
    claim = in_review(make_claim, reviewer, **fields)
    with pytest.raises(ValidationError) as refused:
        review.transition(reviewer, claim, {"to": "awaiting_approval"})
    assert set(refused.value.fields) == missing
    assert refused.value.message.startswith("The claim is not ready for approval:")
    assert claim.state == "in_review"


def test_an_unverifiable_claim_needs_only_its_rationale(make_claim, make_user):
    reviewer = make_user()
    claim = in_review(make_claim, reviewer, verdict="unverifiable", confidence="low",
                      rationale="Nobody outside the base can count.")
    review.transition(reviewer, claim, {"to": "awaiting_approval"})
    assert claim.state == "awaiting_approval"


def test_the_api_refuses_with_422_and_the_fields(api, make_claim, make_user):
    reviewer = api("reviewer")
    claim = in_review(make_claim, reviewer.user, verdict="mixed", confidence="low")
    response = reviewer.post(f"/api/v1/claims/{claim.id}/transitions", json={"to": "awaiting_approval"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"rationale", "evidence"}
    assert "Attach at least one source" in response.json["error"]["message"]


def test_the_claim_page_lists_what_is_missing_and_refuses_with_it(client, make_claim, make_user):
    reviewer = make_user()
    claim = in_review(make_claim, reviewer, verdict="mixed", confidence="low")
    login(client, reviewer)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Before asking for approval:" in page and "Write the rationale for the verdict." in page
    answer = client.post(f"/claims/{claim.id}/transition", data={"to": "awaiting_approval", "version": claim.version},
                         follow_redirects=True).get_data(as_text=True)
    assert "The claim is not ready for approval" in answer and "Attach at least one source as evidence." in answer
    db.session.expire_all()
    assert claim.state == "in_review"


def test_a_confidence_only_edit_keeps_the_approval(api, make_claim, make_user):
    claim = approved(make_claim, make_user(), make_user("editor"))
    reviewer = api("reviewer")
    answer = reviewer.patch(f"/api/v1/claims/{claim.id}", json={"version": claim.version, "confidence": "low"})
    assert answer.status_code == 200
    assert answer.json["state"] == "approved" and answer.json["approval_revoked"] is False


def test_a_verdict_change_revokes_the_approval_and_the_api_says_so(api, make_claim, make_user):
    claim = approved(make_claim, make_user(), make_user("editor"))
    answer = api("reviewer").patch(f"/api/v1/claims/{claim.id}", json={"version": claim.version, "verdict": "mixed"})
    assert answer.status_code == 200
    assert answer.json["state"] == "in_review" and answer.json["approval_revoked"] is True


def test_new_evidence_revokes_and_the_api_says_so(api, make_claim, make_user):
    claim = approved(make_claim, make_user(), make_user("editor"))
    answer = api("reviewer").post(f"/api/v1/claims/{claim.id}/evidence",
                                  json={"url": "https://other.example/x", "stance": "supports"})
    assert answer.status_code == 201 and answer.json["approval_revoked"] is True
    assert answer.json["claim_state"] == "in_review"


def test_the_page_warns_before_and_says_so_after(client, make_claim, make_user):
    setter = make_user()
    claim = approved(make_claim, setter, make_user("editor"))
    login(client, make_user())
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "This claim is approved." in page and "revokes the approval" in page
    saved = client.post(f"/claims/{claim.id}/edit", data={
        "version": claim.version, "statement": claim.statement, "kind": claim.kind, "verdict": "mixed",
        "confidence": "high", "rationale": claim.rationale, "attributed_to": "", "recheck_on": ""},
        follow_redirects=True).get_data(as_text=True)
    assert "The approval was revoked: the claim is back in review" in saved
    db.session.expire_all()
    assert claim.state == "in_review"


def test_copying_evidence_from_a_similar_claim_revokes_like_adding_it(make_article, make_claim, make_user):
    reviewer, editor = make_user(), make_user("editor")
    target = approved(make_claim, reviewer, editor)
    other = make_claim(make_article(body="The base holds about 1,000 soldiers, a wire said.", title="Other"),
                       "The base holds about 1,000 soldiers")
    evidence.add_evidence(reviewer, other, {"url": "https://second.example/y", "stance": "supports"})
    db.session.commit()
    result = similar.copy_from(reviewer, target, {"version": target.version, "from_claim_id": other.id,
                                                  "verdict": False})
    assert result["evidence"] == 1
    assert target.state == "in_review" and target.approved_by_id is None


def test_copying_onto_an_archived_article_is_refused(make_article, make_claim, make_user):
    reviewer, editor = make_user(), make_user("editor")
    target = make_claim()
    other = make_claim(make_article(body="The base holds about 1,000 soldiers, a wire said.", title="Other"),
                       "The base holds about 1,000 soldiers")
    evidence.add_evidence(reviewer, other, {"url": "https://second.example/y", "stance": "supports"})
    article_service.set_archived(editor, target.article, True)
    db.session.commit()
    with pytest.raises(ValidationError, match="archived"):
        similar.copy_from(reviewer, target, {"version": target.version, "from_claim_id": other.id})
    assert target.evidence == []


def test_an_archived_article_is_read_only_everywhere_with_one_message(make_claim, make_user):
    reviewer, editor = make_user(), make_user("editor")
    claim = make_claim()
    item = evidence.add_evidence(reviewer, claim, {"url": "https://wire.example/z", "stance": "supports"})
    article = claim.article
    article_service.set_archived(editor, article, True)
    db.session.commit()
    attempts = {
        "delete claim": lambda: claim_service.delete_claim(reviewer, claim, claim.version),
        "comment": lambda: comments.add_comment(reviewer, claim, {"body": "late"}),
        "edit": lambda: claim_service.update_claim(reviewer, claim, {"version": claim.version, "statement": "x"}),
        "confidence": lambda: claim_service.update_claim(reviewer, claim, {"version": claim.version,
                                                                           "confidence": "low"}),
        "add evidence": lambda: evidence.add_evidence(reviewer, claim, {"url": "https://a.example", "stance": "supports"}),
        "edit evidence": lambda: evidence.update_evidence(reviewer, item, {"note": "x"}),
        "remove evidence": lambda: evidence.remove_evidence(reviewer, item),
        "transition": lambda: review.transition(reviewer, claim, {"to": "in_review"}),
        "assign": lambda: review.assign(reviewer, claim, reviewer),
        "new claim": lambda: claim_service.create_claim(reviewer, article, {"quote": "The evacuation will take a month"}),
        "reject suggestion": lambda: suggestions.reject(reviewer, article, {"start": 0, "end": 8}),
        "accept suggestion": lambda: suggestions.accept(reviewer, article, [{"start": 0, "end": 8}]),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.message == ARCHIVED, name
        db.session.rollback()
    assert claim_service.get_claim(claim.id).evidence[0].id == item.id


def test_deleting_a_claim_of_an_archived_article_over_the_api_is_refused(api, make_claim, make_user):
    claim = make_claim()
    article_service.set_archived(make_user("editor"), claim.article, True)
    db.session.commit()
    reviewer = api("reviewer")
    answer = reviewer.delete(f"/api/v1/claims/{claim.id}?version={claim.version}")
    assert answer.status_code == 422 and answer.json["error"]["message"] == ARCHIVED
    comment = reviewer.post(f"/api/v1/claims/{claim.id}/comments", json={"body": "late"})
    assert comment.status_code == 422 and comment.json["error"]["message"] == ARCHIVED
    assert reviewer.get(f"/api/v1/claims/{claim.id}").status_code == 200
