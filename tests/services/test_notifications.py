"""Notifications made where the work happens, read and marked in the inbox, and each person's e-mail choice."""

import datetime as dt

import pytest

from app.extensions import db
from app.fetch import FetchError
from app.models import Notification, Source
from app.services import claims as claim_service
from app.services import evidence as evidence_service
from app.services import notifications, review
from app.services.captures import mark_unreachable


def kinds_of(user):
    return [(n.kind, n.claim_id) for n in db.session.query(Notification).filter_by(recipient_id=user.id)
            .order_by(Notification.id)]


def ready(claim, reviewer):
    evidence_service.add_evidence(reviewer, claim, {"url": "https://wire.example/n", "stance": "supports"})
    review.transition(reviewer, claim, {"to": "in_review"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "likely_true",
                                                 "confidence": "medium", "rationale": "Two wires agree."})
    review.transition(reviewer, claim, {"to": "awaiting_approval"})
    db.session.commit()


def test_asking_for_approval_tells_every_editor_but_not_the_asker_nor_reviewers(make_claim, make_user):
    reviewer, other_reviewer = make_user("reviewer"), make_user("reviewer")
    editor, admin = make_user("editor"), make_user("admin")
    claim = make_claim()
    ready(claim, reviewer)
    assert kinds_of(editor) == [("approval_requested", claim.id)]
    assert kinds_of(admin) == [("approval_requested", claim.id)]
    assert kinds_of(reviewer) == [] and kinds_of(other_reviewer) == []


def test_an_editor_asking_is_not_told_of_their_own_request(make_claim, make_user):
    editor, other = make_user("editor"), make_user("editor")
    claim = make_claim()
    ready(claim, editor)
    assert kinds_of(editor) == [] and kinds_of(other) == [("approval_requested", claim.id)]


def test_sending_back_tells_the_reviewer_why(make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim()
    ready(claim, reviewer)
    review.transition(editor, claim, {"to": "in_review", "reason": "The second source copies the first."})
    db.session.commit()
    (item,) = db.session.query(Notification).filter_by(recipient_id=reviewer.id).all()
    assert item.kind == "sent_back" and item.note == "The second source copies the first."
    assert item.actor_id == editor.id and item.claim_id == claim.id


def test_assigning_tells_the_assignee_but_assigning_oneself_tells_nobody(make_claim, make_user):
    lead, reviewer = make_user("editor"), make_user("reviewer")
    claim = make_claim()
    review.assign(lead, claim, reviewer)
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "assignee_id": reviewer.id})
    db.session.commit()
    assert kinds_of(reviewer) == [("assigned", claim.id)]
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "assignee_id": lead.id})
    db.session.commit()
    assert kinds_of(lead) == [("assigned", claim.id)]


def test_a_due_recheck_is_told_once_per_date(make_claim, make_user):
    reviewer = make_user("reviewer")
    claim = make_claim(actor=reviewer)
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "recheck_on": "2026-01-10"})
    db.session.commit()
    assert notifications.recheck_due(dt.date(2026, 1, 9)) == 0
    assert notifications.recheck_due(dt.date(2026, 1, 10)) == 1
    assert notifications.recheck_due(dt.date(2026, 1, 11)) == 0  # told already for this date
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "recheck_on": "2026-02-01"})
    assert notifications.recheck_due(dt.date(2026, 2, 1)) == 1  # a new date is due again
    assert [k for k, _ in kinds_of(reviewer)] == ["recheck_due", "recheck_due"]


def test_a_source_found_gone_tells_who_relies_on_it_once(make_claim, make_user):
    reviewer = make_user("reviewer")
    claim = make_claim(actor=reviewer)
    evidence_service.add_evidence(reviewer, claim, {"url": "https://gone.example/story", "stance": "supports"})
    db.session.commit()
    source = db.session.query(Source).one()
    error = FetchError("fetch_failed", "The page answered HTTP 404.", gone=True)
    mark_unreachable(source, error)
    mark_unreachable(source, error)  # still gone at the next re-check: nothing new to say
    db.session.commit()
    assert kinds_of(reviewer) == [("source_gone", claim.id)]


def test_inbox_counts_pages_and_marks_only_the_readers_own(make_claim, make_user):
    editor, other = make_user("editor"), make_user("editor")
    reviewer = make_user("reviewer")
    claims = [make_claim(quote=q) for q in ("The base holds about 1,000 soldiers", "The evacuation will take a month")]
    for claim in claims:
        ready(claim, reviewer)
    assert notifications.unread_count(editor.id) == 2
    items, total = notifications.inbox(editor, page=1, per_page=1)
    assert total == 2 and [n.claim_id for n in items] == [claims[1].id]  # newest first
    assert notifications.mark_read(editor, [n.id for n in notifications.inbox(other)[0]]) == 0  # not theirs
    assert notifications.mark_read(editor, [items[0].id]) == 1
    assert notifications.unread_count(editor.id) == 1 and notifications.unread_count(other.id) == 2
    assert notifications.inbox(editor, unread_only=True)[1] == 1
    assert notifications.mark_read(editor) == 1 and notifications.unread_count(editor.id) == 0


def test_mail_choices_default_to_approvals_and_assignments(make_user):
    user = make_user("editor")
    assert notifications.mail_kinds(user) == {"approval_requested", "assigned"}
    notifications.set_preferences(user, {"mail_kinds": ["sent_back"], "public_name": True})
    assert notifications.mail_kinds(user) == {"sent_back"} and user.public_name is True
    notifications.set_preferences(user, {"mail_kinds": []})
    assert notifications.mail_kinds(user) == set()
    with pytest.raises(Exception, match="not valid"):
        notifications.set_preferences(user, {"mail_kinds": ["everything"]})


def test_the_periodic_recheck_job_tells_of_claims_due(make_claim, make_user):
    from app import jobs

    reviewer = make_user("reviewer")
    claim = make_claim(actor=reviewer)
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "recheck_on": "2026-01-10"})
    db.session.commit()
    job = jobs.enqueue("sources.recheck", {"older_than_days": 7}, in_caller=True)
    assert job.state == "finished" and job.result["recheck_due_told"] == 1
    assert kinds_of(reviewer) == [("recheck_due", claim.id)]
