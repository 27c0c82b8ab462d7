"""The earlier fact-checks API: admins import, fetch and subscribe; everyone reads; bad input answers 4xx."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.site import Page

DATA = Path(__file__).parent.parent / "data" / "factchecks"


def test_an_admin_imports_a_body_and_a_file_and_anyone_lists_them(api):
    admin = api("admin")
    body = (DATA / "partner-feed.json").read_bytes()
    answer = admin.client.post("/api/v1/factchecks/import", data=body, headers={
        **admin.headers, "Content-Type": "text/plain"})
    assert answer.status_code == 422 and "JSON" in answer.json["error"]["message"]  # said so, nothing read
    answer = admin.client.post("/api/v1/factchecks/import", data=body,
                               headers={**admin.headers, "Content-Type": "application/ld+json"})
    assert answer.status_code == 200 and answer.json == {"added": 2, "updated": 0, "skipped": 0, "errors": []}
    again = admin.post("/api/v1/factchecks/import", json=json.loads(body))
    assert again.json["added"] == 0 and again.json["skipped"] == 2
    upload = admin.client.post("/api/v1/factchecks/import", headers=admin.headers, content_type="multipart/form-data",
                               data={"file": (io.BytesIO((DATA / "bad-rows.csv").read_bytes()), "bad-rows.csv")})
    assert upload.status_code == 200 and upload.json["added"] == 2
    assert upload.json["errors"][0].startswith("Row 3:")

    reviewer = api("reviewer")
    listed = reviewer.get("/api/v1/factchecks?language=en&per_page=3")
    assert listed.status_code == 200 and listed.json["total"] == 4 and len(listed.json["items"]) == 3
    item = listed.json["items"][0]
    assert set(item) >= {"id", "url", "claim_reviewed", "rating", "publisher", "date", "language"}
    assert reviewer.get("/api/v1/factchecks?publisher=partner%20desk").json["total"] == 2


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_import_fetch_and_subscribe(api, role):
    user = api(role)
    assert user.post("/api/v1/factchecks/import", json={"items": []}).status_code == 403
    assert user.post("/api/v1/factchecks/fetch", json={"urls": ["https://x.example.org"]}).status_code == 403
    assert user.post("/api/v1/factchecks/feeds", json={"url": "https://x.example.org/feed"}).status_code == 403
    assert user.get("/api/v1/factchecks/feeds").status_code == 403
    assert user.get("/api/v1/factchecks").status_code == 200


@pytest.mark.parametrize("path, body, status, field", [
    ("/api/v1/factchecks/import", {"items": [{"url": "https://x.example.org", "claim_reviewed": ""}]}, 422, "items[0]"),
    ("/api/v1/factchecks/import", {"name": "no reviews here"}, 422, None),
    ("/api/v1/factchecks/import", [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], 400, "body"),
    ("/api/v1/factchecks/fetch", {"urls": []}, 422, "urls"),
    ("/api/v1/factchecks/fetch", {"urls": "https://x.example.org"}, 422, "urls"),
    ("/api/v1/factchecks/fetch", {"urls": ["ftp://x.example.org/a"]}, 422, "urls"),
    ("/api/v1/factchecks/fetch", {"urls": ["http://127.0.0.1:9/check"]}, 422, "urls"),
    ("/api/v1/factchecks/fetch", {"urls": [f"https://x.example.org/{i}" for i in range(21)]}, 422, "urls"),
    ("/api/v1/factchecks/feeds", {"url": "http://10.0.0.8/feed.json"}, 422, "url"),
    ("/api/v1/factchecks/feeds", {"title": "no address"}, 422, "url"),
])
def test_bad_input_answers_4xx_naming_the_field(api, path, body, status, field):
    answer = api("admin").post(path, json=body)
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["message"]
    if field:
        assert field in answer.json["error"]["fields"]


def test_fetch_and_subscribe_answer_jobs_that_import(api, app, site, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", site.host)
    site.pages["/checks/toll"] = Page((DATA / "page.html").read_bytes())
    site.pages["/feed.json"] = Page((DATA / "partner-feed.json").read_bytes(), content_type="application/json",
                                    headers={"ETag": '"one"'})
    admin = api("admin")
    fetched = admin.post("/api/v1/factchecks/fetch", json={"urls": [site.url("/checks/toll")]})
    assert fetched.status_code == 202
    job = admin.get(fetched.headers["Location"]).json["job"]
    assert job["state"] == "finished" and job["result"]["added"] == 1

    subscribed = admin.post("/api/v1/factchecks/feeds", json={"url": site.url("/feed.json"), "title": "Partner"})
    assert subscribed.status_code == 201
    job = admin.get(f"/api/v1/jobs/{subscribed.json['job']['id']}").json["job"]
    assert job["state"] == "finished" and job["result"]["added"] == 2
    [feed] = admin.get("/api/v1/factchecks/feeds").json["items"]
    assert feed["etag"] == '"one"' and feed["items_added"] == 2
    assert admin.post("/api/v1/factchecks/feeds", json={"url": site.url("/feed.json")}).status_code == 200
    pulled = admin.post(f"/api/v1/factchecks/feeds/{feed['id']}/pull")
    assert pulled.status_code == 202
    assert admin.post("/api/v1/factchecks/feeds/99999/pull").status_code == 404
    assert admin.get("/api/v1/factchecks").json["total"] == 3
