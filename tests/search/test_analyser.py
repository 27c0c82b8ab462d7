"""The search analyser: one list of terms for both databases, from Arabic and English text as people write it."""

import pytest

from app.services.analyser import analyse, excerpt, index_text, marked_spans, parse_query


def term(word: str) -> str:
    terms = index_text(word).split()
    assert len(terms) == 1, terms
    return terms[0]


@pytest.mark.parametrize("form", ["الإخلاء", "إخلاء", "اخلاء", "والإخلاء", "وإخلاء", "فالإخلاء", "بالإخلاء",
                                  "للإخلاء", "الإِخْلاءُ", "الإخـــلاء"])
def test_every_written_form_of_an_arabic_word_is_one_term(form):
    assert term(form) == term("إخلاء")


@pytest.mark.parametrize("form", ["انسحاب", "انسحبت", "الانسحابات", "والانسحاب", "انسحابها", "انسحبوا"])
def test_a_verb_and_its_noun_with_their_endings_meet(form):
    assert term(form) == term("انسحاب")


@pytest.mark.parametrize("form", ["القاعدة", "القاعده", "قاعدة", "وبالقاعدة"])
def test_ta_marbuta_typed_as_ha_and_clitics(form):
    assert term(form) == term("قاعدة")


def test_the_conjunction_rule_leaves_words_that_only_start_with_waw_or_fa():
    # و and ف go only before the article: a word that merely begins with them keeps its first letter
    assert term("والد") == term("الوالد") != term("الد")
    assert term("فكرة").startswith("ف")


@pytest.mark.parametrize("form", ["withdrawal", "withdrawals", "Withdrawing"])
def test_english_words_are_stemmed(form):
    assert term(form) == term("withdraw")


@pytest.mark.parametrize("written, western", [("٤٢", "42"), ("۴۲", "42"), ("1,500", "1500"), ("١٬٥٠٠", "1500"),
                                              ("٢٠٢٤", "2024")])
def test_digits_in_any_script_are_western(written, western):
    assert term(written) == western


def test_terms_keep_the_span_of_the_original_text_for_highlighting():
    text = "قالت الوزارةُ إنّ والإخلاءَ تمّ بعد 42 يوماً of withdrawals."
    for t in analyse(text):
        assert text[t.start:t.end].strip() == text[t.start:t.end]
    spans = marked_spans(text, parse_query("اخلاء withdrawal ٤٢").terms)
    assert [text[s:e] for s, e in spans] == ["والإخلاءَ", "42", "withdrawals"]


def test_a_query_has_words_in_any_order_and_quoted_phrases():
    query = parse_query('انسحاب "القاعدة الجوية" evacuation')
    assert query.words == [term("انسحاب"), term("evacuation")]
    assert query.phrases == [[term("القاعدة"), term("الجوية")]]
    # «guillemets» quote a phrase too, as Arabic writers quote
    assert parse_query("«القاعدة الجوية»").phrases == query.phrases


@pytest.mark.parametrize("text, number", [("42", 42), ("#42", 42), ("٤٢", 42), ("#٤٢", 42), (" # ٤٢ ", 42),
                                          ("42 جنديا", None), ("abc", None)])
def test_a_claim_number_in_any_digits(text, number):
    assert parse_query(text).number == number


@pytest.mark.parametrize("text", ['"unbalanced quote', '"', '""', "؟!…،", "x" * 10_000, "\x00\ud800", "' OR 1=1 --",
                                  'NEAR(a b) AND "c', "*", "a:b"])
def test_any_input_parses_into_a_bounded_query(text):
    query = parse_query(text)
    assert len(query.words) <= 32 and len(query.phrases) <= 8
    for t in query.terms:
        assert t.isalnum()  # nothing of the databases' query syntax survives


def test_an_unbalanced_quote_runs_to_the_end():
    assert parse_query('troops "left the base').phrases == [[term("left"), term("the"), term("base")]]


def test_an_excerpt_of_a_long_text_is_around_the_first_match():
    text = "filler " * 200 + "the evacuation began " + "filler " * 200
    part = excerpt(text, parse_query("evacuation").terms, width=120)
    assert "evacuation" in part and len(part) <= 130 and part.startswith("…") and part.endswith("…")
