"""The settings page's preview: a date, a number and a public report's header as the desk's values make them,
whatever the admin's own reading preferences."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from flask_babel import force_locale
from flask_babel import gettext as _

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# CLDR's Arabic months are the Egyptian (and Gulf) names; Levantine desks write the Syriac ones.
LEVANTINE = {"يناير": "كانون الثاني", "فبراير": "شباط", "مارس": "آذار", "أبريل": "نيسان", "مايو": "أيار",
             "يونيو": "حزيران", "يوليو": "تموز", "أغسطس": "آب", "سبتمبر": "أيلول", "أكتوبر": "تشرين الأول",
             "نوفمبر": "تشرين الثاني", "ديسمبر": "كانون الأول"}
SAMPLE_MOMENT = dt.datetime(2026, 2, 19, 14, 30, tzinfo=dt.UTC)
SAMPLE_NUMBER = 1234567.5


def _months(text: str, style: str) -> str:
    if style != "levantine":
        return text
    for egyptian, levantine in LEVANTINE.items():
        text = text.replace(egyptian, levantine)
    return text


def preview(values: dict[str, Any]) -> dict[str, str]:
    """What a public reader would see with these values: a date and time, a number, a report's header lines."""
    language = values["language"]
    locale = Locale.parse(language)
    arabic_digits = language == "ar" and values["digits"] == "arabic"
    local = SAMPLE_MOMENT.astimezone(ZoneInfo(values["timezone"]))
    comma = "، " if language == "ar" else ", "
    moment = format_skeleton("yMMMMd", local, locale=locale) + comma + format_skeleton("Hm", local, locale=locale)
    moment = _months(moment, values["month_names"])
    number = format_decimal(SAMPLE_NUMBER, locale=locale, numbering_system="arab" if arabic_digits else "latn")
    if arabic_digits:
        moment, number = moment.translate(_ARABIC_INDIC), number.translate(_ARABIC_INDIC)
    org = values["org_name"]
    with force_locale(language):
        published = _("Published by %(org)s on %(date)s", org=org, date=moment)
        approved = _("Approved by: %(who)s", who=org if not values["public_staff_names"]
                     else _("the approving editor, if they agreed to be named (else %(org)s)", org=org))
    # number_text is already in the desk's digits: the preview shows those, whatever digits the admin reads in
    return {"moment": moment, "number_text": number,
            "logo": values["logo_text"] or org, "published": published,
            "approved": approved, "language": language, "dir": "rtl" if language == "ar" else "ltr",
            "zone": values["timezone"]}
