"""Flask-Login and locale wiring."""

from __future__ import annotations

from flask import g, has_request_context, session
from flask_login import LoginManager

from app.extensions import db
from app.models import User


def configure_login(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    # "basic": a session seen from a new address is marked not fresh rather than destroyed (clients move).
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The id carries the user's session epoch: a password change or deactivation ends old sessions.
        try:
            raw_id, raw_epoch = user_id.split(":", 1)
            user = db.session.get(User, int(raw_id))
            epoch = int(raw_epoch)
        except (ValueError, TypeError):
            return None
        if user is None or user.session_epoch != epoch or not user.active:
            return None
        return user


def select_locale() -> str:
    if not has_request_context():  # the CLI, jobs: no session to read
        return "en"
    chosen = session.get("locale")
    if chosen in ("en", "ar"):
        return chosen
    # Only a user Flask-Login has already loaded: loading one here could recurse through an error page.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False) and user.locale in ("en", "ar"):
        return user.locale
    # No Arabic interface catalogue yet: follow the browser only once one exists (article text is RTL regardless).
    return "en"
