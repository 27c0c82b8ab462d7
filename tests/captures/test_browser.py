"""In chromium: the claim page's capture line and a capture page fit 390 px and 1,366 px, in Arabic and English."""

from __future__ import annotations

import os

import pytest

from app.extensions import db
from app.services import evidence
from tests.captures.test_captures import capture_of
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_captures_fit_the_screen_in_both_directions(live_server, browser, make_user, make_claim, lang):
    user = make_user("reviewer")
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/2026/11/20/base",
                                        "stance": "supports", "title": "وكالة الأنباء: نحو ألف جندي"})
    db.session.commit()
    capture = capture_of(claim, ("<html><body><article><p>" + "نقلت وكالة رويترز عن مسؤولين أن القاعدة تضم نحو ألف جندي. "
                                 * 30 + "</p></article></body></html>").encode())
    os.makedirs(ARTIFACTS, exist_ok=True)
    for width in (390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900}, locale=lang)
        log_in(page, live_server, user)
        if lang == "ar" and page.get_attribute("html", "lang") != "ar":
            page.click("button[name=lang][value=ar]")
        for path, name in ((f"/claims/{claim.id}", "claim"),
                           (f"/sources/{capture.source_id}/captures/{capture.id}", "capture")):
            page.goto(live_server + path)
            assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
            page.screenshot(path=os.path.join(ARTIFACTS, f"{name}-{lang}-{width}.png"), full_page=False)
            # What this feature adds must fit (the claim page's history table is another matter, left alone).
            selector = ".capture-line, .capture-line *" if name == "claim" else "main *"
            wide = page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel)).filter(e => {
                const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 || r.left < -1;
              }).map(e => e.tagName + '.' + e.className)""", selector)
            assert not wide, f"{path} at {width}px: {wide}"
            assert page.is_visible(".capture-line" if name == "claim" else ".capture-text")
        page.close()
