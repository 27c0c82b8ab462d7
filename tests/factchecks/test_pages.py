"""The earlier fact-checks page: admins only, CSRF, upload, fetch and feeds as jobs, filters, Arabic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import EarlierCheck, FactCheckFeed
from tests.site import Page

DATA = Path(__file__).parent.parent / "data" / "factchecks"


def upload(client, name: str):
    return client.post("/admin/factchecks/import", content_type="multipart/form-data",
                       data={"file": (io.BytesIO((DATA / name).read_bytes()), name)})


@pytest.mark.parametrize("role, status", [("reviewer", 403), ("editor", 403), ("admin", 200)])
def test_only_admins_see_the_page(client, login_as, role, status):
    login_as(role)
    assert client.get("/admin/factchecks/").status_code == status
    if status == 403:
        assert upload(client, "checks.csv").status_code == 403
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EarlierCheck)) == 0


def test_anonymous_readers_are_sent_to_log_in(client):
    assert client.get("/admin/factchecks/").status_code == 302


def test_an_upload_lists_the_bad_rows_and_the_page_filters(client, login_as):
    login_as("admin")
    answer = upload(client, "bad-rows.csv")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "2 added, 0 updated, 0 already known, 2 not readable" in page and "Row 3:" in page
    upload(client, "markup-tool.jsonld")
    arabic = client.get("/admin/factchecks/?language=ar").get_data(as_text=True)
    assert "صوامع القمح" in arabic and "The market burned down" not in arabic
    by_publisher = client.get("/admin/factchecks/?publisher=nobody").get_data(as_text=True)
    assert "No earlier fact-checks yet." in by_publisher


def test_a_wrong_file_says_why(client, login_as):
    login_as("admin")
    answer = client.post("/admin/factchecks/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(b"{}"), "empty.json")})
    assert answer.status_code == 422 and "No ClaimReview was found" in answer.get_data(as_text=True)
    answer = client.post("/admin/factchecks/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(b"x"), "notes.txt")})
    assert answer.status_code == 422 and "Use .json, .jsonld or .csv." in answer.get_data(as_text=True)


def test_fetch_and_subscribe_run_as_jobs_and_pull_now_too(client, login_as, app, site, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", site.host)
    site.pages["/checks/toll"] = Page((DATA / "page.html").read_bytes())
    site.pages["/feed.json"] = Page((DATA / "partner-feed.json").read_bytes(), content_type="application/json")
    login_as("admin")
    fetched = client.post("/admin/factchecks/fetch", data={"urls": site.url("/checks/toll") + "\n"})
    assert fetched.status_code == 302 and "/jobs/" in fetched.headers["Location"]
    refused = client.post("/admin/factchecks/fetch", data={"urls": "http://192.168.1.1/x"})
    assert refused.status_code == 422 and "192.168.1.1" in refused.get_data(as_text=True)
    subscribed = client.post("/admin/factchecks/feeds", data={"url": site.url("/feed.json"), "title": "شريك"})
    assert subscribed.status_code == 302
    feed = db.session.scalar(sa.select(FactCheckFeed))
    page = client.get("/admin/factchecks/").get_data(as_text=True)
    assert "شريك" in page and "2 added" in page and "The tunnel toll doubled overnight." in page
    assert client.post(f"/admin/factchecks/feeds/{feed.id}/pull").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EarlierCheck)) == 3


def test_forms_need_the_csrf_token(app, client, login_as):
    login_as("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        answer = upload(client, "checks.csv")
        pulled = client.post("/admin/factchecks/feeds/1/pull")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert answer.status_code in (400, 422)
    assert pulled.status_code in (302, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EarlierCheck)) == 0


def test_the_page_in_arabic_is_right_to_left(client, make_user):
    from tests.conftest import login

    admin = make_user("admin")
    login(client, admin)
    page = client.get("/admin/factchecks/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in page and "تحققات سابقة" in page
