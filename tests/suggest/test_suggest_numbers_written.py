"""Numbers as people write them (issue 23): thousands separators by locale, Arabic duals and «ألفا»,
colloquial Levantine and Egyptian numerals, units that are nouns, «أول السنة», place names kept whole."""

from __future__ import annotations

from datetime import date

import pytest

from app.suggest import engine, suggest
from app.suggest.values import _digit_value

TODAY = date(2026, 2, 21)


def quantity(sentence: str) -> dict:
    """The values of the one suggestion of a one-claim sentence."""
    found = suggest(sentence, today=TODAY)
    assert len(found) == 1, [s.quote for s in found]
    assert sentence[found[0].start:found[0].end] == found[0].quote
    return found[0].values


@pytest.mark.parametrize(
    ("form", "dot_decimal", "value"),
    [
        ("1.000", False, 1000), ("3.000.000", False, 3_000_000), ("1.5", False, 1.5), ("0.125", False, 0.125),
        ("1,000", False, 1000), ("3,5", False, 3.5), ("1.000,5", False, 1000.5), ("1,000.5", False, 1000.5),
        ("1.250", True, 1.25), ("2.75", False, 2.75), ("12.34.5", False, None), ("1234.500", False, 1234.5),
    ],
)
def test_digit_separators_by_locale(form: str, dot_decimal: bool, value: float | None) -> None:
    assert _digit_value(form, dot_decimal) == value


@pytest.mark.parametrize(
    ("sentence", "value", "unit_key"),
    [
        # thousands separators by locale
        ("The agency said 1.000 trucks crossed the border in March.", 1000, "truck"),
        ("About 1 000 trucks crossed into Karvan in March.", 1000, "truck"),
        ("The fund paid 3.000.000 euros to Lenmouth in 2024.", 3_000_000, "eur"),
        ("The loan reached 1.250 million dollars in 2023.", 1_250_000, "usd"),
        ("Output rose by 1.5 percent in Basra last year.", 1.5, "percent"),
        ("عبرت 1.000 شاحنة معبر أبو الزندين في آذار.", 1000, "truck"),
        ("يعتمد ١٬٠٠٠ منزل في الأحياء الشرقية من الرقة على الصهاريج منذ آذار.", 1000, "home"),
        ("وزّعت المنظمة 3.000.000 لتر من المياه في حزيران.", 3_000_000, "litre"),
        # duals; «ألفا» is the dual in construct state alone, a thousand (tanwin) after a count
        ("وصل ألفين لاجئ إلى المخيم أمس.", 2000, "displaced"),
        ("وصل ألفان من اللاجئين إلى المخيم أمس.", 2000, "displaced"),
        ("شارك ألفا شخص في الاحتجاجات يوم الجمعة.", 2000, "person"),
        ("بلغ عدد المشاركين عشرين ألفا يوم الجمعة في الرقة.", 20000, None),
        ("قُتل شخصان في القصف أمس.", 2, "person"),
        ("أصيب طفلين بجروح في الحسكة يوم السبت.", 2, "person"),
    ],
)
def test_counts_as_written(sentence: str, value: float, unit_key: str | None) -> None:
    v = quantity(sentence)
    assert v["quantity"] == value
    assert v.get("unit_key") == unit_key


def test_a_feminine_dual_counts_two_of_its_own_noun() -> None:
    v = quantity("أُغلقت مدرستين في الريف الجنوبي الأسبوع الماضي.")
    assert v["quantity"] == 2
    assert v["unit"] == "مدرستين"
    assert "unit_key" not in v


