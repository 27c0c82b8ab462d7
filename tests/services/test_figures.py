"""Figures compared: each source's figure read as a value (Western, Arabic-Indic, words) against the article's."""

import pytest

from app.extensions import db
from app.services import evidence, figures, review
from tests.conftest import login

ARABIC = "قالت الوزارة إن نحو 1000 جندي ما زالوا في القاعدة."


@pytest.mark.parametrize("typed,unit,value", [("١٠٠٠", "جندي", 1000), ("2,000", "troops", 2000), ("ألف", "", 1000),
                                              ("١٬٥٠٠", "", 1500), ("two months", "", 60)])
def test_a_figure_is_read_in_any_digits_or_words(typed, unit, value):
    figure = figures.read_figure(typed, unit)
    assert figure is not None and figure.value == value


def test_nothing_to_read_is_not_a_figure():
    assert figures.read_figure("many", "soldiers") is None


def _attach(claim, who, value, unit="", stance="supports", reliability="B"):
    return evidence.add_evidence(None, claim, {"url": f"https://{who}.example/r", "stance": stance, "publisher": who,
                                               "reliability": reliability, "reported_value": value,
                                               "reported_unit": unit})


def test_the_table_says_who_agrees_and_by_how_much_others_differ(make_article, make_claim):
    claim = make_claim(make_article(body=ARABIC), "نحو 1000 جندي ما زالوا في القاعدة")
    _attach(claim, "Reuters", "١٠٠٠", "جندي")
    _attach(claim, "Pentagon", "2,000", "troops")
    _attach(claim, "Agency", "ألف", "")
    _attach(claim, "Trucks", "20", "trucks")
    db.session.commit()
    table = figures.figures_table(claim)
    assert table.article.value == 1000 and table.article.approx
    by_who = {row.evidence.source.publisher: row for row in table.rows}
    assert by_who["Reuters"].outcome == "agrees"
    assert by_who["Agency"].outcome == "agrees"
    assert (by_who["Pentagon"].outcome, by_who["Pentagon"].difference, by_who["Pentagon"].percent) == ("differs", 1000, 100)
    assert by_who["Trucks"].outcome == "not_compared"  # trucks are not soldiers
    assert (table.agree, table.differ) == (2, 1)


def test_an_articles_bound_takes_any_value_inside_it(make_article, make_claim):
    claim = make_claim(make_article(body="A convoy of more than 20 trucks crossed on Saturday."),
                       "more than 20 trucks")
    _attach(claim, "Wire", "about 100", "trucks")
    _attach(claim, "Local", "12", "trucks")
    db.session.commit()
    outcomes = {row.evidence.source.publisher: row.outcome for row in figures.figures_table(claim).rows}
    assert outcomes == {"Wire": "agrees", "Local": "differs"}


def test_a_differing_figure_weighs_against_the_claim_in_the_suggested_verdict(make_article, make_claim):
    claim = make_claim(make_article(body="Officials said 1,000 soldiers remain at the base."), "1,000 soldiers")
    # both ticked "supports", but their numbers say otherwise
    _attach(claim, "Pentagon", "2,000", "soldiers", reliability="A")
    _attach(claim, "Ministry", "٢٠٠٠", "جندي", reliability="A")
    db.session.commit()
    suggested = review.suggested_verdict(claim)
    assert suggested.verdict in ("false", "likely_false")
    assert "2 differ" in str(suggested.reason)


def test_the_claim_page_shows_the_comparison_in_arabic(client, login_as, make_user, make_article, make_claim):
    claim = make_claim(make_article(body=ARABIC), "نحو 1000 جندي ما زالوا في القاعدة")
    _attach(claim, "رويترز", "١٠٠٠", "جندي")
    _attach(claim, "البنتاغون", "2,000", "جندي")
    db.session.commit()
    reviewer = make_user("reviewer")
    login(client, reviewer)
    client.post("/account/settings", data={"language": "ar", "timezone": "UTC", "digits": "arabic"})
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "يطابق" in html
    assert "يختلف" in html and "بمقدار +١٬٠٠٠" in html and "+١٠٠" in html
    assert "الأرقام: مصدر واحد يطابق رقم المقال" in html
