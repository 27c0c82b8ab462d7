"""ClaimReview JSON-LD: one review per claim with a verdict, on the SPEC's 1–5 scale."""

import json

from app.extensions import db
from app.reports.claimreview import author_type, build_claimreview, claim_reviews, script_json
from app.services import reports
from tests.reports.conftest import model


def test_each_claim_with_a_verdict_gets_a_claimreview(reviewed, people):
    reviews = json.loads(build_claimreview(model(reviewed["article"].id)))
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["False", "Mixed", "Unverifiable"]
    false = reviews[0]
    assert false["@context"] == "https://schema.org" and false["@type"] == "ClaimReview"
    assert false["claimReviewed"] == "about 1,000 soldiers"
    assert false["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "worstRating": 1, "bestRating": 5,
                                     "alternateName": "False"}
    item = false["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2026-02-21"
    assert item["appearance"] == {"@type": "CreativeWork", "headline": "Troops and trucks",
                                  "url": "https://news.example/troops",
                                  "publisher": {"@type": "Organization", "name": "News Example"}}
    assert item["author"] == {"@type": "Organization", "name": "Reuters, citing US officials"}
    assert false["author"] == {"@type": "Organization", "name": "Test Desk", "url": "https://org.example"}
    assert false["datePublished"] == reviewed["claims"][0].approved_at.date().isoformat()
    assert false["url"] == f"https://desk.example/claims/{reviewed['claims'][0].id}"
    assert false["creativeWorkStatus"] == "Published" and false["reviewBody"].startswith("Two reliable")
    # not yet approved: a draft, dated today; unverifiable: no place on the scale, only its name
    assert reviews[1]["creativeWorkStatus"] == "Draft" and reviews[1]["reviewRating"]["ratingValue"] == 3
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Person", "name": "a correspondent"}
    assert "ratingValue" not in reviews[2]["reviewRating"]


def test_the_rating_scale_follows_the_spec(make_article, make_claim, people):
    from tests.reports.conftest import review_claim

    article = make_article(body="a one. b two. c three. d four. e five.", language="en")
    verdicts = ["confirmed", "likely_true", "mixed", "likely_false", "false"]
    for quote, verdict in zip(["a one", "b two", "c three", "d four", "e five"], verdicts, strict=True):
        review_claim(make_claim(article, quote, actor=people["reviewer"]), people["reviewer"], verdict=verdict)
    values = {r["claimReviewed"]: r["reviewRating"]["ratingValue"] for r in claim_reviews(model(article.id))}
    assert values == {"a one": 5, "b two": 4, "c three": 3, "d four": 2, "e five": 1}


def test_arabic_reviews_name_verdicts_in_arabic(arabic):
    review = claim_reviews(model(arabic["article"].id))[0]
    assert review["reviewRating"]["alternateName"] == "خاطئ على الأرجح" and review["inLanguage"] == "ar"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "مراسل في الحسكة"}


def test_a_published_report_links_each_review_to_its_claim_anchor(reviewed, people):
    publication = reports.publish(people["editor"], reviewed["article"], include_unapproved=True)
    db.session.commit()
    review = claim_reviews(model(reviewed["article"].id))[0]
    assert review["url"] == f"https://desk.example/r/{publication.token}#claim-{reviewed['claims'][0].id}"


def test_no_reviews_for_an_article_without_verdicts(make_article, make_claim):
    article = make_article()
    make_claim(article)
    assert json.loads(build_claimreview(model(article.id))) == []


def test_script_json_cannot_close_its_script_element():
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "<\\/script>"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "<\\/script>"}


def test_author_type():
    assert author_type("a correspondent in Hasakah") == "Person"
    assert author_type("Reuters, citing a US official") == "Organization"
    assert author_type("وزارة الدفاع") == "Organization"
