"""The report's labels: Arabic for an Arabic article, English otherwise, every verdict named in both."""

from app.models.base import CONFIDENCES, KINDS, STANCES, STATES, VERDICTS
from app.reports.labels import AR, EN, RATING_VALUES, report_language, rollup, verdict_name


def test_every_verdict_has_its_name_in_both_languages():
    assert {v: verdict_name(v, "en") for v in VERDICTS} == {
        "unverified": "Unverified", "confirmed": "Confirmed", "likely_true": "Likely true", "mixed": "Mixed",
        "likely_false": "Likely false", "false": "False", "unverifiable": "Unverifiable"}
    assert {v: verdict_name(v, "ar") for v in VERDICTS} == {
        "unverified": "لم يُتحقق منه بعد", "confirmed": "صحيح", "likely_true": "صحيح على الأرجح", "mixed": "مختلط",
        "likely_false": "خاطئ على الأرجح", "false": "خاطئ", "unverifiable": "لا يمكن التحقق منه"}
    assert RATING_VALUES == {"false": 1, "likely_false": 2, "mixed": 3, "likely_true": 4, "confirmed": 5}


def test_both_label_sets_are_complete():
    assert set(EN) == set(AR)
    for labels in (EN, AR):
        assert set(labels["state"]) == set(STATES) and set(labels["kind"]) == set(KINDS)
        assert set(labels["confidence"]) == set(CONFIDENCES) and set(labels["stance"]) == set(STANCES)
    assert EN["not_approved"] == "Not yet approved" and AR["not_approved"] == "لم تُعتمد بعد"


def test_the_report_speaks_the_articles_language():
    assert report_language("ar") == "ar" and report_language("AR") == "ar"
    assert report_language("en") == "en" and report_language("fr") == "en" and report_language(None) == "en"


def test_rollup():
    summary = {"total": 7, "approved": 3, "by_verdict": {"false": 2, "mixed": 1, "unverified": 4}}
    assert rollup(summary, "en") == "3 of 7 claims approved; 2 false, 1 mixed, 4 unverified"
    assert rollup(summary, "ar") == "المعتمد 3 من 7؛ خاطئ: 2، مختلط: 1، لم يُتحقق منه بعد: 4"
    assert rollup({"total": 1, "approved": 1, "by_verdict": {"confirmed": 1}}, "en") == "1 of 1 claim approved; 1 confirmed"
