"""Sentences, clauses, headings and attributions in Arabic and English."""

from __future__ import annotations

from datetime import date

from app.suggest import KINDS, detect_language, suggest

TODAY = date(2026, 2, 21)


def quotes(text: str) -> list[str]:
    return [s.quote for s in suggest(text, today=TODAY)]


def test_detect_language() -> None:
    assert detect_language("نقلت وكالة الأنباء عن مسؤولين محليين") == "ar"
    assert detect_language("Reuters, citing US officials, said 1,000 troops remain") == "en"
    assert detect_language("AFP: نقلت وكالة الأنباء عن مسؤولين محليين أن المعبر سيفتح") == "ar"
    assert detect_language("") == "en"
    assert detect_language("12345 !!!") == "en"


def test_english_abbreviations_and_decimals_do_not_end_sentences() -> None:
    text = "Mr. Smith said the U.S. had sent 3.5 tonnes of aid to Erbil on Jan. 14. The next convoy left Baghdad."
    got = quotes(text)
    assert got[0] == "the U.S. had sent 3.5 tonnes of aid to Erbil on Jan. 14"
    res = suggest(text, today=TODAY)
    assert res[0].attributed_to == "Mr. Smith"
    assert res[0].values["quantity"] == 3.5


def test_arabic_clause_breaks_split_two_claims_and_carry_attribution() -> None:
    text = ("ونقلت وكالة “الأناضول” عن مسؤولين أتراك، يوم الأحد، أن أنقرة أرسلت تعزيزات إلى معبر سيمالكا، "
            "تضم قرابة ثلاثمئة جندي، على أن تبقى هناك شهرين على الأقل.")
    res = suggest(text, today=TODAY)
    assert len(res) >= 2
    assert all(s.attributed_to == "وكالة “الأناضول” عن مسؤولين أتراك" for s in res)
    assert not any("نقلت" in s.quote or "الأحد" in s.quote for s in res)
    assert [v for s in res for v in [s.values] if v.get("unit_key") == "soldier"][0]["quantity"] == 300


def test_english_trailing_attribution_applies_to_the_claim_before_it() -> None:
    # (a reopening announced for a weekday is a prediction only waiting settles: the claim here is past)
    res = suggest("The port reopened to ships on Monday, the harbour authority said.", today=TODAY)
    assert len(res) == 1
    assert res[0].quote == "The port reopened to ships on Monday"
    assert res[0].attributed_to == "harbour authority"


def test_according_to_is_an_attribution() -> None:
    res = suggest("The closure cost the local economy $3.5 million a week, according to the chamber of commerce.",
                  today=TODAY)
    assert res[0].attributed_to == "chamber of commerce"
    assert "according" not in res[0].quote


def test_headings_bylines_credits_and_share_buttons_are_skipped() -> None:
    text = ("Eastbrook approves £48.5m flood barrier\n\nBy Sarah Lindqvist, local reporter\n\n"
            "The council voted on Tuesday to spend £48.5 million on the barrier.\n\n"
            "Source: Eastbrook Courier\n\nShare this article\n\n"
            "ثلاثة أعوام من الجفاف\n\nالمصدر: مراسلو الموقع\n\nشاركها.")
    assert quotes(text) == ["The council voted on Tuesday to spend £48.5 million on the barrier"]


def test_unclosed_quote_in_a_heading_does_not_swallow_the_next_paragraph() -> None:
    text = "شحنات جديدة إلى “سيمالكا\n\nوحملت الشاحنات نحو 40 طنًا من الطحين."
    assert quotes(text) == ["وحملت الشاحنات نحو 40 طنًا من الطحين"]


def test_odd_curly_quotes_around_names() -> None:
    # A closing quote used as an opening one (”...”), as pasted articles often have.
    text = "أعادت السلطات فتح معبري “اليعربية” شمال الحسكة، و”سيمالكا” على نهر دجلة أمام الشاحنات."
    res = suggest(text, today=TODAY)
    assert len(res) == 1
    assert res[0].quote.endswith("الشاحنات")
    assert {"yarubiyah", "semalka"} <= set(res[0].values["places"])


def test_dateline_is_not_part_of_the_claim() -> None:
    assert quotes("البصرة – غرقت أحياء واسعة من مدينة البصرة في الظلام مساء الخميس.") == [
        "غرقت أحياء واسعة من مدينة البصرة في الظلام مساء الخميس"]
    assert quotes("MARSA KELT, Jan. 14 — The port reopened on Monday after seven weeks.") == [
        "The port reopened on Monday after seven weeks"]


def test_opinion_and_hedges_are_not_suggested() -> None:
    text = ("ويرى محللون أن القرار يشكل منعطفًا مهمًا لسياسة الحكومة. "
            "Analysts see the decision as a sign of shifting priorities in the region. "
            "ولا يزال مصير الاتفاق بشأن معبر “سيمالكا” غير واضح.")
    assert quotes(text) == []


def test_reasons_and_kinds() -> None:
    res = suggest("قال مسؤول إن نحو ألف جندي أمريكي سينسحبون من سوريا خلال شهرين.", today=TODAY)
    assert len(res) == 1
    s = res[0]
    assert s.kind in KINDS
    assert "number" in s.reason or "quantity" in s.reason
    assert s.attributed_to == "مسؤول"
    d = s.to_dict()
    assert d["recheck_on"] == s.recheck_on.isoformat()
    assert set(d) == {"start", "end", "quote", "kind", "score", "attributed_to", "values", "reason", "recheck_on",
                      "pending"}
