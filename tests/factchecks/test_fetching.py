"""Fact-check pages by URL and partner feeds, from a server on 127.0.0.1, through the fetch policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.fetch import FetchError, policy_from_config
from app.models import EarlierCheck
from app.services import factchecks
from tests.site import Page

DATA = Path(__file__).parent.parent / "data" / "factchecks"


def urls() -> list[str]:
    return list(db.session.scalars(sa.select(EarlierCheck.url).order_by(EarlierCheck.id)))


@pytest.fixture
def policy(app, site, allow):
    allow(site)
    return policy_from_config(app.config)


def test_a_fact_check_page_is_read_from_its_markup(site, policy):
    site.pages["/checks/toll"] = Page((DATA / "page.html").read_bytes())
    result, failures = factchecks.fetch_pages(None, [site.url("/checks/toll#reader")], policy)
    assert (result.added, failures) == (1, [])
    [row] = db.session.scalars(sa.select(EarlierCheck))
    # the review had no URL of its own: the page's address is its URL; a broken JSON-LD block beside it is ignored
    assert row.url == site.url("/checks/toll")
    assert (row.claim_reviewed, row.rating, row.publisher) == ("The tunnel toll doubled overnight.", "False",
                                                               "Loopback Checks")
    assert (row.origin, row.language) == ("page", "en")
    again, _ = factchecks.fetch_pages(None, [site.url("/checks/toll")], policy)
    assert (again.added, again.skipped) == (0, 1)


def test_pages_without_markup_or_refused_say_why_and_add_nothing(app, site, policy):
    site.pages["/plain"] = Page(b"<html><body><p>No review here.</p></body></html>")
    result, failures = factchecks.fetch_pages(None, [site.url("/plain"), site.url("/missing"),
                                                     "http://10.1.2.3/check"], policy)
    assert result.added == 0 and urls() == []
    assert "no ClaimReview markup" in failures[0]
    assert "404" in failures[1]
    assert "10.1.2.3" in failures[2] and len(failures) == 3
    assert [path for path in site.paths_hit()] == ["/plain", "/missing"]  # the private address never reached


def feed_page(site, document: dict, etag: str) -> None:
    body = json.dumps(document).encode()

    def answer() -> Page:
        sent = site.hits[-1][1]
        if sent.get("If-None-Match") == etag:
            return Page(b"", status=304, content_type=None, headers={"ETag": etag})
        return Page(body, content_type="application/ld+json", headers={
            "ETag": etag, "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"})

    site.pages["/feed.json"] = answer


def test_a_feed_is_pulled_with_its_etag_and_a_second_pull_adds_nothing(site, policy):
    document = json.loads((DATA / "partner-feed.json").read_text())
    feed_page(site, document, '"v1"')
    feed, created = factchecks.subscribe(None, site.url("/feed.json"), policy=policy)
    assert created
    first = factchecks.pull(feed, policy)
    db.session.commit()
    assert first.added == 2 and feed.etag == '"v1"'
    assert feed.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT" and feed.items_added == 2
    assert {r.feed_id for r in db.session.scalars(sa.select(EarlierCheck))} == {feed.id}

    second = factchecks.pull(feed, policy)
    assert (second.added, second.updated, second.skipped) == (0, 0, 0)
    sent = site.hits[-1][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert feed.last_status == "Not modified" and len(urls()) == 2

    document["dataFeedElement"].append({"@type": "ClaimReview", "url": "https://partner.example.org/r/def#claim-9",
                                        "claimReviewed": "The harbour wall is 2 km long.",
                                        "reviewRating": {"@type": "Rating", "alternateName": "False"}})
    feed_page(site, document, '"v2"')
    third = factchecks.pull(feed, policy)
    assert (third.added, third.skipped) == (1, 2)
    assert feed.etag == '"v2"' and feed.items_added == 3 and len(urls()) == 3


def test_a_feed_that_fails_keeps_the_reason(site, policy):
    site.pages["/feed.json"] = Page(b"oops", status=503)
    feed, _ = factchecks.subscribe(None, site.url("/feed.json"), policy=policy)
    with pytest.raises(FetchError):
        factchecks.pull(feed, policy)
    assert "503" in feed.last_status and urls() == []


def test_the_commands_import_fetch_subscribe_pull_and_list(runner, site, allow):
    allow(site)
    site.pages["/checks/toll"] = Page((DATA / "page.html").read_bytes())
    feed_page(site, json.loads((DATA / "partner-feed.json").read_text()), '"v1"')

    out = runner.invoke(args=["factchecks", "import", str(DATA / "checks.csv"), str(DATA / "markup-tool.jsonld")])
    assert out.exit_code == 0, out.output
    assert "3 added" in out.output and "2 added" in out.output
    again = runner.invoke(args=["factchecks", "import", str(DATA / "checks.csv")])
    assert "0 added" in again.output and "3 already known" in again.output
    bad = runner.invoke(args=["factchecks", "import", str(DATA / "bad-rows.csv")])
    assert bad.exit_code == 1 and "Row 3:" in bad.output and "2 added" in bad.output

    fetched = runner.invoke(args=["factchecks", "fetch", site.url("/checks/toll")])
    assert fetched.exit_code == 0 and "1 added" in fetched.output
    subscribed = runner.invoke(args=["factchecks", "subscribe", site.url("/feed.json")])
    assert subscribed.exit_code == 0 and "2 added" in subscribed.output, subscribed.output
    pulled = runner.invoke(args=["factchecks", "pull"])
    assert pulled.exit_code == 0 and "Not modified" in pulled.output
    listed = runner.invoke(args=["factchecks", "list"])
    assert site.url("/feed.json") in listed.output and "10 earlier fact-checks" in listed.output
    assert len(urls()) == 10


def test_the_scheduled_job_pulls_every_active_feed(app, site, policy):
    from app import jobs
    from app.jobs import local

    site.pages["/a.json"] = Page((DATA / "partner-feed.json").read_bytes(), content_type="application/json")
    site.pages["/b.json"] = Page(b"[]", content_type="application/json")
    factchecks.subscribe(None, site.url("/a.json"))
    paused, _ = factchecks.subscribe(None, site.url("/b.json"))
    paused.active = False
    db.session.commit()
    tick = jobs.enqueue("factchecks.pull_all", {}, in_caller=True)
    assert tick.state == "finished" and len(tick.result["jobs"]) == 1
    local.drain()  # the pull runs on the job threads beside this process (no Redis in tests)
    db.session.expire_all()
    pulled = jobs.get_job(tick.result["jobs"][0])
    assert pulled.state == "finished" and pulled.result["added"] == 2
    assert site.paths_hit() == ["/a.json"]
