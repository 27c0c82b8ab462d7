from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import choices
from app.models.base import ROLES


class NewUserForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=choices(ROLES))
    password = PasswordField("Password (leave empty to generate one)", validators=[Optional(), Length(min=10, max=200)])
    submit = SubmitField("Add user")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=choices(ROLES))
    submit = SubmitField("Change role")


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[Optional(), Length(max=120)])
    submit = SubmitField("Create token")


class ConfirmForm(FlaskForm):
    """A form that carries only the CSRF token, for POST buttons."""

    submit = SubmitField("Confirm")


class TwoFactorSettingForm(FlaskForm):
    """The desk setting: editors and admins must use two-factor login."""

    required = BooleanField(_l("Editors and admins must use two-factor login"))
    submit = SubmitField(_l("Save"))
