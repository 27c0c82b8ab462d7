"""The desk's settings page: admins only, each setting changes what a public reader sees, the environment wins."""

import datetime as dt

import pytest

from app import localization
from app.extensions import db
from app.models import Publication
from app.reports import site_options
from app.services import desk_settings
from app.services import reports as report_service
from app.services.errors import ValidationError
from tests.conftest import login
from tests.reports.conftest import review_claim

MOMENT = dt.datetime(2026, 2, 19, 21, 30, tzinfo=dt.UTC)  # 23:30 in Beirut, the same day
SETTINGS = {"org_name": "ClaimDesk", "logo_text": "", "language": "en", "digits": "western", "timezone": "UTC",
            "month_names": "egyptian"}


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Admin")
    login(client, user)
    return user


def save(client, **changes):
    data = {**SETTINGS, **changes}
    if data.pop("public_staff_names", False):
        data["public_staff_names"] = "y"
    return client.post("/admin/desk", data=data)


def publish_now(make_article, make_claim, make_user, *, opt_in: bool) -> str:
    """A claim approved by a named editor (who opted in to public naming, or not), published now."""
    reviewer, editor = make_user("reviewer", name="Rana Reviewer"), make_user("editor", name="Omar Editor")
    editor.public_name = reviewer.public_name = opt_in
    article = make_article(body="The base holds about 1,000 soldiers. The road is closed.", language="en")
    review_claim(make_claim(article, "about 1,000 soldiers", actor=reviewer), reviewer, editor, verdict="false")
    report_service.publish(editor, article, include_unapproved=True, **site_options())
    db.session.commit()
    return db.session.query(Publication).filter_by(article_id=article.id).one().token


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_reach_the_page(client, make_user, role):
    login(client, make_user(role))
    assert client.get("/admin/desk").status_code == 403
    assert save(client, org_name="Taken over").status_code == 403
    assert desk_settings.value("org_name") == "ClaimDesk"


def test_the_desks_name_and_logo_text_reach_public_readers(client, app, admin, make_article, make_claim, make_user):
    anonymous = app.test_client()
    assert "ClaimDesk" in anonymous.get("/published").get_data(as_text=True)
    assert save(client, org_name="Marsad Fact Desk", logo_text="MARSAD").status_code == 302
    listing = anonymous.get("/published").get_data(as_text=True)
    assert '<p class="org">MARSAD</p>' in listing and "Marsad Fact Desk" in listing
    token = publish_now(make_article, make_claim, make_user, opt_in=False)
    report = anonymous.get(f"/r/{token}").get_data(as_text=True)
    assert '<p class="org">MARSAD</p>' in report and "Marsad Fact Desk" in report
    page = client.get("/admin/desk").get_data(as_text=True)
    assert "MARSAD" in page and "Published by Marsad Fact Desk" in page  # the preview


def test_the_default_language_is_what_a_public_reader_without_a_choice_gets(client, app, admin):
    anonymous = app.test_client()
    assert '<html lang="en"' in anonymous.get("/published").get_data(as_text=True)
    save(client, language="ar")
    assert '<html lang="ar" dir="rtl"' in anonymous.get("/published").get_data(as_text=True)
    # a reader whose browser asks for English still gets English
    english = anonymous.get("/published", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en"' in english


def test_digits_zone_and_month_names_are_a_public_readers_dates(app, client, admin):
    def public_date() -> str:
        with app.app_context(), app.test_request_context("/published"):  # a reader's request of its own
            return localization.format_datetime_value(MOMENT, "long")

    assert public_date().endswith("21:30")
    save(client, language="ar", digits="arabic", timezone="Asia/Beirut", month_names="egyptian")
    shown = public_date()
    assert shown.endswith("٢٣:٣٠") and "فبراير" in shown and not any(c.isascii() and c.isdigit() for c in shown)
    save(client, language="ar", digits="arabic", timezone="Asia/Beirut", month_names="levantine")
    assert "شباط" in public_date()


def test_public_reports_name_staff_only_when_the_desk_allows_and_they_agreed(client, app, admin, make_article,
                                                                             make_claim, make_user):
    anonymous = app.test_client()
    token = publish_now(make_article, make_claim, make_user, opt_in=True)
    html = anonymous.get(f"/r/{token}").get_data(as_text=True)
    assert "Omar Editor" not in html and "Rana Reviewer" not in html  # the default: the desk's name only
    assert "ClaimDesk" in html
    assert anonymous.get(f"/r/{token}.json").json["summary"]["approvals"][0]["user"] == {
        "id": None, "name": "ClaimDesk", "email": None}

    save(client, public_staff_names=True)
    token = publish_now(make_article, make_claim, make_user, opt_in=True)
    assert "Omar Editor" in anonymous.get(f"/r/{token}").get_data(as_text=True)
    token = publish_now(make_article, make_claim, make_user, opt_in=False)
    html = anonymous.get(f"/r/{token}").get_data(as_text=True)
    assert "Omar Editor" not in html and "Rana Reviewer" not in html


def test_the_environment_wins_and_the_page_says_so(client, app, admin, monkeypatch):
    save(client, org_name="Stored Desk")
    monkeypatch.setitem(app.config, "DESK_ENV_FIXED", ("ORG_NAME",))
    monkeypatch.setitem(app.config, "ORG_NAME", "Env Desk")
    assert desk_settings.value("org_name") == "Env Desk"
    page = client.get("/admin/desk").get_data(as_text=True)
    assert "Fixed by the environment (CLAIMDESK_ORG_NAME)" in page and 'name="org_name"' not in page
    assert "Env Desk" in app.test_client().get("/published").get_data(as_text=True)
    assert save(client, logo_text="ED").status_code == 302  # the other settings still save
    assert desk_settings.value("logo_text") == "ED" and desk_settings.value("org_name") == "Env Desk"
    with pytest.raises(ValidationError):
        desk_settings.update(admin, {"org_name": "Page Desk"})


def test_a_bad_value_is_refused_and_nothing_changes(client, admin):
    response = save(client, timezone="Mars/Olympus_Mons", org_name="Half saved")
    assert response.status_code == 422
    assert desk_settings.value("timezone") == "UTC" and desk_settings.value("org_name") == "ClaimDesk"
    with pytest.raises(ValidationError):
        desk_settings.update(admin, {"timezone": "Mars/Olympus_Mons"})
    assert save(client, org_name="").status_code == 422


def test_unnamed_approvers_are_one_entry_under_the_desks_name(app, make_article, make_claim, make_user):
    reviewer = make_user("reviewer")
    editors = [make_user("editor", name="Omar Editor"), make_user("editor", name="Lina Editor")]
    article = make_article(body="The base holds about 1,000 soldiers. The road is closed.", language="en")
    for quote, editor in zip(("about 1,000 soldiers", "The road is closed"), editors, strict=True):
        review_claim(make_claim(article, quote, actor=reviewer), reviewer, editor, verdict="false")
    report_service.publish(editors[0], article, **site_options())
    db.session.commit()
    token = db.session.query(Publication).one().token
    approvals = app.test_client().get(f"/r/{token}.json").json["summary"]["approvals"]
    assert [(a["user"]["name"], a["claims"]) for a in approvals] == [("ClaimDesk", 2)]
