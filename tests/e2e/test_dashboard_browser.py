"""The dashboard in chromium, Arabic with Arabic-Indic digits and English, at 390 and 1,366 px: every plot drawn,
nothing wider than the screen, the plots' texts in the reader's digits. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_frictions_browser import log_in
from tests.web.test_dashboard import seed_desk

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language,digits", [("ar", "arabic"), ("en", "western")])
def test_the_dashboard_fits_and_speaks_the_readers_digits(live_server, browser, make_user, make_article, width,
                                                          language, digits):
    seed_desk(make_article(), [make_user("reviewer", name="ريم الحسن"), make_user("reviewer", name="Sami")], 12)
    editor = make_user("editor")
    page = browser.new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, editor)
    page.goto(f"{live_server}/account/settings")
    page.select_option("select[name=language]", language)
    page.select_option("select[name=digits]", digits)
    page.click("main form [type=submit]")
    page.click("nav a[href$='/dashboard/']")
    page.wait_for_url("**/dashboard/")
    assert page.locator("svg[role=img]").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for index in range(5):
        box = page.locator("svg.plot").nth(index).bounding_box()
        assert box and box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= width
    texts = " ".join(page.locator("svg.plot text").all_text_contents())
    if digits == "arabic":
        assert re.search("[٠-٩]", texts) and not re.search("[0-9]", texts)
        assert page.get_attribute("html", "dir") == "rtl"
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"dashboard-{language}-{width}.png"), full_page=True)
    page.close()
