"""Text that is not a tidy article: tweets, threads, links, handles, long clauses (issue 11, item 1)."""

from __future__ import annotations

from datetime import date

from app.suggest import engine, suggest
from app.suggest.normalize import mask_noise

TODAY = date(2026, 2, 21)


def _values(text: str) -> list[dict]:
    return [s.values for s in suggest(text, today=TODAY)]


def test_long_clause_with_one_narrow_window_does_not_crash() -> None:
    # Over MAX_CLAUSE_TOKENS tokens with a single feature: one window narrower than the clause.
    filler = " ".join(["discussed"] * (engine.MAX_CLAUSE_TOKENS + 5))
    text = f"The committee {filler} the delivery of 300 trucks to the port and many more words after it."
    res = suggest(text, today=TODAY)
    assert [s.values.get("quantity") for s in res] == [300]
    assert len(res[0].quote) < len(text) / 2  # the window, not the whole clause


def test_link_digits_are_not_quantities() -> None:
    text = "Officials confirmed the new bus fares today https://t.co/Omv7zwS4PT"
    assert all("quantity" not in v for v in _values(text))
    assert _values("The council closed 12 libraries www.example.com/a7b9 pic.twitter.com/x5Y2") == [
        {"quantity": 12, "unit": "libraries"}]


def test_handles_hashtags_and_thread_counters_are_masked() -> None:
    text = "4 / 6 هل تعلم أن الحكومة رفعت أسعار الخبز #خبز2024 @Ministry_22"
    assert all("quantity" not in v for v in _values(text))
    text = "(2/5) The hospital treated 140 patients on Sunday @CityHealth9 #flood2025"
    quantities = [v.get("quantity") for v in _values(text)]
    assert quantities == [140]


def test_a_date_written_with_a_slash_is_not_a_counter() -> None:
    # 12/3 cannot be "the 12th of 3 tweets": it stays in the text.
    assert mask_noise("closed on 12/3") == "closed on 12/3"
    assert mask_noise("closed 2/5") == "closed    "
    res = suggest("The bridge closed on 12/3 after 40 trucks crossed it.", today=TODAY)
    assert any("12/3" in s.quote for s in res)


def test_a_tweet_is_not_a_headline() -> None:
    # One short line without final punctuation: read, not dropped as a title.
    res = suggest("The ministry says 40 hospitals closed in March", today=TODAY)
    assert [s.values.get("quantity") for s in res] == [40]
    thread = "The port handled 9,000 containers in May\n\nThat is twice last year's figure"
    assert 9000 in [s.values.get("quantity") for s in suggest(thread, today=TODAY)]


def test_a_real_headline_is_still_skipped() -> None:
    text = ("Port handles 9,000 containers in May\n\n"
            "The port of Sandor handled 9,000 containers in May, the harbour authority said on Monday.")
    res = suggest(text, today=TODAY)
    assert len(res) == 1 and res[0].start > text.index("\n")


def test_a_unit_must_be_a_unit() -> None:
    ar = _values("وصل العدد إلى 300 الحكومة قالت ذلك.")
    assert ar and "unit" not in ar[0]
    en = _values("The firm hired 5 says officials at the plant, and 20 nurses joined later.")
    assert all(v.get("unit") not in ("says", "officials") for v in en)
    assert {"quantity": 20, "unit": "nurses"} in en
    assert _values("بنى المقاول 20 مستشفى في المحافظة.")[0]["unit"] == "مستشفى"
