from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.forms import Form


class LoginForm(Form):
    email = StringField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class CodeForm(Form):
    """The login's second step: an authenticator code or a recovery code."""

    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Continue"))


class PasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    # Length and the other rules are checked by the service, which says why a password is refused.
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[EqualTo("new_password", _l("The two do not match."))])
    submit = SubmitField(_l("Change password"))


class EnableTwoFactorForm(Form):
    code = StringField(_l("Code shown in the app"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Turn on two-factor login"))


class DisableTwoFactorForm(Form):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    code = StringField(_l("Code from your app, or a recovery code"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Turn off two-factor login"))


class RecoveryCodesForm(Form):
    code = StringField(_l("Code from your app"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Make new recovery codes"))
