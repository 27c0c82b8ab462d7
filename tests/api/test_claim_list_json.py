"""GET /api/v1/claims writes its rows straight to JSON: each item is exactly the claim's claim_dict."""

import datetime as dt

from app.api.serialize import claim_dict
from app.extensions import db
from app.models import Claim
from app.services import claims as claim_service
from app.services import evidence


def test_each_listed_claim_is_its_claim_dict_with_article_and_evidence_count(api, make_article, make_claim):
    client = api("editor")
    article = make_article(body="نحو ألف جندي ما زالوا في سوريا، و«الانسحاب» قد يستغرق شهرين.", title="انسحاب «القوات»",
                           language="ar")
    plain = make_claim(article, "نحو ألف جندي")
    rich = make_claim(article, "قد يستغرق شهرين", statement='Two months, "maybe" <b>\u2028', kind="duration")
    claim_service.update_claim(client.user, rich, {"version": rich.version, "verdict": "likely_false",
                                                   "confidence": "high", "recheck_on": "2027-01-31",
                                                   "assignee_id": client.user.id})
    rich.values = {"duration_days": 60, "unit": "شهر", "nested": {"a": [1, 2.5, None, True]}}
    evidence.add_evidence(client.user, rich, {"url": "https://wire.example/x", "stance": "supports"})
    db.session.commit()
    response = client.get("/api/v1/claims?per_page=10&sort=oldest")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.json
    assert (body["total"], body["pages"], body["page"], body["per_page"], body["total_exact"]) == (2, 1, 1, 10, True)
    db.session.expire_all()
    for item, claim in zip(body["items"], (plain, rich), strict=True):
        claim = db.session.get(Claim, claim.id)
        expected = claim_dict(claim) | {
            "evidence_count": len(claim.evidence),
            "article": {"id": article.id, "title": "انسحاب «القوات»", "language": "ar"}}
        assert item == expected
    assert body["items"][1]["values"]["nested"] == {"a": [1, 2.5, None, True]}
    assert body["items"][1]["recheck_on"] == dt.date(2027, 1, 31).isoformat()
    assert body["items"][1]["evidence_count"] == 1 and body["items"][0]["values"] is None


def test_an_empty_page_is_an_empty_list(api):
    body = api("reviewer").get("/api/v1/claims?verdict=false").json
    assert body["items"] == [] and body["total"] == 0 and body["pages"] == 1
