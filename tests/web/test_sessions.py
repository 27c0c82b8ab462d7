"""Sessions end on the server: cookies copied before logout, password change or deactivation stop working;
passwords are refused with a reason in every form that sets one; HSTS in production."""

import pytest

from app import create_app
from app.extensions import db
from app.services import users
from config import ProductionConfig, TestingConfig
from tests.conftest import PASSWORD, login


def copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


@pytest.mark.parametrize("names", [("session",), ("remember_token",), ("session", "remember_token")])
def test_cookies_copied_before_logout_stop_working(app, make_user, names):
    user = make_user()
    browser, thief = app.test_client(), app.test_client()
    login(browser, user, remember=True)
    copy_cookies(browser, thief, names)
    assert thief.get("/queue/").status_code == 200  # the copy works while the session lives
    browser.post("/logout")
    assert browser.get("/queue/").status_code == 302
    after = thief.get("/queue/")
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_logout_ends_the_accounts_other_sessions_too(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    laptop.post("/logout")
    assert phone.get("/queue/").status_code == 302
    assert login(phone, user).status_code == 302 and phone.get("/queue/").status_code == 200


def test_a_password_change_ends_copied_remember_me_cookies(app, make_user):
    user = make_user()
    browser, thief = app.test_client(), app.test_client()
    login(browser, user, remember=True)
    copy_cookies(browser, thief, ("remember_token",))
    browser.post("/password", data={"current_password": PASSWORD, "new_password": "olive tram seven cobalt",
                                    "confirm": "olive tram seven cobalt"})
    assert browser.get("/queue/").status_code == 200
    assert thief.get("/queue/").status_code == 302


def test_deactivation_ends_copied_cookies(app, make_user):
    admin, user = make_user("admin"), make_user()
    browser, thief = app.test_client(), app.test_client()
    login(browser, user, remember=True)
    copy_cookies(browser, thief)
    users.set_active(admin, user, False)
    db.session.commit()
    assert thief.get("/queue/").status_code == 302
    users.set_active(admin, user, True)  # reactivated: the old cookies still do not come back
    db.session.commit()
    assert thief.get("/queue/").status_code == 302


@pytest.mark.parametrize(("password", "reason"), [
    ("aaaaaaaaaaaa", "repeats the same few characters"),
    ("1234567890", "is a sequence"),
    ("password1234", "one of the most common passwords"),
    ("leila.mansour-88", "must not contain your name or your e-mail"),
])
def test_the_password_page_says_why_a_password_is_refused(client, make_user, password, reason):
    user = make_user(email="leila.mansour@desk.example", name="Leila Mansour")
    login(client, user)
    response = client.post("/password", data={"current_password": PASSWORD, "new_password": password,
                                              "confirm": password})
    assert response.status_code == 400 and reason in response.get_data(as_text=True)
    client.post("/logout")
    assert login(client, user).status_code == 302  # the old password still works


def test_admin_user_creation_says_why_a_password_is_refused(client, make_user):
    login(client, make_user("admin"))
    response = client.post("/admin/users", data={"email": "karim@desk.example", "role": "editor", "name": "Karim",
                                                 "password": "qwertyuiop123"})
    assert "is a sequence" in response.get_data(as_text=True)
    assert users.find_user("karim@desk.example") is None


@pytest.mark.parametrize(("password", "reason"), [("aaaaaaaaaaaa", "repeats"), ("1234567890", "sequence"),
                                                  ("password1234", "most common"), ("nadia.salem1", "name")])
def test_cli_user_creation_says_why_a_password_is_refused(runner, password, reason):
    result = runner.invoke(args=["users", "create", "nadia.salem@desk.example", "--password", password])
    assert result.exit_code != 0 and reason in result.output
    assert users.find_user("nadia.salem@desk.example") is None


def test_demo_passwords_pass_the_rules(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo users" in result.output


def test_hsts_in_production_is_configurable(tmp_path):
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        RATELIMIT_STORAGE_URI = "memory://"
        PUBLIC_BASE_URL = "https://desk.example"

    response = create_app(Production).test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    class Short(Production):
        HSTS_SECONDS = 600
        HSTS_INCLUDE_SUBDOMAINS = False

    assert create_app(Short).test_client().get("/login").headers["Strict-Transport-Security"] == "max-age=600"

    class Off(Production):
        HSTS_SECONDS = 0

    assert "Strict-Transport-Security" not in create_app(Off).test_client().get("/login").headers
    assert "Strict-Transport-Security" not in create_app(TestingConfig).test_client().get("/login").headers
