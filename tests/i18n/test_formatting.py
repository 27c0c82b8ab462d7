"""Dates, times, numbers and labels in the reader's language, zone and digits."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import refresh
from flask_login import login_user

from app.extensions import db
from app.localization import (
    format_date_value,
    format_datetime_value,
    format_number,
    format_relative,
    label,
    labels,
)
from app.models import Comment
from app.reports.labels import AR, EN
from tests.conftest import login

MOMENT = dt.datetime(2026, 12, 2, 4, 15, tzinfo=dt.UTC)


@pytest.fixture
def reader(app, make_user):
    """Format as a given user would read: language, zone, digits (inside a request of theirs)."""

    def within(locale=None, timezone=None, digits=None, accept="en"):
        user = make_user("reviewer")
        user.locale, user.timezone, user.digits = locale, timezone, digits
        db.session.commit()
        context = app.test_request_context("/", headers={"Accept-Language": accept})
        context.push()
        login_user(user)
        refresh()
        return context

    contexts = []
    yield lambda **kw: contexts.append(within(**kw)) or contexts[-1]
    for context in reversed(contexts):
        context.pop()


def test_english_in_the_desks_zone_by_default(reader):
    reader()
    assert format_datetime_value(MOMENT) == "Dec 2, 2026, 04:15"
    assert format_date_value(MOMENT) == "Dec 2, 2026"
    assert format_date_value(dt.date(2027, 1, 15)) == "Jan 15, 2027"
    assert format_number(12345.5) == "12,345.5"


def test_a_readers_zone_moves_the_time_and_the_date(reader):
    reader(timezone="Pacific/Auckland")
    assert format_datetime_value(MOMENT) == "Dec 2, 2026, 17:15"
    reader(timezone="America/Los_Angeles")
    assert format_datetime_value(MOMENT) == "Dec 1, 2026, 20:15"  # still the evening before over there
    assert format_date_value(MOMENT) == "Dec 1, 2026"


def test_arabic_with_western_or_arabic_indic_digits(reader):
    reader(locale="ar", timezone="Asia/Beirut", digits="western")
    assert format_datetime_value(MOMENT) == "2 ديسمبر 2026، 06:15"
    reader(locale="ar", timezone="Asia/Beirut", digits="arabic")
    assert format_datetime_value(MOMENT) == "٢ ديسمبر ٢٠٢٦، ٠٦:١٥"
    assert format_number(12345.5) == "١٢٬٣٤٥٫٥"
    assert format_relative(MOMENT - dt.timedelta(hours=3), now=MOMENT) == "قبل ٣ ساعات"


def test_arabic_indic_digits_apply_only_to_an_arabic_interface(reader):
    reader(locale="en", digits="arabic")
    assert format_datetime_value(MOMENT) == "Dec 2, 2026, 04:15"
    assert format_relative(MOMENT + dt.timedelta(days=2), now=MOMENT) == "in 2 days"


def test_the_desks_zone_comes_from_configuration(app, reader):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Riyadh"
    try:
        reader()
        assert format_datetime_value(MOMENT).endswith("07:15")
    finally:
        app.config["BABEL_DEFAULT_TIMEZONE"] = "UTC"


def test_empty_values_and_iso_strings(reader):
    reader()
    assert format_datetime_value(None) == "" and format_date_value("") == "" and format_number(None) == ""
    assert format_datetime_value("2026-12-02T04:15:00+00:00") == "Dec 2, 2026, 04:15"
    assert format_datetime_value("not a date") == "not a date"


def test_labels_come_from_the_report_table_in_the_interface_language(reader):
    reader(locale="ar")
    assert label("verdict", "likely_true") == AR["verdict"]["likely_true"] == "صحيح على الأرجح"
    assert label("state", "awaiting_approval") == "بانتظار الاعتماد"
    assert label("role", "reviewer") == "مراجِع" and label("stance", "contradicts") == "يناقض"
    assert label("grade", "B") == "B – موثوق عادةً" and label("credibility", 1) == "1 – أكدته مصادر أخرى"
    assert label("language", "en") == "الإنجليزية" and label("verdict", "nonsense") == "nonsense"
    assert [code for code, _ in labels("verdict")][0] == "unverified"
    reader(locale="en")
    assert label("verdict", "likely_true") == EN["verdict"]["likely_true"] == "Likely true"
    assert label("origin", "suggested") == "Suggested by the desk"


def test_every_code_has_a_name_in_both_languages():
    from app.models.base import CONFIDENCES, KINDS, ORIGINS, ROLES, STANCES, STATES, VERDICTS

    for table in (AR, EN):
        for kind, codes in (("verdict", VERDICTS), ("state", STATES), ("kind", KINDS), ("stance", STANCES),
                            ("confidence", CONFIDENCES), ("role", ROLES), ("origin", ORIGINS)):
            assert set(table[kind]) == set(codes), kind


def test_the_claim_page_shows_times_in_the_readers_zone_and_digits(client, make_user, make_claim):
    user = make_user("reviewer")
    claim = make_claim()
    db.session.add(Comment(claim=claim, author_id=user.id, body="تعليق", created_at=MOMENT))
    user.locale, user.timezone, user.digits = "ar", "Asia/Beirut", "arabic"
    db.session.commit()
    login(client, user)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "٢ ديسمبر ٢٠٢٦، ٠٦:١٥" in page
    assert "2026-12-02T04:15" not in page.replace('datetime="2026-12-02T04:15', "")


def test_month_names_follow_the_desks_form_in_pages_reports_and_public_pages(reader, app, monkeypatch):
    from app.localization import month_style, report_style
    from app.reports import text as report_text

    february = dt.datetime(2026, 2, 19, 9, 30, tzinfo=dt.UTC)
    reader(locale="ar", digits="arabic")
    assert month_style() == "egyptian"  # the default: CLDR's names
    assert format_date_value(february) == "١٩ فبراير ٢٠٢٦"
    monkeypatch.setitem(app.config, "MONTH_NAMES", "levantine")
    assert month_style() == "levantine"
    assert format_date_value(february) == "١٩ شباط ٢٠٢٦"
    assert format_date_value(dt.date(2026, 1, 3)) == "٣ كانون الثاني ٢٠٢٦"
    assert format_date_value(dt.date(2026, 12, 3)) == "٣ كانون الأول ٢٠٢٦"
    # a report speaks its article's language: Arabic months in the desk's form, English ones untouched
    arabic = report_style("ar", True)
    assert report_text.when(february.isoformat(), AR, arabic).startswith("19 شباط 2026")  # the desk's digits
    assert report_text.when(february.isoformat(), EN, report_style("en", True)) == "Feb 19, 2026, 09:30"
    monkeypatch.setitem(app.config, "MONTH_NAMES", "nonsense")
    assert month_style() == "egyptian"


def test_english_pages_never_get_arabic_digits_whatever_the_desk_chose(reader, app, monkeypatch):
    monkeypatch.setitem(app.config, "DEFAULT_DIGITS", "arabic")
    reader(locale="en", digits="arabic")
    assert format_date_value(dt.date(2026, 2, 19)) == "Feb 19, 2026"
    assert format_number(1234) == "1,234"


def test_a_stored_fetch_error_is_said_in_each_readers_language(reader):
    from app.i18n import _l, kept, told

    stored = kept(_l("The name %(host)s does not resolve (no such site).", host="no-such.example"))
    reader(locale="en")
    assert told(stored) == "The name no-such.example does not resolve (no such site)."
    reader(locale="ar")
    assert "no-such.example" in told(stored) and "The name" not in told(stored)
    assert told("an old row's English text") == "an old row's English text"


def test_a_number_written_in_a_template_follows_each_reader_not_the_first(app, reader):
    """Jinja folds a plain filter of a constant into the compiled template: `{{ 10|number }}` kept the digits of
    whoever loaded the template first (the password page's "10 characters" in Western digits for an Arabic
    reader, depending on which test ran before)."""
    source = "{{ 10|number }} {{ '123'|digits }} {{ 'approved'|state_badge|striptags }}"
    template = app.jinja_env.from_string(source)
    reader(locale="en", digits="western")
    assert template.render() == "10 123 Approved"
    reader(locale="ar", digits="arabic")
    assert template.render() == "١٠ ١٢٣ معتمد"
