from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import Form
from app.localization import LabelChoices


class NewUserForm(Form):
    email = StringField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=LabelChoices("role"))
    password = PasswordField(_l("Password (leave empty to generate one)"),
                             validators=[Optional(), Length(min=10, max=200)])
    submit = SubmitField(_l("Add user"))


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=LabelChoices("role"))
    submit = SubmitField(_l("Change role"))


class TokenForm(Form):
    name = StringField(_l("Token name"), validators=[Optional(), Length(max=120)])
    submit = SubmitField(_l("Create token"))


class ConfirmForm(Form):
    """A form that carries only the CSRF token, for POST buttons."""

    submit = SubmitField(_l("Confirm"))


class TwoFactorSettingForm(Form):
    """The desk setting: editors and admins must use two-factor login."""

    required = BooleanField(_l("Editors and admins must use two-factor login"))
    submit = SubmitField(_l("Save"))
