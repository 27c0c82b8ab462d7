"""Two-factor login through the pages: set-up with a QR code, the second login step, recovery codes,
turning it off, the desk requiring it, admins resetting it; API tokens unaffected."""

import html
import re

import pyotp
import pytest

from app.extensions import db
from app.models import User
from app.services import two_factor, users
from tests.conftest import PASSWORD, login
from tests.two_factor_helpers import fresh_code, turn_on
from tests.web.test_login_lockout import client_from


def set_up_through_the_page(client, user) -> list[str]:
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    uri = html.unescape(re.search(r'class="otpauth"[^>]*>([^<]+)<', text).group(1))
    secret = pyotp.parse_uri(uri).secret
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and response.headers["Cache-Control"] == "no-store"
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", response.get_data(as_text=True))


def test_the_set_up_page_shows_the_otpauth_uri_and_its_qr_code(client, make_user):
    user = make_user(email="rana@desk.example")
    login(client, user)
    text = client.get("/account/two-factor").get_data(as_text=True)
    uri = html.unescape(re.search(r'class="otpauth"[^>]*>([^<]+)<', text).group(1))
    assert uri.startswith("otpauth://totp/ClaimDesk:rana%40desk.example?secret=")
    qr = re.search(r'<img class="qr" src="data:image/svg\+xml;charset=utf-8,(%3Csvg[^"]+svg%3E)"', text)
    assert qr and "%3Cpath" in qr.group(1), "the QR code is drawn here as SVG (no external service)"
    assert 'name="code"' in text
    # The same secret on reload (the phone scanned it), and it is not enabled until a code proves it.
    assert uri in html.unescape(client.get("/account/two-factor").get_data(as_text=True))
    assert not db.session.get(User, user.id).two_factor_enabled


def test_turning_it_on_shows_ten_recovery_codes_once(client, make_user):
    user = make_user()
    login(client, user)
    codes = set_up_through_the_page(client, user)
    assert len(codes) == 10
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert "10 unused recovery codes" in again and not any(code in again for code in codes)


def test_a_wrong_code_does_not_turn_it_on(client, make_user):
    user = make_user()
    login(client, user)
    client.get("/account/two-factor")
    response = client.post("/account/two-factor", data={"code": "abc"})
    assert response.status_code == 400 and "Wrong or already used code" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, user.id).two_factor_enabled


