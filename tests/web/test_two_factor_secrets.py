"""Two-factor secrets stay on the server: the set-up secret rides in the session cookie only sealed, the
stored secret is sealed at rest, and a change of SECRET_KEY is survived (fallbacks, then rotate-secrets)."""

from __future__ import annotations

import html
import re
import zlib

import pyotp
from itsdangerous import base64_decode

from app.extensions import db
from app.models import User
from app.services import secret_box, two_factor
from tests.conftest import login
from tests.two_factor_helpers import fresh_code, raw_secret, turn_on


def shown_secret(page_text: str) -> str:
    uri = html.unescape(re.search(r'class="otpauth"[^>]*>([^<]+)<', page_text).group(1))
    return pyotp.parse_uri(uri).secret


def session_payload(client) -> str:
    """The session cookie as anyone who sees it reads it: itsdangerous's payload, unsigned, maybe zlib'd."""
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    data = base64_decode(value.lstrip(".").split(".")[0])
    return (zlib.decompress(data) if compressed else data).decode()


def test_the_set_up_secret_is_not_readable_in_the_session_cookie(client, make_user):
    user = make_user()
    login(client, user)
    secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
    payload = session_payload(client)
    assert "two_factor_setup_secret" in payload  # the set-up is in the session...
    assert secret not in payload and secret.lower() not in payload.lower()  # ...but not the secret
    # The same secret on reload, from its sealed form.
    assert shown_secret(client.get("/account/two-factor").get_data(as_text=True)) == secret


def test_the_stored_secret_is_sealed_and_login_with_a_code_still_works(client, make_user):
    user = make_user()
    login(client, user)
    secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
    assert client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 200
    stored = raw_secret(user.id)
    assert stored and secret not in stored and not re.fullmatch(r"[A-Z2-7=]+", stored)
    assert secret_box.box().open(stored) == secret  # a Fernet token under the desk's key
    assert "two_factor_setup_secret" not in session_payload(client)  # the set-up is over
    client.post("/logout")
    assert login(client, user).headers["Location"].endswith("/login/code")
    assert client.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 302
    assert client.get("/queue/").status_code == 200


def test_an_abandoned_set_up_expires_and_shows_a_new_secret(client, make_user, monkeypatch):
    user = make_user()
    login(client, user)
    old = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
    monkeypatch.setattr(two_factor, "SETUP_SECONDS", -1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(old).now()})
    assert response.status_code == 400 and "The set-up has expired" in response.get_data(as_text=True)
    assert shown_secret(response.get_data(as_text=True)) != old
    assert not db.session.get(User, user.id).two_factor_enabled


def test_a_secret_sealed_under_an_old_key_still_works_and_rotate_secrets_reseals_it(app, runner, make_user,
                                                                                    use_keys):
    use_keys("the-old-desk-key")
    user = make_user()
    turn_on(user)
    before = raw_secret(user.id)
    use_keys("the-new-desk-key", "the-old-desk-key")
    assert two_factor.verify(user, fresh_code(user.id)) == "totp"  # opened with the fallback
    db.session.commit()
    result = runner.invoke(args=["users", "rotate-secrets"])
    assert result.exit_code == 0, result.output
    assert "re-sealed with the current key: 1; already sealed with it: 0." in result.output
    after = raw_secret(user.id)
    assert after != before
    use_keys("the-new-desk-key")  # the old key retired: the secret still opens
    assert two_factor.verify(db.session.get(User, user.id), fresh_code(user.id)) == "totp"
    db.session.commit()
    again = runner.invoke(args=["users", "rotate-secrets"])
    assert "re-sealed with the current key: 0; already sealed with it: 1." in again.output
    assert raw_secret(user.id) == after


def test_a_secret_no_key_opens_is_named_and_recovery_codes_still_work(app, runner, make_user, use_keys):
    user = make_user()
    codes = turn_on(user)
    phone = pyotp.TOTP(two_factor.secret_of(user))
    use_keys("a-key-that-never-sealed-it")
    assert two_factor.secret_of(user) is None and two_factor.verify(user, phone.now()) is None
    assert two_factor.verify(user, codes[0]) == "recovery"  # the way back in
    db.session.commit()
    result = runner.invoke(args=["users", "rotate-secrets"])
    assert result.exit_code == 1
    assert f"{user.email}: no configured key opens this secret" in result.output
    assert f"users reset-two-factor {user.email}" in result.output


def test_a_set_up_left_in_a_shared_browser_is_not_handed_to_the_next_account(client, make_user):
    """Someone who starts a set-up and logs out must not have scanned the secret the next user enables."""
    first, second = make_user(), make_user()
    login(client, first)
    first_secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
    client.post("/logout")
    login(client, second)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert shown_secret(page) != first_secret
    refused = client.post("/account/two-factor", data={"code": pyotp.TOTP(first_secret).now()})
    assert refused.status_code == 400
