"""Every change writes an event in the same transaction; a claim's history can be rebuilt from it."""

from app.extensions import db
from app.models import Event
from app.services import audit, comments, evidence, review
from app.services import claims as claim_service


def test_a_claims_whole_life_is_in_its_history(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim(actor=reviewer)
    evidence.add_evidence(reviewer, claim, {"url": "https://wire.example/1", "stance": "supports", "reliability": "A"})
    comments.add_comment(reviewer, claim, {"body": "Checked the wire copy."})
    review.transition(reviewer, claim, {"to": "in_review"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "confirmed",
                                                 "confidence": "high", "statement": "About 1,000 soldiers.",
                                                 "rationale": "The wire copy says so."})
    review.transition(reviewer, claim, {"to": "awaiting_approval"})
    review.transition(editor, claim, {"to": "approved"})
    db.session.commit()

    history = [(e.object_type, e.action, e.field, e.actor_id) for e in audit.claim_history(claim.id)]
    assert history[0] == ("claim", "created", None, reviewer.id)
    assert ("evidence", "created", None, reviewer.id) in history
    assert ("comment", "created", None, reviewer.id) in history
    assert ("claim", "updated", "verdict", reviewer.id) in history
    assert ("claim", "updated", "statement", reviewer.id) in history
    states = [(e.before, e.after) for e in audit.claim_history(claim.id) if e.field == "state"]
    assert states == [("open", "in_review"), ("in_review", "awaiting_approval"), ("awaiting_approval", "approved")]
    assert history[-1] == ("claim", "transition", "state", editor.id)


def test_the_current_claim_can_be_rebuilt_from_its_events(make_claim, make_user):
    user = make_user()
    claim = make_claim(actor=user)
    for n in range(3):
        claim_service.update_claim(user, claim, {"version": claim.version, "statement": f"version {n}",
                                                 "rationale": f"why {n}"})
    db.session.commit()
    rebuilt: dict = {}
    for event in audit.claim_history(claim.id):
        if event.action == "created" and event.object_type == "claim":
            rebuilt.update(event.after)
        elif event.object_type == "claim" and event.field:
            rebuilt[event.field] = event.after
    assert rebuilt["statement"] == claim.statement == "version 2"
    assert rebuilt["rationale"] == "why 2"


def test_a_failed_change_leaves_no_event(make_claim, make_user):
    claim, user = make_claim(), make_user()
    before = db.session.query(Event).count()
    try:
        claim_service.update_claim(user, claim, {"version": 1, "kind": "rumour"})
    except Exception:  # noqa: BLE001 - the domain error is expected
        db.session.rollback()
    assert db.session.query(Event).count() == before
