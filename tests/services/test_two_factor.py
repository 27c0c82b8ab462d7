"""Two-factor service: codes work once, recovery codes are hashed and single-use, admins reset, the desk requires."""

import threading
import time

import pyotp
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, User
from app.models.user import RecoveryCode
from app.services import two_factor, users
from app.services.errors import PermissionDenied, ValidationError
from tests.conftest import ON_POSTGRES, PASSWORD
from tests.two_factor_helpers import fresh_code, turn_on


def test_enabling_needs_a_code_from_the_app(make_user):
    user = make_user()
    secret = two_factor.new_secret()
    with pytest.raises(ValidationError) as caught:
        two_factor.enable(user, secret, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert caught.value.fields["code"]
    assert not user.two_factor_enabled
    codes = two_factor.enable(user, secret, pyotp.TOTP(secret).now())
    db.session.commit()
    assert user.two_factor_enabled and len(codes) == 10 and len(set(codes)) == 10
    uri = two_factor.provisioning_uri(user, secret, "ClaimDesk")
    assert uri.startswith("otpauth://totp/ClaimDesk:") and f"secret={secret}" in uri


def test_recovery_codes_are_stored_hashed(make_user):
    user = make_user()
    codes = turn_on(user)
    stored = list(db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10
    for code in codes:
        assert all(code.replace("-", "") not in h for h in stored)


def test_a_totp_code_works_once(make_user):
    user = make_user()
    turn_on(user)
    code = fresh_code(user.id)
    assert two_factor.verify(user, code) == "totp"
    db.session.commit()
    assert two_factor.verify(user, code) is None  # replayed within its window
    assert two_factor.verify(user, "12345") is None and two_factor.verify(user, None) is None


def test_an_old_code_is_refused(make_user):
    user = make_user()
    turn_on(user)
    long_ago = time.time() - 10 * two_factor.STEP_SECONDS
    assert two_factor.verify(user, pyotp.TOTP(two_factor.secret_of(user)).at(long_ago)) is None


def test_a_recovery_code_works_once_in_any_spelling(make_user):
    user = make_user()
    codes = turn_on(user)
    assert two_factor.verify(user, " " + codes[0].upper() + " ") == "recovery"
    db.session.commit()
    assert two_factor.verify(user, codes[0]) is None
    assert two_factor.verify(user, codes[1].replace("-", "")) == "recovery"
    assert two_factor.recovery_codes_left(user) == 8
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                             .where(Event.action == "recovery_code_used")) == 2


def test_new_recovery_codes_replace_the_old(make_user):
    user = make_user()
    old = turn_on(user)
    new = two_factor.regenerate_recovery_codes(user, fresh_code(user.id))
    db.session.commit()
    assert two_factor.verify(user, old[0]) is None
    assert two_factor.verify(user, new[0]) == "recovery"


def test_turning_off_needs_the_password_and_a_code(make_user):
    user = make_user()
    codes = turn_on(user)
    with pytest.raises(ValidationError):
        two_factor.disable(user, "not-the-password", fresh_code(user.id))
    with pytest.raises(ValidationError):
        two_factor.disable(user, PASSWORD, "000000x")
    two_factor.disable(user, PASSWORD, codes[3])
    db.session.commit()
    assert not user.two_factor_enabled and user.totp_secret is None
    assert two_factor.recovery_codes_left(user) == 0


def test_an_admin_resets_it_and_the_history_says_so(make_user):
    admin, editor, user = make_user("admin"), make_user("editor"), make_user()
    turn_on(user)
    epoch = user.session_epoch
    with pytest.raises(PermissionDenied):
        two_factor.reset(editor, user)
    two_factor.reset(admin, user)
    db.session.commit()
    assert not user.two_factor_enabled and user.session_epoch == epoch + 1
    history = users.account_history(user)
    assert history[0].action == "two_factor_reset" and history[0].actor_id == admin.id


def test_the_desk_can_require_it_for_editors_and_admins(make_user):
    admin, editor, reviewer = make_user("admin"), make_user("editor"), make_user()
    assert not two_factor.needs_setup(editor)
    with pytest.raises(PermissionDenied):
        two_factor.set_required(editor, True)
    two_factor.set_required(admin, True)
    db.session.commit()
    assert two_factor.is_required()
    assert two_factor.needs_setup(editor) and two_factor.needs_setup(admin) and not two_factor.needs_setup(reviewer)
    turn_on(editor)
    assert not two_factor.needs_setup(editor)
    with pytest.raises(ValidationError):  # required: cannot be turned off by the user
        two_factor.disable(editor, PASSWORD, fresh_code(editor.id))


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL")
def test_two_requests_racing_with_one_code_let_one_in(app, make_user):
    user = make_user()
    turn_on(user)
    code, user_id, results = fresh_code(user.id), user.id, []
    barrier = threading.Barrier(4)

    def attempt():
        with app.app_context():
            barrier.wait()
            results.append(two_factor.verify(db.session.get(User, user_id), code))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("totp") == 1 and results.count(None) == 3
