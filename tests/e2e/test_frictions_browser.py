"""In chromium: delete asks first, select-all ticks the page, "make a claim" sits beside the selection, and focus
lands on the new claim after saving."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Claim
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

BODY = ("Officials said about 1,000 troops remain in Syria, and the withdrawal will take two months. "
        "A convoy of more than 20 trucks crossed from Iraq on Saturday.")


def log_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.card [type=submit]")
    page.wait_for_load_state()


def test_delete_asks_and_cancel_keeps_the_claim(live_server, browser, make_user, make_claim):
    user = make_user("reviewer")
    claim_id = make_claim().id
    page = browser.new_page(viewport={"width": 390, "height": 800})
    log_in(page, live_server, user)
    page.goto(f"{live_server}/claims/{claim_id}")
    asked: list[str] = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.click("form.danger button")
    page.wait_for_timeout(200)
    assert asked and asked[0].startswith("Delete this claim?")
    assert page.url.endswith(f"/claims/{claim_id}")
    assert db.session.get(Claim, claim_id) is not None
    page.once("dialog", lambda d: answer(d, True))
    page.click("form.danger button")
    page.wait_for_url(f"{live_server}/articles/**")
    db.session.expire_all()
    assert db.session.get(Claim, claim_id) is None
    page.close()


def test_select_all_and_make_a_claim_beside_the_selection(live_server, browser, make_user, make_article):
    user = make_user("reviewer")
    article = make_article(body=BODY, language="en")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    log_in(page, live_server, user)
    page.goto(f"{live_server}/articles/{article.id}")
    page.check("#tick-all")
    boxes = page.locator("#suggestions-form input[name=s]")
    assert boxes.count() >= 2 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.uncheck("#tick-all")

    # Select "1,000 troops" in the text: a bar with "make a claim" appears in view, and leads to the form.
    page.evaluate("""() => {
      const seg = Array.from(document.querySelectorAll('#article-body [data-s]'))
        .find(s => s.textContent.includes('1,000 troops'));
      const text = seg.firstChild; const start = text.data.indexOf('1,000 troops');
      const range = document.createRange(); range.setStart(text, start); range.setEnd(text, start + 12);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      document.getElementById('article-body').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    bar = page.locator("#selection-bar")
    bar.wait_for(state="visible")
    assert "1,000 troops" in bar.inner_text()
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, "the control is on screen, beside the selection"
    page.click("#make-claim")
    assert page.evaluate("document.activeElement.name") == "statement"
    assert page.input_value("#quote") == "1,000 troops"
    page.fill("textarea[name=statement]", "About 1,000 troops remain in Syria")
    page.click("#claim-form [type=submit]")
    page.wait_for_load_state()
    claim = db.session.query(Claim).one()
    assert page.evaluate("document.activeElement.id") == f"claim-{claim.id}"
    assert f"Claim #{claim.id} added." in page.inner_text("main")
    page.close()
