"""Small helpers shared by the blueprints' forms: the base form and select choices."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from app.i18n import N_, _nl


def choices(values: Iterable, labels: dict | None = None, people: bool = False) -> list[SelectChoice]:
    """Select options from values (and optional labels), in the form WTForms 3.3 expects; `people`: the
    labels are names people typed, each option then taking its direction from its own letters."""
    labels = labels or {}
    extra = {"dir": "auto"} if people else {}
    return [SelectChoice(str(v), labels[v] if v in labels else str(v), dict(extra)) for v in values]


class _DeskTranslations:
    """WTForms' own messages ("Not a valid date value." …) from the desk's catalogue, in the request's language."""

    def gettext(self, string: str) -> str:
        from flask_babel import get_translations

        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        from flask_babel import get_translations

        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = _DeskTranslations()


class Form(FlaskForm):
    """Every desk form: WTForms' built-in messages come from our catalogue (WTForms' own Arabic is partial)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _TRANSLATIONS


# The messages WTForms and Flask-WTF produce themselves, so that `pybabel extract` puts them in our catalogue.
WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Invalid email address."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Not a valid date value."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("File does not have an approved extension."),
    # Flask-WTF's CSRF refusals (shown on the 400 page as the reason): see app.web._http_message.
    N_("The CSRF token is missing."),
    N_("The CSRF session token is missing."),
    N_("The CSRF token has expired."),
    N_("The CSRF token is invalid."),
    N_("The CSRF tokens do not match."),
    _nl("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 0),
    _nl("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 0),
)
