"""In chromium: a job's page follows it from queued to finished without a reload, with the result's link."""

from __future__ import annotations

import os

import pytest

from app import jobs
from tests.e2e.test_browser import log_in
from tests.live import wait_for

pytestmark = pytest.mark.e2e
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


def test_job_progress_is_seen_in_the_browser(live_server, browser, make_user, make_article, rq, worker):
    user = make_user("reviewer")
    article = make_article(title="Flood barrier to open in March")
    job = jobs.enqueue("reports.render", {"article_id": article.id, "format": "md"}, user_id=user.id)
    assert job.state == "queued"
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # script errors (a missing favicon is not one)
    log_in(page, live_server, user)
    page.goto(f"{live_server}/jobs/{job.id}")
    assert page.text_content(".job-state").strip() == "Queued"
    page.evaluate("window.notReloaded = true")
    process = worker()
    page.wait_for_selector(".job-result:not([hidden]) a", timeout=60_000)
    assert page.text_content(".job-state").strip() == "Finished", process.output()
    assert page.evaluate("document.querySelector('.job-progress').value") == 1
    assert page.evaluate("window.notReloaded") is True  # updated in place
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "job-progress-390.png"))
    assert page.get_attribute(".job-result a", "href") == f"/jobs/{job.id}/download"
    assert not errors, errors


def test_a_failed_job_shows_its_error_in_the_pages_language(live_server, browser, make_user):
    import tests.jobs.handlers  # noqa: F401

    user = make_user("reviewer")
    job = jobs.enqueue("test.refused", {}, user_id=user.id)
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    log_in(page, live_server, user)
    page.goto(f"{live_server}/jobs/{job.id}")
    wait_for(lambda: page.is_visible(".job-error"), timeout=10)
    assert "Refused: a private address." in page.text_content(".job-error")
    assert page.text_content(".job-state").strip() == "Failed"
