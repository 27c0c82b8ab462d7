"""Login (rate limited, with a second step when two-factor is on), logout, password change, two-factor set-up."""

from __future__ import annotations

import time

import segno
from flask import current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, known_device
from app.auth.forms import CodeForm, DisableTwoFactorForm, EnableTwoFactorForm, LoginForm, PasswordForm, RecoveryCodesForm
from app.extensions import db, limiter
from app.localization import ngettext, remember_language
from app.models import User
from app.models.base import utcnow
from app.services import two_factor, users
from app.services.errors import DomainError
from app.web import apply_errors, commit, safe_next

# The half-logged-in state between the password and the code: in the session, never a login.
PENDING = "two_factor_pending"
SETUP_SECRET = "two_factor_setup_secret"  # noqa: S105 - a session key, not a secret
PENDING_SECONDS = 300
# Pages a user who must still set up two-factor may open (everything else leads to the set-up page).
_SETUP_ALLOWED = {"auth.two_factor", "auth.logout", "auth.login", "auth.login_code", "static",
                  "main.healthz", "main.livez", "main.set_language"}


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _code_limit() -> str:
    return current_app.config.get("TWO_FACTOR_RATE_LIMIT", "10 per 10 minutes")


def _pending() -> dict | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    return pending


def _login_account() -> User | None:
    """The account a login request is for (the email typed, or the one waiting for its code), looked up once
    per request for the limiter's questions."""
    if "login_account" not in g:
        pending = _pending()
        if request.endpoint == "auth.login":
            email = request.form.get("email")
            g.login_account = users.find_user(email[:254]) if isinstance(email, str) and email.strip() else None
        else:
            g.login_account = db.session.get(User, int(pending["uid"])) if pending is not None else None
    return g.login_account


def _from_known_device() -> bool:
    user = _login_account()
    return user is not None and known_device.is_known(user)


def _account_key() -> str:
    """Password attempts for one account share one budget, whichever address they come from; browsers that
    logged in to the account before have a budget of their own, which strangers' failures do not spend."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return ("login-known:" if _from_known_device() else "login:") + email


def _code_key() -> str:
    """Codes are tried against one account: the one waiting for its second step (its known browsers apart
    from the others, as for passwords), or the logged-in one."""
    pending = _pending()
    if pending is not None:
        return f"2fa:{pending['uid']}" + (":known" if _from_known_device() else "")
    return f"2fa:{current_user.id if current_user.is_authenticated else request.remote_addr}"


def _ip_message() -> str:
    return _("Too many login attempts; wait a minute and try again.")


def _account_message() -> str:
    return _("Too many login attempts for this account; wait a few minutes and try again.")


def _code_message() -> str:
    return _("Too many codes tried; wait a few minutes and try again.")


login_ip_limit = limiter.shared_limit(_login_limit, scope="login-ip", methods=["POST"], error_message=_ip_message)
login_account_limit = limiter.shared_limit(_account_limit, scope="login-account", key_func=_account_key,
                                           methods=["POST"], error_message=_account_message)
code_limit = limiter.shared_limit(_code_limit, scope="two-factor-code", key_func=_code_key, methods=["POST"],
                                  error_message=_code_message)


@bp.before_app_request
def _lead_to_two_factor_setup():
    """Editors and admins on a desk that requires two-factor set it up before anything else."""
    if request.blueprint in ("api", "public") or request.endpoint in _SETUP_ALLOWED or request.endpoint is None:
        return None
    if not (session.get("_user_id") or request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME",
                                                                                   "remember_token"))):
        return None
    if current_user.is_authenticated and two_factor.needs_setup(current_user):
        return redirect(url_for("auth.two_factor"))  # the page says why
    return None


def _finish_login(user: User, remember: bool, next_url: str | None):
    session.pop(PENDING, None)
    user.last_login_at = utcnow()
    login_user(user, remember=remember)
    commit()
    response = redirect(safe_next(next_url, url_for("main.index")))
    # This browser now remembers the account's language, so the login page after logout speaks it too.
    response = remember_language(response, user.locale) if user.locale else response
    return known_device.remember(response, user)


@bp.route("/login", methods=["GET", "POST"])
@login_ip_limit
@login_account_limit
def login():
    """Log in with email and password; 'remember me' keeps the session across browser restarts."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong email or password, or the account is deactivated."))
        elif user.two_factor_enabled:
            session[PENDING] = {"uid": user.id, "epoch": user.session_epoch, "email": user.email,
                                "remember": bool(form.remember.data), "next": request.args.get("next"),
                                "at": time.time()}
            db.session.rollback()  # not logged in yet: last_login_at waits for the code
            return redirect(url_for("auth.login_code"))
        else:
            return _finish_login(user, form.remember.data, request.args.get("next"))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/login/code", methods=["GET", "POST"])
