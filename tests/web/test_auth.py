"""Logging in and out, remember me, password change, deactivation, rate limits."""

import re

from app.extensions import db
from app.services import users
from tests.conftest import PASSWORD, login


def test_login_logout(client, make_user):
    user = make_user("reviewer")
    assert client.get("/queue/").status_code == 302
    response = login(client, user)
    assert response.status_code == 302
    assert client.get("/queue/").status_code == 200
    client.post("/logout")
    assert client.get("/queue/").status_code == 302


def test_wrong_password_is_a_form_error_not_a_hint(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong-password!"})
    assert response.status_code == 400
    assert "Wrong email or password" in response.get_data(as_text=True)
    unknown = client.post("/login", data={"email": "nobody@desk.example", "password": "wrong-password!"})
    assert "Wrong email or password" in unknown.get_data(as_text=True)


def test_passwords_are_stored_hashed(make_user):
    user = make_user()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    response = login(client, make_user(), remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def test_login_attempts_are_rate_limited(client, make_user):
    user = make_user()
    statuses = [client.post("/login", data={"email": user.email, "password": "nope-nope-nope"}).status_code
                for _ in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_password_change_ends_other_sessions(app, make_user):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    response = first.post("/password", data={"current_password": PASSWORD, "new_password": "a-new-long-password",
                                             "confirm": "a-new-long-password"})
    assert response.status_code == 302
    assert first.get("/queue/").status_code == 200
    assert second.get("/queue/").status_code == 302


def test_a_wrong_current_password_is_shown_on_the_form(client, make_user):
    login(client, make_user())
    response = client.post("/password", data={"current_password": "not-it-at-all", "new_password": "a-new-long-password",
                                              "confirm": "a-new-long-password"})
    assert "Wrong password" in response.get_data(as_text=True)


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(client, make_user):
    admin, user = make_user("admin"), make_user()
    login(client, user)
    users.set_active(admin, user, False)
    db.session.commit()
    assert client.get("/queue/").status_code == 302
    assert login(client, user).status_code == 400


def test_admin_adds_a_user_and_changes_a_role(client, make_user):
    admin = make_user("admin")
    login(client, admin)
    response = client.post("/admin/users", data={"email": "New.Person@Desk.example", "role": "editor", "name": "New"},
                           follow_redirects=True)
    assert "new.person@desk.example added with the password" in response.get_data(as_text=True)
    new = users.find_user("new.person@desk.example")
    assert new.role == "editor"
    client.post(f"/admin/users/{new.id}/role", data={"role": "reviewer"})
    db.session.expire_all()
    assert users.find_user("new.person@desk.example").role == "reviewer"
    dup = client.post("/admin/users", data={"email": "new.person@desk.example", "role": "editor"})
    assert "Already registered" in dup.get_data(as_text=True)


def test_an_admin_token_is_shown_once_and_works(client, make_user):
    admin, user = make_user("admin"), make_user()
    login(client, admin)
    page = client.post(f"/admin/users/{user.id}/tokens", data={"name": "cms"}, follow_redirects=True).get_data(as_text=True)
    token = re.search(r"\(shown once\): <code>([^<]+)</code>", page).group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["email"] == user.email
    again = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert token not in again


def test_csrf_is_enforced_on_forms(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        user = make_user()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert client.get("/queue/").status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
