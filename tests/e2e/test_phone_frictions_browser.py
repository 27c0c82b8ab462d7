"""On a phone (390 px, touch) the header takes at most two lines, the queue's filters are folded under their
title, and the article page's hints speak of touching, not of a mouse or keys; at 1,366 px the filters are open."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_frictions_browser import log_in

pytestmark = pytest.mark.e2e


def _lines(page, selector: str) -> int:
    """How many rows of boxes the element's children occupy."""
    return page.evaluate("""(sel) => {
        const tops = new Set();
        for (const child of document.querySelector(sel).children) {
            const box = child.getBoundingClientRect();
            if (box.height > 0) tops.add(Math.round(box.top / 8));
        }
        return tops.size;
    }""", selector)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_phone_gets_a_two_line_header_folded_filters_and_touch_wording(live_server, browser, make_user,
                                                                         make_article, language):
    editor = make_user("editor", name="ريم الحسن")
    article = make_article(body="قال مسؤولون إن نحو ألف جندي ما زالوا في القاعدة.", language="ar")
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, editor)
    page.goto(f"{live_server}/account/settings")
    page.select_option("select[name=language]", language)
    page.click("main form [type=submit]")
    page.goto(f"{live_server}/queue/")
    assert _lines(page, "header.top") <= 2
    assert page.evaluate("document.querySelector('header.top').getBoundingClientRect().height") < 110
    assert not page.locator("details.filters-fold").evaluate("d => d.open")
    assert not page.locator("#f-verdict").is_visible()
    page.click("details.filters-fold > summary")
    assert page.locator("#f-verdict").is_visible()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"queue-phone-{language}.png"))
    page.goto(f"{live_server}/articles/{article.id}")
    hint = page.locator("#select-hint").inner_text()
    assert ("المس" in hint) if language == "ar" else ("Touch" in hint)
    assert "Shift" not in hint and "mouse" not in hint and "الفأرة" not in hint
    context.close()


def test_a_wide_screen_keeps_the_filters_open_and_the_mouse_wording(live_server, browser, make_user, make_article):
    editor = make_user("editor")
    article = make_article(body="Officials said about 1,000 troops remain at the base.", language="en")
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    log_in(page, live_server, editor)
    page.goto(f"{live_server}/queue/")
    assert page.locator("#f-verdict").is_visible()
    page.goto(f"{live_server}/articles/{article.id}")
    assert "mouse" in page.locator("#select-hint").inner_text()
    page.close()
