"""Numbers, durations, dates and places are read with normalised values (Arabic and English)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.suggest import suggest

TODAY = date(2026, 2, 21)


def only(text: str):
    """The single suggestion for a one-claim sentence."""
    res = suggest(text, today=TODAY)
    assert len(res) == 1, [s.quote for s in res]
    return res[0]


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit_key"),
    [
        ("وصل ١٬٠٠٠ جندي إلى القاعدة.", 1000, "soldier"),  # Arabic-Indic digits and separator
        ("قتل ۱۵ شخصا في الهجوم على القرية.", 15, "person"),  # Persian digits
        ("قال المسؤول إن عشرين شاحنة دخلت المدينة.", 20, "truck"),
        ("وصل عشرون جنديا إلى الحدود.", 20, "soldier"),
        ("أرسلت الحكومة مئتي شاحنة إلى المعبر.", 200, "truck"),
        ("أرسلت الحكومة مائتين وخمسين شاحنة إلى المعبر.", 250, "truck"),
        ("بقي في المدينة خمسة وعشرون ألف نازح.", 25000, "displaced"),
        ("أرسلت الحكومة ألفي جندي إلى الحدود.", 2000, "soldier"),
        ("نقلت الشركة ثلاثة آلاف طن من القمح.", 3000, "ton"),
        ("تحتاج البلاد إلى نحو مليونين ونصف مليون طن سنويًا.", 2500000, "ton"),
        ("More than a thousand people attended the rally in Erbil.", 1000, "person"),
        ("The company plans to hire twenty-five engineers in Raqqa.", 25, None),
        ("Revenue rose to 1.5 million dollars in Baghdad.", 1500000, "usd"),
        ("The dam cost $120m to build near Mosul.", 120000000, "usd"),
        ("About 1,000 US troops remain in Syria.", 1000, "soldier"),
    ],
)
def test_quantities(sentence: str, quantity: float, unit_key: str | None) -> None:
    s = only(sentence)
    assert s.kind == "quantity"
    assert s.values["quantity"] == quantity
    assert s.values.get("unit_key") == unit_key
    assert sentence[s.start:s.end] == s.quote


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("دخلت القافلة بلدة تل تمر وفيها نحو ألف جندي.", {"approx": True}),
        ("عبرت الحدود أكثر من 35 شاحنة محملة بالقمح.", {"qualifier": "more_than"}),
        ("عاد أقل من 300 عائلة إلى الرقة.", {"qualifier": "less_than"}),
        ("قد يصل عدد النازحين إلى ما لا يقل عن 500 شخص في إدلب.", {"qualifier": "at_least"}),
        ("إنتاج سوريا من القمح قد لا يتجاوز مليون طن هذا العام.", {"qualifier": "up_to"}),
        ("Fewer than 300 families returned to Raqqa last week.", {"qualifier": "less_than"}),
        ("Nearly 9 percent of homes in Hasakah were damaged.", {"approx": True, "unit_key": "percent"}),
        ("بلغت نسبة التضخم ٣٫٥ في المئة في دمشق.", {"quantity": 3.5, "unit_key": "percent"}),
    ],
)
def test_qualifiers_are_kept(sentence: str, expected: dict) -> None:
    s = only(sentence)
    for k, v in expected.items():
        assert s.values[k] == v


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("تستغرق العملية شهرين.", 60),
        ("استمرت المفاوضات يومين في عمان.", 2),
        ("ستنتهي الأعمال في المعبر خلال أسبوعين.", 14),
        ("استمر الحصار عامين كاملين.", 730),
        ("وعلى امتداد نحو عشر سنوات ظل المعبر مغلقًا.", 3650),
        ("The project will take about a month to complete.", 30),
        ("Delays of up to two months are expected at the Semalka crossing.", 60),
        ("The clean-up team spent 19 days removing oil from the basin.", 19),
        ("The work should take two and a half years.", 912.5),
    ],
)
def test_durations(sentence: str, days: float) -> None:
    s = only(sentence)
    assert s.kind == "duration"
    assert s.values["duration_days"] == days


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وقع الهجوم في 3 آذار 2020.", {"month": 3, "day": 3, "year": 2020}),
        ("وقع الهجوم في 3 مارس 2020.", {"month": 3, "day": 3, "year": 2020}),
        ("عقد الاجتماع في 21 شباط/فبراير 2026 في دمشق.", {"month": 2, "day": 21, "year": 2026}),
        ("افتتح المعبر في 14 كانون الثاني 2025.", {"month": 1, "day": 14, "year": 2025}),
        ("أغلق المعبر في 30 تشرين الأول 2024.", {"month": 10, "day": 30, "year": 2024}),
        ("افتتح الجسر في 5 يونيه 2023.", {"month": 6, "day": 5, "year": 2023}),
        ("بدأت الحرب في سوريا عام 2011.", {"year": 2011}),
        ("The vote was held on Jan. 14, 2025, in Baghdad.", {"month": 1, "day": 14, "year": 2025}),
        ("The crane was installed in 2009 at the port of Sandor.", {"year": 2009}),
        ("شُيّدت المحطة في سبعينيات القرن الماضي في البصرة.", {"decade": 1970}),
    ],
)
def test_dates(sentence: str, expected: dict) -> None:
    s = only(sentence)
    assert s.kind == "time"
    for k, v in expected.items():
        assert s.values[k] == v


def test_weekday_and_relative_times() -> None:
    s = only("وصلت القافلة يوم السبت إلى دير الزور.")
    assert s.values["weekday"] == 5
    assert "deir-ez-zor" in s.values["places"]
    s = only("وكانت طهران قد خفّضت إمداداتها في أغسطس الماضي إلى العراق.")
    assert s.values["month"] == 8
    assert s.values["relative"] == "past"


def test_prediction_recheck_dates() -> None:
    s = only("The evacuation of the base in Hasakah will take about a month.")
    assert s.values["prediction"] is True
    assert TODAY + timedelta(days=30) <= s.recheck_on <= TODAY + timedelta(days=40)
    s = only("ستنتقل الوحدات الطبية إلى إقليم كردستان.")
    assert s.kind == "event"
    assert s.recheck_on is not None and s.recheck_on > TODAY
    s = only("Officials expect the crossing at Semalka to reopen in 2027.")
    assert s.recheck_on == date(2027, 12, 31)


def test_non_predictions_have_no_recheck_date() -> None:
    s = only("افتتحت الحكومة الجسر الجديد في حلب عام 2019.")
    assert s.recheck_on is None


def test_gazetteer_maps_arabic_and_english_to_one_place() -> None:
    ar = only("وصل ألف جندي إلى مدينة القامشلي.")
    en = only("A thousand soldiers arrived in Qamishli.")
    assert "qamishli" in ar.values["places"] and "qamishli" in en.values["places"]


def test_gazetteer_can_be_extended_by_the_desk() -> None:
    from app.suggest import gazetteer

    gazetteer.add_place("zzz-test-town", "city", "بلدة الاختبار الوهمية", "Testville")
    s = only("Some 400 families fled Testville on Monday.")
    assert "zzz-test-town" in s.values["places"]


LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
EGYPTIAN_GULF = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                 "نوفمبر", "ديسمبر"]


@pytest.mark.parametrize(("month", "name"), [*enumerate(LEVANTINE, 1), *enumerate(EGYPTIAN_GULF, 1),
                                             (4, "إبريل"), (6, "يونيه"), (7, "يوليه")])
def test_every_arabic_month_name(month: int, name: str) -> None:
    s = only(f"أغلقت السلطات المعبر في 21 {name} 2024.")
    assert s.values["month"] == month
    assert s.values["day"] == 21
    assert s.values["year"] == 2024


@pytest.mark.parametrize(
    ("phrase", "relative"),
    [
        ("قبل أيام", "past"),
        ("بعد أسابيع", "future"),
        ("بعد أسابيع من الانسحاب", "after"),
        ("خلال الأشهر المقبلة", "future"),
        ("خلال السنوات الماضية", "past"),
        ("weeks ago", "past"),
        ("last week", "past"),
        ("in the coming months", "future"),
        ("next year", "future"),
    ],
)
def test_relative_times(phrase: str, relative: str) -> None:
    from app.suggest.engine import extract

    rel = [f.value for f in extract(phrase).feats if f.kind in ("rel", "reldate")]
    assert rel and rel[0]["relative"] == relative


def test_weekdays_in_both_languages() -> None:
    from app.suggest.engine import extract

    for phrase, day in (("يوم السبت", 5), ("صباح الأحد", 6), ("الثلاثاء 17 من حزيران", 1), ("on Saturday", 5),
                        ("on Monday", 0)):
        found = [f.value for f in extract(phrase).feats if "weekday" in f.value]
        assert found and found[0]["weekday"] == day, phrase


def test_unit_is_the_word_as_written() -> None:
    s = only("ونقلت الشركة أكثر من 30 شاحنة مبرّدة.")
    assert s.values == {"quantity": 30, "unit": "شاحنة", "unit_key": "truck", "qualifier": "more_than"}
    s = only("والبالغ عددها نحو ألـــف جُنْدِيّ في سوريا.")
    assert s.values["unit"] == "جندي" and s.values["approx"] is True


def test_gazetteer_lookup_by_folded_tokens() -> None:
    from app.suggest import gazetteer

    assert gazetteer.lookup(gazetteer.name_tokens("دير الزور")).id == "deir-ez-zor"
    assert gazetteer.lookup(gazetteer.name_tokens("Deir ez-Zor")).id == "deir-ez-zor"
    assert gazetteer.lookup(gazetteer.name_tokens("إقليم كردستان")).id == "kurdistan"
    assert gazetteer.lookup(gazetteer.name_tokens("Atlantis")) is None
