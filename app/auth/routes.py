"""Login (rate limited), logout, password change."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import LoginForm, PasswordForm
from app.extensions import limiter
from app.localization import remember_language
from app.services import users
from app.services.errors import DomainError
from app.web import apply_errors, commit, safe_next


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"],
               error_message=lambda: _("Too many login attempts; wait a minute and try again."))
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"],
               error_message=lambda: _("Too many login attempts for this account; wait a few minutes and try again."))
def login():
    """Log in with email and password; 'remember me' keeps the session across browser restarts."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong email or password, or the account is deactivated."))
        else:
            login_user(user, remember=form.remember.data)
            commit()
            response = redirect(safe_next(request.args.get("next"), url_for("main.index")))
            # This browser now remembers the account's language, so the login page after logout speaks it too.
            return remember_language(response, user.locale) if user.locale else response
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    """End the session."""
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
    return render_template("auth/password.html", form=form)
