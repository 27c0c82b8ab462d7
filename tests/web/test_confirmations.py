"""Publishing unapproved claims, withdrawing a report and copying from a similar claim each ask first, without
JavaScript: a confirmation step with a box to tick; nothing changes until it is ticked."""

from app.extensions import db
from app.models import Claim
from app.services import evidence, reports
from tests.conftest import login


def _editor(client, make_user, language="en"):
    editor = make_user("editor")
    login(client, editor)
    if language != "en":
        client.post("/account/settings", data={"language": language, "timezone": "UTC", "digits": "arabic"})
    return editor


def test_publishing_unapproved_claims_asks_then_publishes(client, make_user, make_claim):
    article = make_claim().article
    _editor(client, make_user)
    asked = client.post(f"/articles/{article.id}/publish", data={"include_unapproved": "y"})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert 'id="confirm-publish"' in page and "1 claim listed above is not yet approved" in page
    assert reports.current_publication(article.id) is None
    done = client.post(f"/articles/{article.id}/publish", data={"include_unapproved": "y", "confirmed": "y"})
    assert done.status_code == 302 and reports.current_publication(article.id) is not None


def test_withdrawing_names_the_versions_and_waits_for_the_tick(client, make_user, make_claim):
    article = make_claim().article
    editor = _editor(client, make_user, "ar")
    reports.publish(editor, article, include_unapproved=True)
    reports.publish(editor, article, include_unapproved=True, note="تصحيح رقم.", kind="correction")
    db.session.commit()
    asked = client.post(f"/articles/{article.id}/withdraw", data={})  # the article page's button, without JS
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "من ١ إلى ٢" in page and 'name="confirmed"' in page
    assert reports.current_publication(article.id) is not None
    client.post(f"/articles/{article.id}/withdraw", data={"confirmed": "y"})
    db.session.expire_all()
    assert reports.current_publication(article.id) is None


def test_copy_from_a_similar_claim_shows_what_it_replaces(client, make_user, make_article, make_claim):
    source = make_claim(make_article(body="About 1,000 soldiers remain at the base."), "About 1,000 soldiers")
    evidence.add_evidence(None, source, {"url": "https://wire.example/x", "stance": "contradicts", "publisher": "Wire"})
    source.verdict, source.rationale = "false", "Two wires say 2,000."
    target = make_claim(make_article(body="Some 1,000 soldiers are still there."), "Some 1,000 soldiers")
    target.rationale = "Our own note."
    db.session.commit()
    _editor(client, make_user)
    form = {"version": str(target.version), "from_claim_id": str(source.id)}
    asked = client.post(f"/claims/{target.id}/copy", data=form)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Our own note." in page and "Two wires say 2,000." in page and "Wire" in page
    db.session.expire_all()
    assert db.session.get(Claim, target.id).rationale == "Our own note."
    client.post(f"/claims/{target.id}/copy", data={**form, "confirmed": "y"})
    db.session.expire_all()
    copied = db.session.get(Claim, target.id)
    assert copied.verdict == "false" and len(copied.evidence) == 1
