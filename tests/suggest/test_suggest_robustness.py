"""Bad input: empty text, no claims, mixed scripts, invisible marks, tatweel, huge lines, HTML."""

from __future__ import annotations

import sys
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.suggest import KINDS, suggest

TODAY = date(2026, 2, 21)
MARKS = ["\u200f", "\u200e", "\u200b", "\u200c", "\u200d", "\u061c"]


def check_invariants(text: str, res) -> None:
    last = 0
    for s in res:
        assert text[s.start:s.end] == s.quote
        assert s.start >= last and s.end > s.start
        assert 0.0 <= s.score <= 1.0
        assert s.kind in KINDS
        last = s.end


def test_empty_and_blank_text() -> None:
    for text in ("", " ", "\n\n\t", "\u200f\u200b"):
        assert suggest(text) == []


def test_text_without_claims() -> None:
    for text in ("مرحبا بكم في موقعنا.", "Hello, and welcome to our website.", "Thank you for reading.",
                 "شكرا لكم على المتابعة والقراءة الدائمة."):
        res = suggest(text, today=TODAY)
        assert all(s.score < 0.6 for s in res), res


def test_mixed_scripts_in_one_sentence() -> None:
    text = "قال Reuters إن about 1,000 US troops لا يزالون في سوريا."
    res = suggest(text, today=TODAY)
    check_invariants(text, res)
    assert res and res[0].values["quantity"] == 1000


def test_invisible_marks_and_tatweel_keep_offsets_exact() -> None:
    text = ("وذكرت\u200f وزارة الزراعة\u200b العراقية، أن الحكومة\u200d ستوزع البذور في محافظة نينوى، "
            "على أن يستفيد منها نحو\u061c ألـــف مــزارع\u200e جنـــدي.")
    res = suggest(text, today=TODAY)
    check_invariants(text, res)
    thousand = [s for s in res if s.values.get("quantity") == 1000]
    assert thousand and "ألـــف مــزارع" in thousand[0].quote
    assert thousand[0].values["unit"] == "مزارع" and thousand[0].attributed_to == "وزارة الزراعة العراقية"
    # the mark-free text gives the same suggestions, at shifted offsets
    clean = text
    for m in [*MARKS, "\u0640"]:
        clean = clean.replace(m, "")
    assert [s.values for s in suggest(clean, today=TODAY)] == [s.values for s in res]


def test_diacritics_do_not_hide_keywords() -> None:
    text = "يُتَوَقَّعُ أَنْ تَسْتَغْرِقَ أَعْمَالُ الصِّيَانَةِ نَحْوَ شَهْرٍ كَامِلٍ فِي مِينَاءِ طَرْطُوس."
    res = suggest(text, today=TODAY)
    check_invariants(text, res)
    assert res and res[0].values["duration_days"] == 30


def test_html_tags_do_not_break_offsets() -> None:
    text = ("<p>ونقلت الشركة <b>أكثر من 20</b> شاحنة مبرّدة.</p>"
            "<p>The port will reopen on <i>Monday</i>, the ministry said.</p>")
    res = suggest(text, today=TODAY)
    check_invariants(text, res)
    assert [s.values.get("quantity") for s in res][:1] == [20]
    for s in res:
        assert not s.quote.startswith("<") and not s.quote.endswith(("<p", "<b"))
        # an inline tag opened inside a quote is closed inside it too
        assert s.quote.count("<i>") == s.quote.count("</i>")
        assert s.quote.count("<b>") == s.quote.count("</b>")


def steps(text: str) -> int:
    """The work suggest() does on `text`, counted (Python calls and returns, C calls), not timed: the same on
    any machine, however loaded (the wall-clock figures are in bench/suggest_robustness.py)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        res = suggest(text, today=TODAY)
    finally:
        sys.setprofile(None)
    check_invariants(text, res)
    return count


def assert_linear(small: str, large: str) -> None:
    """Four times the text may cost at most a little over four times the work (quadratic would be sixteen)."""
    assert len(large) == 4 * len(small)
    ratio = steps(large) / max(1, steps(small))
    assert ratio <= 4.5, ratio


def test_long_single_line_finishes_quickly() -> None:
    line = ("وقالت البلدية إن نحو ثلاثمئة عامل أصلحوا شبكة المياه في حي “الزهور” بمدينة حمص خلال أسبوعين و "
            * 2200)[:200_000]
    assert len(line) == 200_000 and "\n" not in line
    res = suggest(line, today=TODAY)
    check_invariants(line, res)
    assert all(len(s.quote) < 1000 for s in res)  # windows, not one 200k-character "claim"
    assert_linear(line[:25_000], line[:100_000])


def test_pathological_inputs_do_not_backtrack() -> None:
    for unit, length in (("<", 50_000), ("<b", 25_000), ("1,", 25_000), ("a.", 25_000), ("“", 50_000),
                         ("U.S.", 12_000)):
        assert_linear(unit * (length // 4), unit * length)


def test_dates_at_the_edge_of_the_calendar() -> None:
    text = "ستتجه القوات إلى كردستان خلال 99999999 سنة."
    for today in (date(9999, 12, 30), date(1, 1, 1)):
        check_invariants(text, suggest(text, today=today))


_WORDS = ("نحو ألف جندي في سوريا قال مسؤولون إن عشرين شاحنة شهرين عام 2014 شباط ستنتقل قاعدة “سيمالكا” "
          "ريف الرقة وبحسب المصادر ذاتها، about 1,000 troops said according to Monday will Mr. U.S. 3.5 "
          "the largest <p> </p> <b> ١٬٠٠٠ ٣٫٥ ۱۵ ؟ . ، ؛ ; \n “ ” « » \" ( )").split(" ")
_CHARS = st.sampled_from(
    list("ابتجحدرزسشصعفقكلمنهوي ءأإآؤئىة٠١٢٣٤٥٦٧٨٩0123456789 ,.;:!?؟،؛\"“”«»()<>/-–—\n")
    + MARKS + ["\u0640", "\u064e", "\u0651", "ﻻ", "ﷺ", "Ａ", "İ"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(_CHARS, max_size=6)), max_size=60))
def test_property_offsets_sorted_disjoint(parts: list[str]) -> None:
    text = " ".join(parts)
    check_invariants(text, suggest(text, today=TODAY))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_any_unicode(text: str) -> None:
    check_invariants(text, suggest(text, today=TODAY))
