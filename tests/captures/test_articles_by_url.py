"""Articles by URL through the API, the CLI and the page: fetched, extracted, stored exactly, captured."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Capture, Job, Source
from tests.site import ARABIC_ARTICLE, ENGLISH_ARTICLE, Page


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_an_arabic_page_by_url_becomes_an_article_and_a_capture(api, site, allow):
    body = ARABIC_ARTICLE.encode("cp1256")
    site.pages["/news/1"] = Page(body, content_type="text/html")
    allow(site)
    client = api("reviewer")
    response = client.post("/api/v1/articles", json={"url": site.url("/news/1?utm_source=x")})
    assert response.status_code == 202
    job = response.json["job"]
    assert job["state"] == "finished", job
    article = client.get(f"/api/v1/articles/{job['result']['article_id']}").json
    assert article["language"] == "ar" and article["dir"] == "rtl"
    assert article["title"] == "إخلاء قاعدة قصرك خلال شهر"
    assert article["publisher"] == "وكالة الأنباء المحلية" and article["published_at"] == "2026-11-20"
    assert "نحو ألف جندي" in article["body"] and "الرئيسية" not in article["body"]
    assert article["url"] == site.url("/news/1")
    source = client.get(f"/api/v1/sources/{job['result']['source_id']}").json["source"]
    assert source["status"] == "ok" and len(source["captures"]) == 1
    assert source["captures"][0]["sha256"] == hashlib.sha256(body).hexdigest()


def test_the_body_is_stored_exactly_as_extracted(api, site, allow):
    from app.fetch import fetch, policy_from_config
    from app.fetch.text import extract

    site.pages["/en"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    job = api("reviewer").post("/api/v1/articles", json={"url": site.url("/en")}).json["job"]
    stored = db.session.get(Article, job["result"]["article_id"])
    extracted = extract(fetch(site.url("/en"), policy_from_config({"FETCH_ALLOWED_HOSTS": site.host})))["text"]
    assert stored.body == extracted and stored.language == "en"


def test_a_known_url_answers_the_existing_article_normalised_and_after_redirects(api, site, allow, make_article):
    site.pages["/moved"] = Page(status=301, headers={"Location": "/story"})
    site.pages["/story"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    client = api("reviewer")
    first = client.post("/api/v1/articles", json={"url": site.url("/story")}).json["job"]
    again = client.post("/api/v1/articles", json={"url": site.url("/story/?fbclid=abc#top")})
    assert again.status_code == 200 and again.json["existing"] is True
    assert again.json["article"]["id"] == first["result"]["article_id"]
    via_redirect = client.post("/api/v1/articles", json={"url": site.url("/moved")}).json["job"]
    assert via_redirect["state"] == "finished" and via_redirect["result"]["existing"] is True
    assert via_redirect["result"]["article_id"] == first["result"]["article_id"]
    assert count(Article) == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://2130706433/", "http://[::ffff:127.0.0.1]/",
                                 "http://169.254.169.254/", "http://user@10.0.0.1/", "http://localhost:5000/"])
def test_a_refused_url_answers_422_fetch_refused_and_queues_nothing(api, url):
    response = api("reviewer").post("/api/v1/articles", json={"url": url})
    assert response.status_code == 422 and response.json["error"]["code"] == "fetch_refused"
    assert response.json["error"]["message"]
    assert count(Job) == 0 and count(Article) == 0


def test_a_redirect_inside_fails_the_job_refused_and_never_reaches_the_internal_server(api, site, other_site, allow):
    other_site.pages["/admin"] = Page(b"secret")
    site.pages["/r"] = Page(status=302, headers={"Location": other_site.url("/admin")})
    allow(site)
    job = api("reviewer").post("/api/v1/articles", json={"url": site.url("/r")}).json["job"]
    assert job["state"] == "failed" and job["error"]["code"] == "fetch_refused"
    assert other_site.hits == [] and count(Article) == 0


@pytest.mark.parametrize("page, code", [
    (Page(b"gone", status=404), "fetch_failed"),
    (Page(b"<html>" + b"x" * (7 * 1024 * 1024) + b"</html>"), "too_large"),
    (Page(b"\x89PNG", content_type="image/png"), "unsupported_type"),
    (Page(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"), "no_main_text"),
    (Page(b"late", delay=3), "fetch_timeout"),
])
def test_bad_pages_fail_the_job_with_the_specs_code_and_write_nothing(api, site, allow, app, monkeypatch, page, code):
    monkeypatch.setitem(app.config, "FETCH_TIMEOUT", 1)
    site.pages["/bad"] = page
    allow(site)
    job = api("reviewer").post("/api/v1/articles", json={"url": site.url("/bad")}).json["job"]
    assert job["state"] == "failed" and job["error"]["code"] == code, job
    if code == "fetch_failed":
        assert "404" in job["error"]["message"]
    assert count(Article) == 0 and count(Source) == 0 and count(Capture) == 0


def test_a_url_and_a_body_still_create_at_once(api):
    response = api("reviewer").post("/api/v1/articles", json={"title": "T", "body": "Text.",
                                                               "url": "https://paper.example/a"})
    assert response.status_code == 201


def test_cli_articles_fetch(runner, site, allow):
    site.pages["/one"] = Page(ENGLISH_ARTICLE.encode())
    site.pages["/two"] = Page(b"nope", status=500)
    allow(site)
    result = runner.invoke(args=["articles", "fetch", site.url("/one"), site.url("/two"), "http://10.0.0.1/"])
    assert result.exit_code == 1
    assert "article 1" in result.output and "HTTP 500" in result.output and "fetch_refused" in result.output
    again = runner.invoke(args=["articles", "fetch", site.url("/one")])
    assert again.exit_code == 0 and "already in the desk as article 1" in again.output


def test_the_add_article_form_takes_a_url_alone(client, login_as, site, allow):
    site.pages["/page"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    login_as("reviewer")
    response = client.post("/articles/new", data={"paste-url": site.url("/page"), "paste-submit": "Add article"})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    article = db.session.scalar(sa.select(Article))
    assert article is not None and f"/articles/{article.id}" in page


def test_the_add_article_form_refuses_an_internal_url_on_the_form(client, login_as):
    login_as("reviewer")
    response = client.post("/articles/new", data={"paste-url": "http://192.168.0.1/", "paste-submit": "Add article"})
    assert response.status_code == 422 and "does not fetch" in response.get_data(as_text=True)
    assert count(Job) == 0


def test_the_add_article_form_still_needs_a_body_without_a_url(client, login_as):
    login_as("reviewer")
    response = client.post("/articles/new", data={"paste-title": "T", "paste-submit": "Add article"})
    assert response.status_code == 422 and count(Article) == 0


def test_fetch_on_a_real_worker(api, site, allow, rq, worker):
    site.pages["/w"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    from tests.live import wait_for

    client = api("reviewer")
    job = client.post("/api/v1/articles", json={"url": site.url("/w")}).json["job"]
    assert job["state"] == "queued"
    process = worker(FETCH_ALLOWED_HOSTS=site.host)
    done = wait_for(lambda: (j := client.get(f"/api/v1/jobs/{job['id']}").json["job"])["state"]
                    in ("finished", "failed") and j, timeout=60)
    assert done["state"] == "finished", process.output()
    assert client.get(f"/api/v1/articles/{done['result']['article_id']}").json["title"] == \
        "Flood barrier to open in March"


def test_a_large_import_with_suggestions_is_a_job_and_small_ones_stay_at_once(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUGGEST_INLINE_MAX_CHARS", 1000)
    sentence = "The base holds about 1,000 soldiers, according to officials. "
    client = api("reviewer")
    small = client.post("/api/v1/articles", json={"title": "Small", "body": sentence, "suggest": True})
    assert small.status_code == 201 and small.json["claims"]
    large = client.post("/api/v1/articles", json={"title": "Large", "body": sentence * 40, "suggest": True,
                                                  "url": "https://paper.example/large"})
    assert large.status_code == 202
    job = large.json["job"]
    assert job["state"] == "finished" and job["kind"] == "articles.import" and job["result"]["claims"] > 0
    article = client.get(f"/api/v1/articles/{job['result']['article_id']}").json
    assert article["body"] == sentence * 40 and all(c["origin"] == "suggested" for c in article["claims"])
    again = client.post("/api/v1/articles", json={"title": "Large", "body": sentence * 40, "suggest": True,
                                                  "url": "https://paper.example/large"})
    assert again.status_code == 200 and again.json["existing"] is True


def test_an_invalid_large_import_fails_its_job_and_stores_nothing(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUGGEST_INLINE_MAX_CHARS", 10)
    job = api("reviewer").post("/api/v1/articles", json={"title": "", "body": "x" * 50, "suggest": True}).json["job"]
    assert job["state"] == "failed" and job["error"]["code"] == "validation_error"
    assert count(Article) == 0
