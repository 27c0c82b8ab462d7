"""Password rules: every place a password is set refuses easy ones, each with a reason a person can act on."""

import pytest

from app.extensions import db
from app.services import passwords, users
from app.services.errors import ValidationError
from tests.conftest import PASSWORD


@pytest.mark.parametrize(("password", "reason"), [
    ("short1!", "At least 10 characters"),
    ("aaaaaaaaaaaa", "repeats"),
    ("abcabcabcabc", "repeats"),
    ("1212121212", "repeats"),
    ("1234567890", "sequence"),
    ("abcdefghijkl", "sequence"),
    ("zyxwvutsrqpo", "sequence"),
    ("qwertyuiop12", "sequence"),
    ("asdfghjkl;'", "sequence"),
    ("password1234", "most common"),
    ("Password2024!", "most common"),
    ("P@ssw0rd2024", "most common"),
    ("dragon!!2020", "most common"),
    ("iloveyou12345", "most common"),
    ("manchester", "most common"),
])
def test_easy_passwords_are_refused_with_a_reason(password, reason):
    assert reason in (passwords.problem(password) or "")


def test_the_users_own_name_and_email_are_refused():
    assert "name or your e-mail" in passwords.problem("hana.haddad-2026", email="hana.haddad@desk.example")
    assert "name or your e-mail" in passwords.problem("my-Haddad-secret", email="hh@desk.example", name="Hana Haddad")
    assert "name or your e-mail" in passwords.problem("xx-hh@desk.example", email="hh@desk.example")
    assert passwords.problem("my-Haddad-secret", email="other@desk.example", name="Sam") is None


@pytest.mark.parametrize("password", [PASSWORD, "a-new-long-password", "long-enough-pw", "Xk9#mQ2$vL7p",
                                      "olive tram seven cobalt", "قهوة الصباح على الشرفة"])
def test_good_passwords_pass(password):
    assert passwords.problem(password, email="reviewer1@desk.example", name="reviewer1") is None


def test_the_shipped_list_is_credited_and_large():
    with open(passwords.COMMON_LIST, encoding="utf-8") as handle:
        header = "".join(line for line in handle if line.startswith("#"))
    assert "zxcvbn" in header and "MIT" in header and "Burnett" in header
    common = passwords.common_passwords()
    assert len(common) >= 5000 and {"123456", "password", "qwerty", "letmein"} <= common


def test_generated_passwords_pass_the_rules(make_user):
    for _ in range(20):
        assert passwords.problem(users.generate_password()) is None
    user, password = users.create_user(None, "gen@desk.example", "reviewer")
    assert passwords.problem(password, email=user.email) is None


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "1234567890", "password1234", "sara.nouri@desk"])
def test_user_creation_refuses_them(password):
    with pytest.raises(ValidationError) as caught:
        users.create_user(None, "sara.nouri@desk.example", "editor", password, "Sara Nouri")
    assert caught.value.fields["password"]
    assert users.find_user("sara.nouri@desk.example") is None


def test_password_change_refuses_them_and_keeps_the_old_one(make_user):
    user = make_user(email="omar.farouk@desk.example", name="Omar Farouk")
    for bad in ("qwertyuiop12", "omar.farouk-1990", "letmein12345"):
        with pytest.raises(ValidationError) as caught:
            users.change_password(user, PASSWORD, bad)
        assert caught.value.fields["new_password"]
    db.session.rollback()
    assert users.authenticate("omar.farouk@desk.example", PASSWORD) is not None
