"""Earlier fact-checks matched to a new claim: by words and by meaning, Arabic and English, best first, with why."""

from __future__ import annotations

from app.extensions import db
from app.services import matching


def first_url(matches) -> str | None:
    return matches[0].check.url if matches else None


def test_an_english_claim_finds_the_check_that_answers_it_first(checks):
    found = matching.match_text("Did the toll on the river bridge really double to 8 dinars in one month?", "en")
    assert first_url(found) == "https://checks.example.org/en/bridge-toll"
    why = found[0].why
    assert "8" in why["figures"] and {"bridge", "toll"} <= set(why["words"])
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_an_arabic_claim_with_other_word_forms_finds_its_check(checks):
    # «والإخلاء», «العائلات», Arabic-Indic digits: the same check as «بإخلاء 3000 عائلة».
    found = matching.match_text("الحكومة تقرر الإخلاء لـ ٣٠٠٠ من العائلات في حي الشاطئ", "ar")
    assert first_url(found) == "https://tahaqaq.example.net/ar/evacuation"
    assert "3000" in found[0].why["figures"]


def test_an_arabic_claim_finds_an_english_check_by_meaning(checks):
    matching.embed_checks()
    db.session.commit()
    found = matching.match_text("لقاح الإنفلونزا الجديد يحتوي على شريحة تتبع إلكترونية", "ar")
    assert first_url(found) == "https://checks.example.org/en/vaccine-chip"
    assert found[0].why["meaning"] > 0.4


def test_a_claim_on_an_article_is_matched_and_an_unrelated_text_finds_nothing(checks, make_article, make_claim):
    body = "Officials said free school meals were cancelled for all pupils in Amman. Parents protested."
    claim = make_claim(article=make_article(body=body, language="en"))
    assert first_url(matching.matches_for_claim(claim)) == "https://checks.example.org/en/school-meals"
    assert matching.match_text("Xylophone quartet rehearsal schedule", "en") == []


def test_a_check_imported_after_the_index_was_built_is_found_at_once(checks):
    matching.rebuild()
    db.session.commit()
    from app.services import factchecks

    factchecks.import_items([{"url": "https://checks.example.org/en/dam", "claim_reviewed": "The northern dam "
                              "released 40 million cubic metres overnight.", "rating": "True", "language": "en"}],
                            origin="file")
    db.session.commit()
    assert first_url(matching.match_text("40 million cubic metres released by the northern dam", "en")) \
        == "https://checks.example.org/en/dam"