def test_login_asks_for_a_code_and_the_half_logged_in_state_opens_nothing(client, api, make_user):
    user = make_user()
    turn_on(user)
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    page = client.get("/login/code").get_data(as_text=True)
    assert 'name="code"' in page
    for url in ("/queue/", "/articles/", "/account/two-factor", "/password", "/admin/users"):
        assert client.get(url).status_code == 302, url
    assert client.post("/logout").status_code == 302  # not logged in: login_required sends it to the login page
    wrong = client.post("/login/code", data={"code": "000000" if fresh_code(user.id) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Wrong or already used code" in wrong.get_data(as_text=True)
    ok = client.post("/login/code", data={"code": fresh_code(user.id)})
    assert ok.status_code == 302
    assert client.get("/queue/").status_code == 200


def test_a_replayed_code_does_not_log_in_twice(app, make_user):
    user = make_user()
    turn_on(user)
    first, second = app.test_client(), app.test_client()
    code = fresh_code(user.id)
    login(first, user)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    login(second, user)
    assert second.post("/login/code", data={"code": code}).status_code == 400
    assert second.get("/queue/").status_code == 302


def test_a_recovery_code_logs_in_once(app, make_user):
    user = make_user()
    codes = turn_on(user)
    client = app.test_client()
    login(client, user)
    response = client.post("/login/code", data={"code": codes[0]}, follow_redirects=True)
    assert "recovery code; 9 are left" in response.get_data(as_text=True)
    client.post("/logout")
    login(client, user)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 400


def test_remember_me_and_next_survive_the_second_step(client, make_user):
    user = make_user()
    turn_on(user)
    client.post("/login?next=/articles/", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    response = client.post("/login/code", data={"code": fresh_code(user.id)})
    assert response.headers["Location"].endswith("/articles/")
    assert any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_the_code_step_expires_and_ends_with_the_account(client, make_user):
    admin, user = make_user("admin"), make_user()
    turn_on(user)
    login(client, user)
    users.set_active(admin, user, False)
    db.session.commit()
    response = client.post("/login/code", data={"code": fresh_code(user.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/queue/").status_code == 302


def test_codes_are_rate_limited(client, make_user):
    user = make_user()
    turn_on(user)
    login(client, user)
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(12)]
    assert statuses[-1] == 429 and 429 not in statuses[:9]
    # Even the right code waits once the limit is reached.
    assert client.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 429


def test_strangers_wrong_passwords_are_limited_on_a_two_factor_account_too(app, make_user, monkeypatch):
    """Two-factor does not lift the password limit per account (guessing the password from many addresses
    would still learn it); the owner's browser that logged in before counts apart and gets in."""
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "5 per 10 minutes")
    user = make_user()
    turn_on(user)
    owner = client_from(app, "192.0.2.10")
    assert login(owner, user).headers["Location"].endswith("/login/code")
    assert owner.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 302
    assert owner.post("/logout").status_code == 302
    statuses = [client_from(app, f"198.51.100.{n}").post(
        "/login", data={"email": user.email, "password": "wrong-wrong-wrong"}).status_code for n in range(8)]
    assert 429 in statuses and statuses[-1] == 429
    assert client_from(app, "203.0.113.9").post(
        "/login", data={"email": user.email, "password": PASSWORD}).status_code == 429  # the right one too
    assert login(owner, user).headers["Location"].endswith("/login/code")  # the owner's known browser
    assert owner.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 302
    assert owner.get("/queue/").status_code == 200


def test_turning_it_off_needs_password_and_code(client, make_user):
    user = make_user()
    login(client, user)
    set_up_through_the_page(client, user)
    wrong = client.post("/account/two-factor/disable", data={"password": "wrong-wrong-wrong",
                                                              "code": fresh_code(user.id)})
    assert wrong.status_code == 400 and "Wrong password" in wrong.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled
    ok = client.post("/account/two-factor/disable", data={"password": PASSWORD, "code": fresh_code(user.id)})
    assert ok.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, user.id).two_factor_enabled
    client.post("/logout")
    assert login(client, user).headers["Location"].endswith("/")  # no second step any more


def test_new_recovery_codes_are_shown_once(client, make_user):
    user = make_user()
    login(client, user)
    old = set_up_through_the_page(client, user)
    response = client.post("/account/two-factor/recovery-codes", data={"code": fresh_code(user.id)})
    new = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    db.session.expire_all()
    assert two_factor.verify(db.session.get(User, user.id), old[0]) is None
    assert two_factor.verify(db.session.get(User, user.id), new[0]) == "recovery"


def test_turning_it_on_ends_the_accounts_other_sessions(app, make_user):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    set_up_through_the_page(here, user)
    assert here.get("/queue/").status_code == 200
    assert elsewhere.get("/queue/").status_code == 302


def test_api_tokens_are_unaffected(client, api, make_user):
    user = make_user("editor")
    turn_on(user)
    admin = make_user("admin")
    two_factor.set_required(admin, True)
    db.session.commit()
    token_client = api(user=make_user("editor"))  # required but not set up: the API still answers
    assert token_client.get("/api/v1/me").status_code == 200
    assert api(user=user).get("/api/v1/me").json["email"] == user.email


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_required_desk_leads_editors_and_admins_to_set_it_up(client, make_user, role):
    admin = make_user("admin")
    login(client, admin)
    client.post("/admin/settings/two-factor", data={"required": "y"})
    db.session.expire_all()
    assert two_factor.is_required()
    client.post("/logout")
    user = make_user(role)
    assert login(client, user).status_code == 302
    for url in ("/queue/", "/articles/", "/admin/users"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor"), url
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "requires two-factor login for your role" in page
    set_up_through_the_page(client, user)
    assert client.get("/queue/").status_code == 200


def test_a_required_desk_leaves_reviewers_alone(client, make_user):
    two_factor.set_required(make_user("admin"), True)
    db.session.commit()
    login(client, make_user("reviewer"))
    assert client.get("/queue/").status_code == 200


def test_only_admins_change_the_setting(client, make_user):
    login(client, make_user("editor"))
    assert client.post("/admin/settings/two-factor", data={"required": "y"}).status_code == 403
    assert not two_factor.is_required()


def test_an_admin_resets_a_users_two_factor_and_it_is_in_the_history(app, make_user):
    admin, user = make_user("admin"), make_user()
    turn_on(user)
    own = app.test_client()
    login(own, user)
    own.post("/login/code", data={"code": fresh_code(user.id)})
    desk = app.test_client()
    login(desk, admin)
    page = desk.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Reset two-factor login" in page
    response = desk.post(f"/admin/users/{user.id}/two-factor/reset", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "was reset" in text and "reset two-factor login" in text  # the history line
    db.session.expire_all()
    assert not db.session.get(User, user.id).two_factor_enabled
    assert own.get("/queue/").status_code == 302  # their sessions ended
    assert login(own, user).headers["Location"].endswith("/")  # and the password alone logs in again


def test_a_reviewer_cannot_reset_anyones_two_factor(client, make_user):
    user = make_user()
    turn_on(user)
    login(client, make_user("editor"))
    assert client.post(f"/admin/users/{user.id}/two-factor/reset").status_code == 403
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled


def test_the_command_line_resets_it_for_a_locked_out_admin(runner, make_user):
    admin = make_user("admin")
    turn_on(admin)
    result = runner.invoke(args=["users", "reset-two-factor", admin.email])
    assert result.exit_code == 0 and "is off" in result.output
    db.session.expire_all()
    assert not db.session.get(User, admin.id).two_factor_enabled
    assert users.account_history(admin)[0].action == "two_factor_reset"
    assert runner.invoke(args=["users", "reset-two-factor", "nobody@desk.example"]).exit_code != 0


def test_last_login_is_the_completed_login(client, make_user):
    user = make_user()
    turn_on(user)
    login(client, user)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is None  # the password alone is not a login
    client.post("/login/code", data={"code": fresh_code(user.id)})
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None
