"""The frictions found on the way: merge only neighbours, merge and split keep kind and attribution, overlaps
said, bulk assign without a silent default, confirmations, why approval is blocked, labelled controls."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Claim
from app.services import claims as claim_service
from app.services import suggestions
from app.services.errors import ValidationError
from app.suggest import suggest

BODY = ("Officials said about 1,000 troops remain in Syria, and the withdrawal will take two months. "
        "A convoy of more than 20 trucks crossed from Iraq on Saturday.")


def spans_of(article):
    return [(s.start, s.end) for s in suggest(article.body, article.language)]


def test_merging_neighbours_keeps_the_first_ones_kind_and_attribution(make_article, make_user):
    article = make_article(body=BODY, language="en")
    first, second, _third = spans_of(article)
    claim = suggestions.merge(make_user(), article, [second, first])
    db.session.commit()
    assert (claim.start, claim.end) == (first[0], second[1])
    assert claim.kind == "quantity" and claim.attributed_to == "Officials" and claim.origin == "suggested"


@pytest.mark.parametrize("pick, reason", [((0, 2), "another suggestion lies between them"),
                                          ((1, 2), "different sentences")])
def test_merging_suggestions_that_are_not_neighbours_says_why_and_makes_nothing(make_article, make_user, pick, reason):
    article = make_article(body=BODY, language="en")
    spans = spans_of(article)
    with pytest.raises(ValidationError) as caught:
        suggestions.merge(make_user(), article, [spans[i] for i in pick])
    assert reason in str(caught.value.message)
    db.session.rollback()
    assert db.session.query(Claim).count() == 0


def test_a_claim_between_two_suggestions_blocks_the_merge(make_article, make_user):
    body = "About 1,000 troops remain in Syria, officials said on Monday in a statement, and the withdrawal will take two months."
    article = make_article(body=body, language="en")
    spans = spans_of(article)
    assert len(spans) == 2 and body[spans[0][1]:spans[1][0]] == ", officials said on Monday in a statement, "
    reviewer = make_user()
    blocking = claim_service.create_claim(reviewer, article, {"quote": "officials said on Monday"})
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        suggestions.merge(reviewer, article, spans)
    assert f"claim #{blocking.id} lies between them" in str(caught.value.message)
    db.session.delete(blocking)
    db.session.commit()
    merged = suggestions.merge(reviewer, article, spans)  # same sentence, nothing between: neighbours
    assert merged.quote == body[:spans[1][1]]


def test_split_keeps_kind_and_attribution_on_both_parts(make_article, make_user):
    article = make_article(body=BODY, language="en")
    first = spans_of(article)[0]
    at = BODY.index("remain")
    parts = suggestions.split(make_user(), article, first, at)
    db.session.commit()
    assert len(parts) == 2
    assert [(p.kind, p.attributed_to) for p in parts] == [("quantity", "Officials")] * 2
    assert parts[0].quote == "about 1,000 troops" and parts[1].quote == "remain in Syria"


def test_a_suggestion_overlapping_a_claim_says_so(client, login_as, make_article):
    user = login_as("reviewer")
    article = make_article(body=BODY, language="en")
    claim = claim_service.create_claim(user, article, {"quote": "1,000 troops"})
    db.session.commit()
    assert suggestions.overlapping_claims(article, suggestions.pending(article))[spans_of(article)[0]] == [claim]
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    # the claim's id and its place in the article, as the article's claim list numbers it
    assert f"Overlaps claim #{claim.id} (1 of 1):" in re.sub(r"<[^>]+>", "", html)


def test_merge_refusal_reaches_the_person_on_the_article_page(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=BODY, language="en")
    spans = spans_of(article)
    response = client.post(f"/articles/{article.id}/suggestions", follow_redirects=True,
                           data={"s": [f"{a}:{b}" for a, b in (spans[1], spans[2])], "action": "merge"})
    assert "These suggestions are not neighbours: they are in different sentences." in response.get_data(as_text=True)
    assert db.session.query(Claim).count() == 0


def test_bulk_assign_has_no_silent_nobody_and_has_select_all(client, login_as, make_claim, make_user):
    me = login_as("reviewer")
    other = make_user("reviewer", name="Rana")
    claim = make_claim(actor=me)
    claim_service.update_claim(me, claim, {"version": claim.version, "assignee_id": other.id})
    db.session.commit()
    html = client.get("/queue/").get_data(as_text=True)
    assert 'data-select-all="claim"' in html
    assert re.search(r'<label for="bulk-assignee">[^<]+</label>', html)
    assert '<option value="" selected disabled>' in html
    version = str(db.session.get(Claim, claim.id).version)
    untouched = client.post("/queue/bulk", data={"action": "assign", "claim": str(claim.id), f"v{claim.id}": version},
                            follow_redirects=True)
    assert "Choose whom to assign the ticked claims to" in untouched.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).assignee_id == other.id
    client.post("/queue/bulk", data={"action": "assign", "assignee_id": "none", "claim": str(claim.id),
                                     f"v{claim.id}": version})
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).assignee_id is None


def test_destructive_buttons_ask_first_and_every_control_is_labelled(client, login_as, make_claim):
    login_as("editor")
    claim = make_claim()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert re.search(r'action="/claims/\d+/delete" class="danger"\s+data-confirm="Delete this claim\?', html)
    assert '<label for="assignee_id">' in html  # the assignee select had no label
    assert 'class="skip" href="#content"' in html and '<main id="content"' in html
    assert "<script" not in re.sub(r'<script src="/static/[a-z]+\.js" defer></script>', "", html)  # no inline JS


def test_the_reason_an_editor_cannot_approve_is_shown(client, login_as, make_claim):
    editor = login_as("editor")
    claim = make_claim()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="approval-missing"' in html and "Set a verdict other than unverified." in html
    claim_service.update_claim(editor, claim, {"version": claim.version, "verdict": "false", "confidence": "high"})
    claim.state = "awaiting_approval"
    db.session.commit()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "You set this verdict, so another editor must approve it (four eyes)." in html
    assert 'value="approved"' not in html


def test_after_making_a_claim_the_page_lands_on_it(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=BODY, language="en")
    response = client.post(f"/articles/{article.id}/claims", data={"quote": "about 1,000 troops", "kind": "quantity"})
    claim = db.session.query(Claim).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#claim-{claim.id}")
    assert f'<li id="claim-{claim.id}">' in client.get(f"/articles/{article.id}").get_data(as_text=True)
