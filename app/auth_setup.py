"""Flask-Login wiring (the locale is chosen in app/localization.py)."""

from __future__ import annotations

from flask_babel import gettext
from flask_login import LoginManager

from app.i18n import N_
from app.models import User
from app.services import users


def configure_login(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please log in to continue.")
    login_manager.localize_callback = gettext
    # "basic": a session seen from a new address is marked not fresh rather than destroyed (clients move).
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The id carries the user's session epoch: a password change or deactivation ends old sessions.
        try:
            raw_id, raw_epoch = user_id.split(":", 1)
            user_id_value, epoch = int(raw_id), int(raw_epoch)
        except (ValueError, TypeError):
            return None
        if not 0 < user_id_value <= 2**31 - 1:
            return None
        # Read on every request (no cache), so that deactivation or a new epoch ends a session at once.
        user = users.user_by_id(user_id_value)
        if user is None or user.session_epoch != epoch or not user.active:
            return None
        return user