@pytest.mark.parametrize(
    "sentence",
    ["عاد لاجئين إلى القرية أمس.", "تحدث عاملين في المصنع عن الرواتب.", "زار الوفد باكستان الأسبوع الماضي."],
)
def test_plurals_and_names_are_not_duals(sentence: str) -> None:
    for s in suggest(sentence, today=TODAY):
        assert s.values.get("quantity") != 2, s.values


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("الأجرة لليوم تلات آلاف ليرة للراكب في حلب.", 3000),
        ("غرقت تلاتين خيمة بالكامل في المخيم.", 30),
        ("السوق فيه تلتمية باكية في شبرا.", 300),
        ("وصل اتنين وعشرين باص على الموقف بحلب.", 22),
        ("نزل عدد الباصات من تمانين باص إلى تلاتين.", 80),
    ],
)
def test_colloquial_numerals(sentence: str, value: float) -> None:
    assert quantity(sentence)["quantity"] == value


def test_colloquial_eight_hours_is_a_duration() -> None:
    v = quantity("السائقين بيشتغلوا تمنية ساعات بالنهار.")
    assert v["amount"] == 8
    assert v["unit"] == "hour"


@pytest.mark.parametrize(
    ("sentence", "count", "total", "unit"),
    [
        ("عنا بالقرية تلات آبار من أصل سبعة واقفة.", 3, 7, "آبار"),
        ("Three out of seven wells in the village are dry, the council said on Monday.", 3, 7, "wells"),
    ],
)
def test_out_of_keeps_the_noun_as_unit(sentence: str, count: int, total: int, unit: str) -> None:
    v = quantity(sentence)
    assert (v["quantity"], v["out_of"], v["unit"]) == (count, total, unit)


def test_a_verb_after_a_number_is_not_its_unit() -> None:
    v = quantity("قال المسؤول إن 40 وصلوا إلى الحدود أمس.")
    assert v["quantity"] == 40
    assert "unit" not in v


def test_start_of_the_year_is_not_a_superlative() -> None:
    v = quantity("ارتفع عدد الآبار الجافة إلى 40 منذ أول السنة.")
    assert "comparison" not in v
    assert quantity("هذه أول مرة يغلق فيها المعبر منذ 2019.")["comparison"] == "superlative"


def _places(sentence: str) -> list[dict]:
    return [f.value for f in engine.extract(sentence).feats if f.kind == "place"]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("أعيد فتح معبر أبو الزندين أمام الشاحنات يوم الأحد.", {"place": "abu-zandin", "level": "site"}),
        ("وصل 300 نازح إلى عين العرب أمس.", {"place": "kobani", "level": "city"}),
        ("أغلق معبر تل أبيض منذ عام 2019.", {"place": "tal-abyad", "level": "site"}),
        ("غرقت ثلاثون خيمة في مخيم أم القرى ليلة الاثنين.", {"name": "ام القري"}),
        ("نزح 300 شخص إلى مخيم عين عيسى أمس.", {"name": "عين عيسي"}),
        ("وصلت القافلة إلى حي أبو بكر في الباب.", {"name": "ابو بكر"}),
    ],
)
def test_place_names_with_a_head_word_are_kept_whole(sentence: str, place: dict) -> None:
    assert place in _places(sentence)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("والمحافظة شالت منهم مية وخمسين الشهر اللي فات من غير إنذار.", 150),  # «الشهر» is not what it counts
        ("بلغ عدد المشاركين عشرين ألفا يوم الجمعة في الرقة.", 20000),  # «يوم الجمعة» names the day
    ],
)
def test_a_time_word_after_a_count_that_is_not_its_unit(sentence: str, value: float) -> None:
    feats = engine.extract(sentence).feats
    assert not [f for f in feats if f.kind == "dur"]
    assert value in [f.value.get("quantity") for f in feats]


@pytest.mark.parametrize(
    "sentence",
    ["The count was " + "1" * 400 + " people in Raqqa.", "The count was 1" + " 000" * 200 + " people in Raqqa.",
     "قتل " + "١٬٠٠٠" * 50 + " شخص في الرقة."],
)
def test_a_run_of_digits_too_long_for_a_figure_is_no_crash(sentence: str) -> None:
    for s in suggest(sentence, today=TODAY):
        assert sentence[s.start:s.end] == s.quote
