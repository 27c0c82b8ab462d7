"""Account settings: the interface language, the time zone dates are shown in, and the digits."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.account import bp
from app.account.forms import SettingsForm
from app.localization import desk_timezone, refresh, remember_language, ui_lang
from app.services import notifications, preferences
from app.services.errors import DomainError
from app.web import apply_errors, commit, page


@bp.route("/settings", methods=["GET", "POST"])
@page("read")
def settings():
    """Show and save the reader's language, time zone and digits (remembered on the account)."""
    user = current_user._get_current_object()
    form = SettingsForm(language=user.locale or ui_lang(), timezone=user.timezone or desk_timezone(),
                        digits=user.digits or "western", mail_kinds=sorted(notifications.mail_kinds(user)),
                        public_name=user.public_name)
    if form.validate_on_submit():
        try:
            preferences.update_preferences(user, {"language": form.language.data, "timezone": form.timezone.data,
                                                  "digits": form.digits.data})
            notifications.set_preferences(user, {"mail_kinds": form.mail_kinds.data or [],
                                                 "public_name": bool(form.public_name.data)})
            commit()
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            refresh()  # the confirmation speaks the language just chosen
            flash(_("Settings saved."), "info")
            return remember_language(make_response(redirect(url_for("account.settings"))), user.locale)
    status = 422 if form.errors else 200
    return render_template("account/settings.html", form=form), status
