"""Admin: add users, change roles, deactivate, create and revoke API tokens."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, desk_preview
from app.admin.forms import ConfirmForm, DeskSettingsForm, NewUserForm, RoleForm, TokenForm, TwoFactorSettingForm
from app.extensions import db
from app.localization import label
from app.models import ApiToken
from app.services import desk_settings, two_factor, users
from app.services.errors import DomainError, NotFound
from app.web import apply_errors, commit, page


@bp.route("/users", methods=["GET", "POST"])
@page("manage_users")
def user_list():
    """Every user with role and status; the add-user form."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = users.create_user(current_user, form.email.data, form.role.data,
                                               form.password.data or None, form.name.data or "")
            commit()
            if form.password.data:
                flash(_("User %(email)s added.", email=user.email), "info")
                return redirect(url_for("admin.user_list"))
            # A generated password is shown in this answer only: never in a flash, which rides in the cookie.
            return render_template("admin/users.html", users=users.list_users(), form=NewUserForm(formdata=None),
                                   secret=(user.email, password), setting_form=_setting_form())
        except DomainError as exc:
            apply_errors(form, exc)
    return render_template("admin/users.html", users=users.list_users(), form=form, setting_form=_setting_form())


def _setting_form() -> TwoFactorSettingForm:
    return TwoFactorSettingForm(formdata=None, required=two_factor.is_required())


@bp.post("/settings/two-factor")
@page("manage_users")
def two_factor_setting():
    """Require (or stop requiring) two-factor login for editors and admins."""
    form = TwoFactorSettingForm()
    if form.validate_on_submit():
        two_factor.set_required(current_user, bool(form.required.data))
        commit()
        flash(_("Two-factor login is now required for editors and admins.") if form.required.data
              else _("Two-factor login is now optional for everyone."), "info")
    return redirect(url_for("admin.user_list"))


@bp.post("/users/<int:user_id>/two-factor/reset")
@page("manage_users")
def reset_two_factor(user_id: int):
    """Turn a user's two-factor login off (a lost phone); they set it up again at their next login."""
    user = users.get_user(user_id)
    if ConfirmForm().validate_on_submit():
        two_factor.reset(current_user, user)
        commit()
        flash(_("Two-factor login of %(email)s was reset; their sessions ended.", email=user.email), "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>", methods=["GET"])
@page("manage_users")
def user_detail(user_id: int):
    """One user: role, status and API tokens."""
    return _user_page(users.get_user(user_id))


def _user_page(user, new_token: str | None = None):
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    return render_template("admin/user.html", user=user, tokens=list(tokens), role_form=RoleForm(role=user.role),
                           token_form=TokenForm(formdata=None), confirm=ConfirmForm(), new_token=new_token,
                           history=users.account_history(user))


@bp.post("/users/<int:user_id>/role")
@page("manage_users")
def change_role(user_id: int):
    """Give a user another role."""
    user = users.get_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        users.set_role(current_user, user, form.role.data)
        commit()
        flash(_("%(email)s is now %(role)s.", email=user.email, role=label("role", user.role)), "info")
    else:
        flash(_("Choose a valid role."), "error")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/active/<int:active>")
@page("manage_users")
def set_active(user_id: int, active: int):
    """Deactivate (or reactivate) a user; a deactivated user's sessions and tokens stop working."""
    user = users.get_user(user_id)
    if ConfirmForm().validate_on_submit():
        users.set_active(current_user, user, bool(active))
        commit()
        flash(_("%(email)s is active again.", email=user.email) if user.active
              else _("%(email)s is deactivated.", email=user.email), "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/tokens")
@page("manage_users")
def create_token(user_id: int):
    """Create an API token for a user; shown once."""
    user = users.get_user(user_id)
    form = TokenForm()
    if form.validate_on_submit():
        _, raw = users.create_token(current_user, user, form.name.data or "")
        commit()
        # Shown in this answer only (a flash would carry it in the session cookie).
        return _user_page(user, new_token=raw)
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/tokens/<int:token_id>/revoke")
@page("manage_users")
def revoke_token(token_id: int):
    """Revoke an API token at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("No token %(id)s.", id=token_id))
    if ConfirmForm().validate_on_submit():
        users.revoke_token(current_user, token)
        commit()
        flash(_("Token %(prefix)s… revoked.", prefix=token.prefix), "info")
    return redirect(url_for("admin.user_detail", user_id=token.user_id))


@bp.route("/desk", methods=["GET", "POST"])
@page("manage_users")
def desk_settings_page():
    """The desk's settings with a preview of each; what the environment fixes is shown and cannot be changed."""
    current = desk_settings.values()
    form = DeskSettingsForm(data=current)
    fixed = {name for name in desk_settings.SETTINGS if desk_settings.fixed_by_environment(name)}
    for name in fixed:  # the environment's values are shown as text, never posted
        del form[name]
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in desk_settings.SETTINGS if name not in fixed}
        try:
            changed = desk_settings.update(current_user, data)
            commit()
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("The desk's settings are saved.") if changed else _("Nothing changed."), "info")
            return redirect(url_for("admin.desk_settings_page"))
    shown = DeskSettingsForm(formdata=None, data=current)  # the labels and choices' names of fixed values
    fixed_labels = {name: shown[name].label.text for name in fixed}
    fixed_values = {name: _shown_value(shown[name], current[name]) for name in fixed}
    return render_template("admin/desk.html", form=form, fixed=fixed, fixed_labels=fixed_labels,
                           fixed_values=fixed_values, preview=desk_preview.preview(current),
                           variables=desk_settings.ENV_VARIABLES), 422 if form.errors else 200


def _shown_value(field, value) -> str:
    if isinstance(value, bool):
        return _("on") if value else _("off")
    names = {str(code): str(name) for code, name, *_rest in field.iter_choices()} if hasattr(field, "choices") else {}
    return names.get(str(value), str(value))
