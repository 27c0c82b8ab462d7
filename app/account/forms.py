import functools

from babel import Locale
from babel.dates import get_timezone_location
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import Form
from app.localization import ENDONYMS, ui_lang
from app.services.notifications import KIND_NAMES
from app.services.preferences import DIGIT_STYLES, LANGUAGES, timezone_names


def _language_choices() -> list[SelectChoice]:
    # Each language named in itself, so that a reader who cannot read the current one still finds theirs.
    return [SelectChoice(code, ENDONYMS[code]) for code in LANGUAGES]


def _digit_choices() -> list[SelectChoice]:
    names = {"western": _l("Western digits (0123456789)"), "arabic": _l("Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩)")}
    return [SelectChoice(code, names[code]) for code in DIGIT_STYLES]


@functools.cache
def _zone_names(language: str) -> tuple[tuple[str, str], ...]:
    """(zone, "Lebanon Time (Asia/Beirut)") for every zone, in a language, sorted by name; computed once."""
    locale = Locale.parse(language)
    names = [(zone, f"{get_timezone_location(zone, locale=locale)} ({zone})") for zone in timezone_names()
             if zone != "UTC"]
    return tuple(sorted(names, key=lambda item: item[1]))


def _zone_choices() -> list[SelectChoice]:
    utc = SelectChoice("UTC", _("Coordinated Universal Time (UTC)"))
    return [utc, *(SelectChoice(zone, name) for zone, name in _zone_names(ui_lang()))]


class SettingsForm(Form):
    language = SelectField(_l("Interface language"), choices=_language_choices)
    timezone = SelectField(_l("Time zone"), choices=_zone_choices,
                           description=_l("Dates and times on the pages are shown in this zone."))
    digits = SelectField(_l("Digits"), choices=_digit_choices,
                         description=_l("Used when the interface is in Arabic."))
    mail_kinds = SelectMultipleField(
        _l("Send me an e-mail for"), choices=lambda: [SelectChoice(kind, str(name)) for kind, name in KIND_NAMES.items()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=True,
        description=_l("Every notification is in your inbox; these also come by e-mail (when the desk has a mail server)."))
    public_name = BooleanField(
        _l("Name me in public reports"),
        description=_l("Only when the desk's settings allow staff names; otherwise public reports name the desk only."))
    submit = SubmitField(_l("Save settings"))
