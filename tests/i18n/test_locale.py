"""The reader's language: user setting > browser cookie > Accept-Language > the desk's default; remembered."""

from __future__ import annotations

import re

from app.extensions import db
from app.localization import COOKIE
from app.models import User
from app.services import preferences
from tests.conftest import login


def html_lang(response) -> tuple[str, str]:
    match = re.search(r'<html lang="(\w+)" dir="(\w+)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:300]
    return match.group(1), match.group(2)


def test_anonymous_pages_follow_accept_language(client):
    assert html_lang(client.get("/login")) == ("en", "ltr")
    arabic = client.get("/login", headers={"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"})
    assert html_lang(arabic) == ("ar", "rtl")
    text = arabic.get_data(as_text=True)
    assert "كلمة المرور" in text and "تذكّرني" in text and "Password" not in text
    assert html_lang(client.get("/login", headers={"Accept-Language": "fr, en;q=0.3"})) == ("en", "ltr")


def test_the_cookie_outranks_accept_language_and_the_switch_sets_it(client):
    answer = client.post("/language", data={"lang": "ar", "next": "/login"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    assert f"{COOKIE}=ar" in answer.headers["Set-Cookie"] and "Max-Age" in answer.headers["Set-Cookie"]
    assert html_lang(client.get("/login", headers={"Accept-Language": "en"})) == ("ar", "rtl")
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert html_lang(client.get("/login", headers={"Accept-Language": "ar"})) == ("en", "ltr")


def test_a_bad_language_or_next_changes_nothing(client):
    answer = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert answer.status_code == 302 and "evil.example" not in answer.headers["Location"]
    assert COOKIE not in answer.headers.get("Set-Cookie", "")


def test_the_user_setting_outranks_the_cookie_and_follows_them_to_a_new_browser(app, client, make_user):
    user = make_user("reviewer")
    login(client, user)
    client.post("/language", data={"lang": "ar", "next": "/queue/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "ar"
    # Another browser whose cookie says English: once logged in, the account's Arabic wins.
    other = app.test_client()
    other.set_cookie(COOKIE, "en")
    assert html_lang(other.get("/login")) == ("en", "ltr")
    logged_in = login(other, user)
    assert f"{COOKIE}=ar" in logged_in.headers["Set-Cookie"]  # and after logging out, the login page stays Arabic
    page = other.get("/queue/", headers={"Accept-Language": "en"})
    assert html_lang(page) == ("ar", "rtl")
    assert "قائمة الادعاءات" in page.get_data(as_text=True)


def test_the_settings_page_stores_language_zone_and_digits(client, make_user):
    user = make_user("reviewer")
    login(client, user)
    page = client.get("/account/settings")
    assert page.status_code == 200 and 'name="timezone"' in page.get_data(as_text=True)
    saved = client.post("/account/settings", data={"language": "ar", "timezone": "Asia/Beirut", "digits": "arabic"})
    assert saved.status_code == 302 and f"{COOKIE}=ar" in saved.headers["Set-Cookie"]
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.locale, stored.timezone, stored.digits) == ("ar", "Asia/Beirut", "arabic")
    after = client.get("/account/settings").get_data(as_text=True)
    assert "حُفظت الإعدادات." in after and "المنطقة الزمنية" in after


def test_a_zone_the_desk_does_not_know_is_refused_in_the_readers_language(client, make_user):
    user = make_user("reviewer")
    login(client, user)
    client.post("/language", data={"lang": "ar", "next": "/"})
    answer = client.post("/account/settings", data={"language": "ar", "timezone": "Mars/Olympus", "digits": "western"})
    assert answer.status_code == 422
    assert "اختيار غير صالح." in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).timezone is None


def test_the_preferences_service_checks_every_value(make_user):
    user = make_user("reviewer")
    for bad in ({"timezone": "Not/AZone"}, {"digits": "roman"}, {"language": "fr"}, {"timezone": "x" * 200}):
        try:
            preferences.update_preferences(user, bad)
        except preferences.ValidationError as exc:
            assert set(exc.fields) == set(bad)
        else:  # pragma: no cover - the assertion explains
            raise AssertionError(f"{bad} was accepted")
    assert preferences.update_preferences(user, {"timezone": "Africa/Cairo", "digits": "arabic"}) == ["timezone", "digits"]
    assert preferences.update_preferences(user, {"timezone": "Africa/Cairo"}) == []


def test_the_api_answers_in_the_requests_language_whoever_the_token_belongs_to(api, make_user):
    user = make_user("reviewer")
    user.locale = "ar"
    db.session.commit()
    client = api(user=user)
    english = client.get("/api/v1/claims/999999")
    assert english.status_code == 404 and english.json["error"]["message"] == "No claim 999999."
    arabic = client.client.get("/api/v1/claims/999999", headers={**client.headers, "Accept-Language": "ar"})
    assert arabic.json["error"] == {"code": "not_found", "message": "لا يوجد ادعاء برقم 999999.", "fields": {}}
    bad = client.client.post("/api/v1/articles", json={"title": "", "body": ""},
                             headers={**client.headers, "Accept-Language": "ar"})
    assert bad.status_code == 422 and bad.json["error"]["fields"]["body"] == "هذا الحقل مطلوب."


def test_error_pages_and_flashes_speak_arabic(client_ar, make_user):
    missing = client_ar.get("/no-such-page")
    assert missing.status_code == 404 and "الصفحة غير موجودة" in missing.get_data(as_text=True)
    user = make_user("reviewer")
    denied = client_ar.get("/queue/", follow_redirects=True)
    assert "يُرجى تسجيل الدخول للمتابعة." in denied.get_data(as_text=True)
    wrong = client_ar.post("/login", data={"email": user.email, "password": "not-the-password"})
    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة" in wrong.get_data(as_text=True)


def test_form_choices_are_labels_in_the_interface_language(client, make_user, make_claim):
    user = make_user("reviewer")
    claim = make_claim()
    login(client, user)
    client.post("/language", data={"lang": "ar", "next": "/"})
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert '<option value="likely_true">صحيح على الأرجح</option>' in page
    assert "يؤيد" in page and "موثوق عادةً" in page


def test_the_cli_speaks_the_environments_language(app, runner):
    def create(email: str, lang: str):
        with app.app_context():  # a command runs in a process of its own: a fresh context each time
            return runner.invoke(args=["users", "create", email, "--role", "editor", "--password", "amber-lantern-fjord"],
                                 env={"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""})

    english = create("a@desk.example", "C.UTF-8")
    assert english.exit_code == 0 and "Created a@desk.example (editor)." in english.output
    arabic = create("b@desk.example", "ar_EG.UTF-8")
    assert arabic.exit_code == 0 and "أُنشئ الحساب b@desk.example (editor)." in arabic.output


def test_a_missing_csrf_token_is_explained_in_arabic(app, client_ar):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client_ar.post("/login", data={"email": "a@desk.example", "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert "رمز الحماية (CSRF) مفقود" in refused.get_data(as_text=True) and "CSRF token" not in refused.get_data(as_text=True)
