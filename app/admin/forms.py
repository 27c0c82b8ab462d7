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


def _month_choices() -> list[tuple[str, str]]:
    return [("levantine", _l("Levantine: كانون الثاني، شباط، آذار…")), ("egyptian", _l("Egyptian: يناير، فبراير، مارس…"))]


def _digit_choices():
    from app.account.forms import _digit_choices as choices

    return choices()


def _zone_choices():
    from app.account.forms import _zone_choices as choices

    return choices()


def _language_choices():
    from app.account.forms import _language_choices as choices

    return choices()


class DeskSettingsForm(Form):
    """The desk's settings (services/desk_settings.py); fields the environment fixes are shown disabled."""

    org_name = StringField(_l("The desk's name"), validators=[DataRequired(), Length(max=120)],
                           description=_l("Named on public pages and reports, and as the author of their ClaimReview."))
    logo_text = StringField(_l("Logo text"), validators=[Optional(), Length(max=60)],
                            description=_l("A short name at the top of public reports (empty: the desk's name)."))
    language = SelectField(_l("Default language"), choices=_language_choices,
                           description=_l("For readers who have not chosen one, and for public pages."))
    digits = SelectField(_l("Digits"), choices=_digit_choices,
                         description=_l("The default for Arabic pages, public reports included."))
    timezone = SelectField(_l("Time zone"), choices=_zone_choices,
                           description=_l("Dates on public pages, and for readers who have not chosen a zone."))
    month_names = SelectField(_l("Gregorian month names in Arabic"), choices=_month_choices)
    public_staff_names = BooleanField(
        _l("Public reports may name staff who agreed to it"),
        description=_l("Off: public reports name the desk only. On: a reviewer or editor is named only if they "
                       "also chose it on their own settings page."))
    submit = SubmitField(_l("Save the desk's settings"))
