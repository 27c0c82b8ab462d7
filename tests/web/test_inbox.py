"""The inbox page, the unread count in every page's header, the account's e-mail choices, and landing per role."""

import re

from app.extensions import db
from app.models import Notification
from app.services import claims as claim_service
from app.services import notifications, review
from tests.conftest import login
from tests.services.test_notifications import ready


def badge(html: str) -> str | None:
    found = re.search(r'class="inbox-link"[^>]*>[^<]*(?:<span class="count"[^>]*>([^<]+)</span>)?', html)
    assert found, "the header has no link to the inbox"
    return found.group(1)


def test_the_header_counts_unread_and_the_inbox_marks_them_read(client, make_claim, make_user):
    editor, reviewer = make_user("editor"), make_user("reviewer")
    claims = [make_claim(quote=q) for q in ("The base holds about 1,000 soldiers", "The evacuation will take a month")]
    for claim in claims:
        ready(claim, reviewer)
    login(client, editor)
    assert badge(client.get("/articles/").get_data(as_text=True)) == "2"
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.count("Approval of claim") == 2 and f"/claims/{claims[0].id}" in page
    first = db.session.query(Notification).filter_by(claim_id=claims[0].id).one()
    response = client.post("/inbox/read", data={"n": str(first.id), "next": "/inbox/"})
    assert response.status_code == 302
    assert badge(client.get("/inbox/").get_data(as_text=True)) == "1"
    assert "Approval of claim" in client.get("/inbox/?unread=1").get_data(as_text=True)
    client.post("/inbox/read", data={"all": "1"})
    html = client.get("/inbox/?unread=1").get_data(as_text=True)
    assert badge(html) is None and "No unread notifications." in html


def test_nobody_marks_anothers_notifications(client, make_claim, make_user):
    editor, other = make_user("editor"), make_user("editor")
    ready(make_claim(), make_user("reviewer"))
    theirs = db.session.query(Notification).filter_by(recipient_id=editor.id).one()
    login(client, other)
    client.post("/inbox/read", data={"n": str(theirs.id)})
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_the_inbox_in_arabic_says_who_sent_back_and_why(client, make_claim, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor", name="عمر")
    reviewer.locale, reviewer.digits = "ar", "arabic"
    claim = make_claim()
    ready(claim, reviewer)
    review.transition(editor, claim, {"to": "in_review", "reason": "المصدر الثاني ينقل عن الأول."})
    db.session.commit()
    login(client, reviewer)
    html = client.get("/inbox/").get_data(as_text=True)
    assert "أُعيد الادعاء" in html and "عمر" in html and "السبب: المصدر الثاني ينقل عن الأول." in html
    assert "#" + str(claim.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in html
    assert badge(html) == "١"


def test_the_account_page_keeps_the_mail_choices_and_the_public_name(client, login_as):
    user = login_as("editor")
    html = client.get("/account/settings").get_data(as_text=True)
    checked = set(re.findall(r'<input checked[^>]*value="([a-z_]+)"', html))
    assert checked == {"approval_requested", "assigned"} and 'value="sent_back"' in html
    response = client.post("/account/settings", data={"language": "en", "timezone": "UTC", "digits": "western",
                                                       "mail_kinds": ["sent_back", "recheck_due"], "public_name": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert notifications.mail_kinds(user) == {"sent_back", "recheck_due"} and user.public_name


def test_an_editor_lands_on_what_awaits_their_approval(client, make_claim, make_user):
    editor, reviewer = make_user("editor"), make_user("reviewer")
    mine = make_claim(quote="The base holds about 1,000 soldiers")
    ready(mine, editor)  # their own verdict: four eyes, not theirs to approve
    theirs = make_claim(quote="The evacuation will take a month")
    ready(theirs, reviewer)
    response = login(client, editor)
    landing = client.get(response.headers["Location"])
    assert landing.status_code == 302 and "state=awaiting_approval" in landing.headers["Location"]
    html = client.get(landing.headers["Location"]).get_data(as_text=True)
    assert "Awaiting my approval" in html and f'/claims/{theirs.id}"' in html and f'/claims/{mine.id}"' not in html


def test_a_reviewer_lands_on_their_queue_or_else_on_claims_nobody_took(client, make_claim, make_user):
    reviewer = make_user("reviewer")
    claim = make_claim()
    login(client, reviewer)
    target = client.get("/").headers["Location"]
    assert "assignee=none" in target
    html = client.get(target).get_data(as_text=True)
    assert "No claim is assigned to you" in html and f'/claims/{claim.id}"' in html
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "assignee_id": reviewer.id})
    db.session.commit()
    assert "assignee=me" in client.get("/").headers["Location"]
