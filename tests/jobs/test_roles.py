"""Jobs, sources and captures routes tried by every role (the desk's role matrix, for this feature's routes)."""

from __future__ import annotations

import pytest

from app import jobs
from app.extensions import db
from tests.conftest import login
from tests.site import Page

ROLES = ["anonymous", "reviewer", "editor", "admin"]

# (method, url, JSON or form data, what success looks like); every route here is open to reviewers and up.
PAGES = [
    ("GET", "/jobs/{job}", None, 200),
    ("GET", "/jobs/{job}.json", None, 200),
    ("GET", "/jobs/{job}/download", None, 200),
    ("POST", "/jobs/report/{article}", {"format": "md"}, 303),
    ("GET", "/sources/{source}/captures/{capture}", None, 200),
    ("GET", "/sources/{source}/captures/{capture}/warc", None, 200),
    ("POST", "/sources/{source}/capture", {"next": "/claims/{claim}"}, 302),
]
API = [
    ("GET", "/api/v1/jobs/{job}", None, 200),
    ("GET", "/api/v1/jobs/{job}/download", None, 200),
    ("POST", "/api/v1/articles/{article}/report-jobs", {"format": "md"}, 202),
    ("GET", "/api/v1/sources/{source}", None, 200),
    ("POST", "/api/v1/sources/{source}/captures", None, 202),
    ("GET", "/api/v1/sources/{source}/captures/{capture}/text", None, 200),
    ("GET", "/api/v1/sources/{source}/captures/{capture}/warc", None, 200),
]
# In the form tests/web/test_roles.py compares (article and claim ids as placeholders, others as rules).
LIVE_ROUTES = {u.split("?")[0].replace("{job}", "<int:job_id>").replace("{source}", "<int:source_id>")
               .replace("{capture}", "<int:capture_id>") for _, u, *_ in PAGES + API}


@pytest.fixture
def ids(app, make_claim, site, monkeypatch):
    from app.captures.store import store
    from app.fetch import fetch, policy_from_config
    from app.services import captures, evidence

    monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", site.host)
    site.pages["/src"] = Page(b"<html><body><p>The ministry said about 100 trucks crossed.</p></body></html>")
    claim = make_claim()
    item = evidence.add_evidence(None, claim, {"url": site.url("/src"), "stance": "supports"})
    capture, _ = captures.record_capture(item.source, fetch(site.url("/src"), policy_from_config(app.config)), store())
    job = jobs.enqueue("reports.render", {"article_id": claim.article_id, "format": "md"})  # a command line's job
    db.session.commit()
    return {"article": claim.article_id, "job": job.id, "claim": claim.id, "source": item.source_id,
            "capture": capture.id}


def fill(text, ids: dict):
    if isinstance(text, dict):
        return {k: fill(v, ids) for k, v in text.items()}
    if not isinstance(text, str):
        return text
    for key, value in ids.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, ok", PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES])
def test_pages_by_role(client, make_user, ids, role, method, url, data, ok):
    if role != "anonymous":
        assert login(client, make_user(role)).status_code == 302
    response = client.open(fill(url, ids), method=method, data=fill(data, ids))
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif role == "reviewer" and "{job}" in url:
        assert response.status_code == 403  # a command line's job: editors and admins only
    else:
        assert response.status_code == ok


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, ok", API, ids=[f"{m} {u}" for m, u, *_ in API])
def test_api_by_role(client, api, ids, role, method, url, data, ok):
    headers = {} if role == "anonymous" else api(role).headers
    response = client.open(fill(url, ids), method=method, json=data, headers=headers)
    if role == "anonymous":
        assert response.status_code == 401
    elif role == "reviewer" and "{job}" in url:
        assert response.status_code == 403
    else:
        assert response.status_code == ok, response.json
