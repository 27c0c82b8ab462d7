"""Similar claims across articles and languages, and reusing their evidence and verdict."""

import pytest

from app.extensions import db
from app.models import Claim, Event
from app.services import claims as claim_service
from app.services import evidence, similar
from app.services.errors import Conflict, ValidationError

AR = "ونقلت وكالة رويترز عن مسؤولين أمريكيين أن نحو ألف جندي أمريكي ما زالوا في سوريا."
EN = "US officials told Reuters that about 1,000 US troops remain in Syria. Rain fell in Leeds on Monday."


@pytest.fixture
def pair(make_article, make_claim):
    ar = make_article(body=AR, language="ar", title="ar")
    en = make_article(body=EN, language="en", title="en")
    return make_claim(ar, "نحو ألف جندي أمريكي ما زالوا في سوريا"), make_claim(en, "about 1,000 US troops remain in Syria"), \
        make_claim(en, "Rain fell in Leeds on Monday")


def test_the_same_troop_figure_is_found_across_languages(pair):
    arabic, english, unrelated = pair
    found = similar.similar_claims(arabic)
    assert [s.claim.id for s in found][:1] == [english.id]
    assert "same quantity and unit: 1,000 soldier" in found[0].reason  # the unit as a word, not a key
    assert unrelated.id not in [s.claim.id for s in found]
    assert [s.claim.id for s in similar.similar_claims(english)] == [arabic.id]


def test_claims_of_the_same_article_are_not_offered(make_article, make_claim):
    article = make_article(body="About 1,000 troops remain. Nearly 1,000 troops remain, officials said.")
    a = make_claim(article, "About 1,000 troops remain")
    make_claim(article, "Nearly 1,000 troops remain")
    assert similar.similar_claims(a) == []


def test_copying_evidence_and_verdict_is_recorded_in_the_history(pair, make_user):
    arabic, english, _ = pair
    reviewer = make_user("reviewer")
    evidence.add_evidence(reviewer, english, {"url": "https://wire.example/troops", "stance": "supports",
                                              "reliability": "A", "credibility": 2})
    claim_service.update_claim(reviewer, english, {"version": english.version, "verdict": "likely_true",
                                                   "confidence": "medium", "rationale": "Two officials on record."})
    db.session.commit()
    result = similar.copy_from(reviewer, arabic, {"version": arabic.version, "from_claim_id": english.id})
    db.session.commit()
    assert result == {"evidence": 1, "fields": ["verdict", "confidence", "rationale"]}
    assert arabic.verdict == "likely_true" and arabic.state == "in_review"
    assert [e.source.url for e in arabic.evidence] == ["https://wire.example/troops"]
    notes = [e.note for e in db.session.query(Event).filter_by(claim_id=arabic.id) if e.note]
    assert f"from claim #{english.id}" in notes and f"copied from claim #{english.id}" in notes
    # Copying again adds nothing twice.
    again = similar.copy_from(reviewer, arabic, {"version": arabic.version, "from_claim_id": english.id})
    assert again["evidence"] == 0


def test_copy_checks_version_and_target(pair, make_user):
    arabic, english, _ = pair
    user = make_user()
    with pytest.raises(Conflict):
        similar.copy_from(user, arabic, {"version": 9, "from_claim_id": english.id})
    with pytest.raises(ValidationError):
        similar.copy_from(user, arabic, {"version": arabic.version, "from_claim_id": arabic.id})


def test_the_api_lists_similar_claims_with_reasons(api, pair):
    arabic, english, _ = pair
    body = api().get(f"/api/v1/claims/{arabic.id}/similar").json
    assert body["items"][0]["claim"]["id"] == english.id
    assert body["items"][0]["claim"]["article"]["language"] == "en"
    assert 0 < body["items"][0]["score"] <= 1


def test_similar_claims_are_a_link_away_from_the_claim_page(client, login_as, pair):
    """The claim page links to them; they are worked out on their own page, not on every view of the claim."""
    login_as("reviewer")
    arabic, english, _ = pair
    html = client.get(f"/claims/{arabic.id}").get_data(as_text=True)
    assert f"/claims/{arabic.id}/similar" in html and f"/claims/{english.id}" not in html
    html = client.get(f"/claims/{arabic.id}/similar").get_data(as_text=True)
    assert f"/claims/{english.id}" in html and "same quantity" in html


def test_keys_are_refreshed_when_the_statement_changes(pair, make_user):
    arabic, english, _ = pair
    claim_service.update_claim(make_user(), english, {"version": english.version,
                                                      "statement": "Rain fell in Leeds on Monday"})
    db.session.commit()
    stored = db.session.get(Claim, english.id)
    assert any(k.key.startswith("place:") or k.key.startswith("w:") for k in stored.keys)