@login_ip_limit
@code_limit
def login_code():
    """The second login step: a code from the authenticator app, or one of the recovery codes."""
    pending = _pending()
    user = db.session.get(User, int(pending["uid"])) if pending is not None else None
    if user is None or not user.active or user.session_epoch != pending.get("epoch") or not user.two_factor_enabled:
        session.pop(PENDING, None)
        if request.method == "POST" or pending is not None:
            flash(_("Your login took too long or was interrupted; please log in again."), "error")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        kind = two_factor.verify(user, form.code.data)
        if kind is not None:
            if kind == "recovery":
                left = two_factor.recovery_codes_left(user)
                flash(ngettext("You used a recovery code; %(num)d is left. Make new ones on the two-factor page.",
                               "You used a recovery code; %(num)d are left. Make new ones on the two-factor page.",
                               left), "info")
            return _finish_login(user, bool(pending.get("remember")), pending.get("next"))
        commit()
        form.code.errors.append(_("Wrong or already used code: type the current code from your app, "
                                  "or an unused recovery code."))
    return render_template("auth/login_code.html", form=form), 200 if request.method == "GET" or not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    """End the session, and every other session and remember-me cookie of this account, on the server."""
    users.end_sessions(current_user._get_current_object())
    commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password (other sessions end)."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(current_user, form.current_password.data, form.new_password.data)
            commit()
            login_user(current_user._get_current_object())  # this session continues with the new epoch
            flash(_("Password changed."), "info")
            return redirect(url_for("main.index"))
        except DomainError as exc:
            apply_errors(form, exc)
    return render_template("auth/password.html", form=form), 200 if request.method == "GET" or not form.errors else 400


def _secret_page(body: str, status: int = 200):
    """A page with a secret in it (a TOTP key, recovery codes): never kept in a cache or the history."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _qr_svg(uri: str) -> str:
    """The otpauth address as a QR code, an SVG data: URI drawn here (the CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def _setup_page(enable_form=None, status: int = 200):
    # The session cookie is signed, not encrypted: the secret rides in it sealed, so whoever sees the cookie
    # does not learn the account's future codes (and a GET writes nothing to the database).
    secret = two_factor.open_setup_secret(current_user, session.get(SETUP_SECRET))
    if secret is None:
        secret = two_factor.new_secret()
        session[SETUP_SECRET] = two_factor.seal_setup_secret(current_user, secret)
    uri = two_factor.provisioning_uri(current_user, secret, current_app.config.get("ORG_NAME") or "ClaimDesk")
    return _secret_page(render_template("auth/two_factor.html", uri=uri, qr=_qr_svg(uri), secret=secret,
                                        enable_form=enable_form or EnableTwoFactorForm(formdata=None),
                                        required=two_factor.required_for(current_user)), status)


def _status_page(disable_form=None, codes_form=None, status: int = 200):
    return render_template("auth/two_factor.html", left=two_factor.recovery_codes_left(current_user),
                           disable_form=disable_form or DisableTwoFactorForm(formdata=None),
                           codes_form=codes_form or RecoveryCodesForm(formdata=None),
                           required=two_factor.required_for(current_user)), status


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@login_required
@code_limit
def two_factor_page():
    """Two-factor login: set it up (QR code, then a code from the app) or see its state."""
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        if request.method == "POST":
            return redirect(url_for("auth.two_factor"))
        return _status_page()
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(user, two_factor.open_setup_secret(user, session.get(SETUP_SECRET)), form.code.data)
            commit()
        except DomainError as exc:
            db.session.rollback()
            apply_errors(form, exc)
            return _setup_page(form, 400)
        session.pop(SETUP_SECRET, None)
        login_user(user)  # the other sessions ended; this one goes on with the new generation
        # The codes are in this answer only: never in a flash or the session, which ride in the cookie.
        return _secret_page(render_template("auth/recovery_codes.html", codes=codes, first=True))
    return _setup_page(form, 400 if form.errors else 200)


@bp.post("/account/two-factor/disable")
@login_required
@code_limit
def two_factor_disable():
    """Turn two-factor off: the password and a current code are needed."""
    user = current_user._get_current_object()
    form = DisableTwoFactorForm()
    if not user.two_factor_enabled:
        return redirect(url_for("auth.two_factor"))
    if form.validate_on_submit():
        try:
            two_factor.disable(user, form.password.data, form.code.data)
            commit()
            login_user(user)
            flash(_("Two-factor login is off."), "info")
            return redirect(url_for("auth.two_factor"))
        except DomainError as exc:
            commit()  # a code that was accepted stays used
            apply_errors(form, exc)
    return _status_page(disable_form=form, status=400)


@bp.post("/account/two-factor/recovery-codes")
@login_required
@code_limit
def two_factor_recovery_codes():
    """Ten new recovery codes (the old ones stop working), shown once."""
    user = current_user._get_current_object()
    form = RecoveryCodesForm()
    if not user.two_factor_enabled:
        return redirect(url_for("auth.two_factor"))
    if form.validate_on_submit():
        try:
            codes = two_factor.regenerate_recovery_codes(user, form.code.data)
            commit()
            return _secret_page(render_template("auth/recovery_codes.html", codes=codes, first=False))
        except DomainError as exc:
            apply_errors(form, exc)
    return _status_page(codes_form=form, status=400)
