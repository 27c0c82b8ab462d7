"""Failed logins slow the attacking address, and strangers' failures never lock an account's owner out of
the browsers they logged in from before, nor out of an account with two-factor on."""

from __future__ import annotations

import base64
import json
import re

from app.auth import known_device
from app.extensions import limiter
from tests.conftest import PASSWORD, login
from tests.two_factor_helpers import fresh_code, turn_on

WRONG = "wrong-wrong-wrong"


def client_from(app, address: str):
    """A browser of its own (its own cookies) at its own address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def strangers_fail(app, email: str, times: int, net: str = "198.51.100") -> list[int]:
    """Wrong passwords for one account from `times` addresses (no address reaches its own limit)."""
    return [client_from(app, f"{net}.{n}").post("/login", data={"email": email, "password": WRONG}).status_code
            for n in range(times)]


def owner_logs_in_once(app, user, address: str = "192.0.2.10"):
    owner = client_from(app, address)
    assert login(owner, user).status_code == 302
    assert owner.post("/logout").status_code == 302
    return owner


def test_thirty_failures_from_strangers_do_not_lock_the_owner_out_of_a_known_browser(app, make_user):
    user = make_user("editor")
    owner = owner_logs_in_once(app, user)
    statuses = strangers_fail(app, user.email, 31)
    # The account's limit holds for strangers (the owner's first login, from a then unknown browser, counted).
    assert statuses[:29] == [400] * 29 and statuses[29:] == [429, 429]
    response = login(owner, user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert owner.get("/queue/").status_code == 200


def test_a_stranger_on_a_new_browser_is_refused_after_the_accounts_limit_even_with_the_password(app, make_user):
    user = make_user("editor")
    strangers_fail(app, user.email, 30)
    newcomer = client_from(app, "203.0.113.7")
    refused = login(newcomer, user)
    assert refused.status_code == 429
    assert "Too many login attempts for this account" in refused.get_data(as_text=True)
    assert newcomer.get("/queue/").status_code == 302  # not logged in


def test_the_per_address_limit_still_holds_for_every_browser(app, make_user):
    user = make_user()
    owner = owner_logs_in_once(app, user, address="192.0.2.20")
    attacker = client_from(app, "198.51.100.99")
    statuses = [attacker.post("/login", data={"email": user.email, "password": WRONG}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    assert "wait a minute" in attacker.post("/login", data={"email": "other@desk.example", "password": WRONG}
                                            ).get_data(as_text=True)
    # The owner's address is another one, and their browser is known: in.
    assert login(owner, user).status_code == 302
    # From the attacker's address, even the known browser waits (the address is what is slowed).
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.99"
    assert owner.post("/logout").status_code == 302
    assert login(owner, user).status_code == 429


def test_a_browser_known_for_another_account_is_a_stranger_to_this_one(app, make_user):
    victim, attacker_account = make_user("editor"), make_user()
    attacker = owner_logs_in_once(app, attacker_account, address="198.51.100.200")
    strangers_fail(app, victim.email, 30)
    assert attacker.post("/login", data={"email": victim.email, "password": WRONG}).status_code == 429
    # A cookie that is not signed with the desk's key counts for nothing either.
    forger = client_from(app, "198.51.100.201")
    forger.set_cookie(known_device.COOKIE, "W10.forged.signature", path="/login")
    assert forger.post("/login", data={"email": victim.email, "password": WRONG}).status_code == 429


def test_the_known_browser_note_is_a_signed_http_only_cookie_for_the_login_pages(app, make_user):
    user = make_user()
    response = login(client_from(app, "192.0.2.30"), user)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(known_device.COOKIE + "="))
    assert "HttpOnly" in cookie and "Path=/login" in cookie and "SameSite=Lax" in cookie
    # What anyone who sees it reads: one opaque mark, naming no account.
    payload = cookie.split("=", 1)[1].split(";")[0].split(".")[0]
    marks = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert len(marks) == 1 and re.fullmatch(r"[0-9a-f]{32}", marks[0])
    assert user.email not in cookie


def test_a_password_change_makes_known_browsers_strangers_until_they_log_in_again(app, make_user):
    """Someone who once logged in with a leaked password must not keep a way around the limit after the
    owner changes it: the note is bound to the password."""
    user = make_user()
    thief = owner_logs_in_once(app, user, address="198.51.100.150")
    owner = client_from(app, "192.0.2.50")
    assert login(owner, user).status_code == 302
    new = "a-new-long-passphrase"
    assert owner.post("/password", data={"current_password": PASSWORD, "new_password": new,
                                         "confirm": new}).status_code == 302
    strangers_fail(app, user.email, 30)
    assert thief.post("/login", data={"email": user.email, "password": WRONG}).status_code == 429
    # The owner's browser too, until it logs in again; then it is known for the new password.
    assert owner.post("/logout").status_code == 302
    assert login(owner, user, password=new).status_code == 429
    limiter.reset()  # ten minutes later
    assert login(owner, user, password=new).status_code == 302
    assert owner.post("/logout").status_code == 302
    strangers_fail(app, user.email, 30, net="203.0.113")
    assert login(owner, user, password=new).status_code == 302


def test_strangers_who_know_the_password_cannot_lock_a_two_factor_owner_out_of_a_known_browser(app, make_user):
    user = make_user("editor")
    turn_on(user)
    owner = client_from(app, "192.0.2.40")
    assert login(owner, user).headers["Location"].endswith("/login/code")
    assert owner.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 302
    assert owner.post("/logout").status_code == 302
    # Someone with the password (phished) tries codes from many addresses until the code limit refuses them.
    statuses = []
    for n in range(12):
        thief = client_from(app, f"198.51.100.{n}")
        assert login(thief, user).status_code == 302
        statuses.append(thief.post("/login/code", data={"code": "000000"}).status_code)
    # (The owner's first code, from a then unknown browser, counted too.)
    assert statuses[:9] == [400] * 9 and statuses[9:] == [429] * 3
    # The owner's known browser has its own budget: in.
    assert login(owner, user).headers["Location"].endswith("/login/code")
    assert owner.post("/login/code", data={"code": fresh_code(user.id)}).status_code == 302
    assert owner.get("/queue/").status_code == 200


def test_spellings_of_the_address_share_the_accounts_limit_and_forwarded_for_does_not_reset_the_address(
        app, make_user):
    user = make_user("editor")
    spellings = [user.email.upper(), f"  {user.email}  ", user.email.title()]
    statuses = [client_from(app, f"198.51.100.{n}").post(
        "/login", data={"email": spellings[n % 3], "password": WRONG}).status_code for n in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
    # Without a proxy configured (PROXY_FIX_X_FOR=0) a forged X-Forwarded-For is not a new address.
    attacker = client_from(app, "203.0.113.50")
    forged = [attacker.post("/login", data={"email": "x@desk.example", "password": WRONG},
                            headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(11)]
    assert forged[-1] == 429
