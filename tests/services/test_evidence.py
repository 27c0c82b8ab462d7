import pytest

from app.extensions import db
from app.models import Evidence, Source
from app.services import evidence as evidence_service
from app.services.errors import ValidationError


def test_one_document_is_one_source_across_claims(make_article, make_claim):
    article = make_article(body="First claim here. Second claim there.")
    a, b = make_claim(article, "First claim here"), make_claim(article, "Second claim there")
    evidence_service.add_evidence(None, a, {"url": "https://News.example/story/?utm_source=tw", "stance": "supports"})
    evidence_service.add_evidence(None, b, {"url": "https://news.example/story", "stance": "contradicts",
                                            "reliability": "B"})
    db.session.commit()
    assert db.session.query(Source).count() == 1
    source = db.session.query(Source).one()
    assert source.url == "https://news.example/story"
    assert source.reliability == "B"
    assert {e.claim_id for e in source.evidence} == {a.id, b.id}


def test_one_evidence_per_claim_and_source(make_claim):
    claim = make_claim()
    evidence_service.add_evidence(None, claim, {"url": "https://a.example/x", "stance": "supports"})
    with pytest.raises(ValidationError) as info:
        evidence_service.add_evidence(None, claim, {"url": "https://A.example/x/", "stance": "context"})
    assert "Already attached" in info.value.fields["url"]


def test_evidence_keeps_the_figure_the_source_reports(make_claim):
    claim = make_claim()
    item = evidence_service.add_evidence(None, claim, {
        "url": "https://monitor.example/convoy", "stance": "contradicts", "credibility": "3",
        "reported_value": "about 100", "reported_unit": "trucks", "excerpt": "Around a hundred lorries"})
    assert (item.credibility, item.reported_value, item.reported_unit) == (3, "about 100", "trucks")


@pytest.mark.parametrize("data, field", [
    ({"url": "javascript:alert(1)", "stance": "supports"}, "url"),
    ({"url": "https://a.example", "stance": "agrees"}, "stance"),
    ({"url": "https://a.example", "stance": "supports", "reliability": "G"}, "reliability"),
    ({"url": "https://a.example", "stance": "supports", "credibility": 7}, "credibility"),
    ({"url": "https://a.example", "stance": "supports", "published_at": "yesterday"}, "published_at"),
    ({"stance": "supports"}, "url"),
])
def test_bad_evidence_is_refused_and_nothing_is_stored(make_claim, data, field):
    claim = make_claim()
    with pytest.raises(ValidationError) as info:
        evidence_service.add_evidence(None, claim, data)
    assert field in info.value.fields
    db.session.rollback()
    assert db.session.query(Evidence).count() == 0
