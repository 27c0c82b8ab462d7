"""In a real browser: an editor on a desk that requires two-factor sets it up from the QR page, then logs in
with a code from the app, and again with a recovery code."""

import os

import pyotp
import pytest

from app.extensions import db
from app.services import two_factor
from tests.conftest import PASSWORD
from tests.two_factor_helpers import fresh_code

pytestmark = pytest.mark.e2e

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


def password_step(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")


def log_out(page):
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/login")


def test_two_factor_set_up_and_login_in_a_browser(live_server, browser, make_user):
    two_factor.set_required(make_user("admin"), True)
    db.session.commit()
    editor = make_user("editor")
    page = browser.new_page(viewport={"width": 390, "height": 900})

    # The password alone leads to the set-up page, and nothing else opens until it is done.
    password_step(page, live_server, editor)
    page.wait_for_url(f"{live_server}/account/two-factor")
    assert "requires two-factor login for your role" in page.content()
    page.goto(f"{live_server}/queue/")
    page.wait_for_url(f"{live_server}/account/two-factor")

    qr = page.locator("img.qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert page.evaluate("img => img.complete && img.naturalWidth > 100", qr.element_handle()), "the QR code draws"
    uri = page.inner_text("code.otpauth")
    assert uri.startswith("otpauth://totp/")
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "two-factor-setup.png"), full_page=True)

    page.fill("input[name=code]", pyotp.TOTP(pyotp.parse_uri(uri).secret).now())
    page.click("input[type=submit][value='Turn on two-factor login']")
    page.wait_for_selector("ul.recovery-codes")
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=os.path.join(ARTIFACTS, "two-factor-recovery-codes.png"), full_page=True)
    page.click("text=I have kept them; go to the desk")
    page.wait_for_url(f"{live_server}/queue/**")

    # Next login: password, then the code the app shows.
    log_out(page)
    password_step(page, live_server, editor)
    page.wait_for_url(f"{live_server}/login/code")
    page.goto(f"{live_server}/queue/")  # half logged in: the desk stays shut
    page.wait_for_url(f"{live_server}/login**")
    page.goto(f"{live_server}/login/code")
    page.fill("input[name=code]", "000000" if fresh_code(editor.id) != "000000" else "111111")
    page.click("input[type=submit]")
    assert "Wrong or already used code" in page.content()
    page.screenshot(path=os.path.join(ARTIFACTS, "two-factor-code-step.png"), full_page=True)
    page.fill("input[name=code]", fresh_code(editor.id))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/queue/**")

    # And with a recovery code instead of the phone; it works once.
    log_out(page)
    password_step(page, live_server, editor)
    page.wait_for_url(f"{live_server}/login/code")
    page.fill("input[name=code]", codes[0])
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/queue/**")
    assert "recovery code; 9 are left" in page.content()
    log_out(page)
    password_step(page, live_server, editor)
    page.wait_for_url(f"{live_server}/login/code")
    page.fill("input[name=code]", codes[0])
    page.click("input[type=submit]")
    assert "Wrong or already used code" in page.content()
    page.close()
