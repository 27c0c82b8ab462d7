"""In chromium: the published page's JSON-LD is readable and the CSP (script-src 'self') has nothing to refuse."""

import json
import os

import pytest

from app.extensions import db
from app.services import reports
from tests.reports.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_the_published_page_in_a_browser(live_server, browser, arabic, people):
    publication = reports.publish(people["editor"], arabic["article"], include_unapproved=True)
    db.session.commit()
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    response = page.goto(f"{live_server}/r/{publication.token}")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("document.documentElement.dir") == "rtl"
    data = json.loads(page.evaluate(
        "document.querySelector('script[type=\"application/ld+json\"]').textContent"))
    assert data[0]["@type"] == "ClaimReview" and data[0]["reviewRating"]["alternateName"] == "خاطئ على الأرجح"
    # a data block is not a script: the CSP neither blocks nor reports it
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "report-published.png"))
