"""Linking an earlier fact-check as evidence in one action, and the pages and API that show matches."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import EarlierCheck, Evidence
from app.services import matching
from app.services.errors import PermissionDenied

BRIDGE = "https://checks.example.org/en/bridge-toll"
LINK_ROUTE = "/claims/{claim}/earlier-checks/<int:check_id>/link"  # its role test is here (tests/web/test_roles.py)


def bridge_claim(make_article, make_claim):
    body = "A viral post says the river bridge toll doubled to 8 dinars in a single month. Drivers complained."
    return make_claim(article=make_article(body=body, language="en"))


def check(url: str) -> EarlierCheck:
    return db.session.scalar(sa.select(EarlierCheck).where(EarlierCheck.url == url))


def test_the_rating_gives_the_stance(checks):
    assert matching.stance_for(check(BRIDGE)) == "contradicts"  # "False"
    assert matching.stance_for(check("https://checks.example.org/en/school-meals")) == "supports"  # "Mostly true"
    assert matching.stance_for(check("https://tahaqaq.example.net/ar/evacuation")) == "contradicts"  # «غير صحيح»
    assert matching.stance_for(check("https://tahaqaq.example.net/ar/bread-price")) == "supports"  # «صحيح»
    assert matching.stance_for(check("https://tahaqaq.example.net/ar/troops")) == "context"  # «مضلل»
    scale = EarlierCheck(url="https://x.example/1", claim_reviewed="x", rating="", rating_value=1, best_rating=5,
                         worst_rating=1)
    assert matching.stance_for(scale) == "contradicts"


def test_linking_a_check_makes_one_evidence_with_its_stance_and_again_still_one(checks, make_article, make_claim,
                                                                                 make_user):
    claim = bridge_claim(make_article, make_claim)
    reviewer = make_user("reviewer")
    item, created = matching.link_as_evidence(reviewer, claim, check(BRIDGE))
    db.session.commit()
    assert created and item.stance == "contradicts"
    assert item.source.url == BRIDGE and item.source.publisher == "Example Checks"
    assert str(item.source.published_at) == "2025-03-04" and "False" in item.note
    again, created = matching.link_as_evidence(reviewer, claim, check(BRIDGE))
    db.session.commit()
    assert not created and again.id == item.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 1


def test_a_reader_without_the_role_cannot_link(checks, make_article, make_claim, make_user):
    claim = bridge_claim(make_article, make_claim)
    user = make_user("reviewer")
    user.active = False
    try:
        matching.link_as_evidence(user, claim, check(BRIDGE))
    except PermissionDenied:
        pass
    else:
        raise AssertionError("an inactive user linked evidence")


def test_the_claim_page_part_shows_the_match_and_links_it_in_one_post(app, checks, make_article, make_claim,
                                                                       client, login_as, monkeypatch):
    claim = bridge_claim(make_article, make_claim)
    login_as("reviewer")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f"/claims/{claim.id}/earlier-checks?part=1" in page
    part = client.get(f"/claims/{claim.id}/earlier-checks?part=1").get_data(as_text=True)
    assert part.index("toll doubled") < part.index("Link as evidence")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', part).group(1)
    bridge_id = check(BRIDGE).id
    url = f"/claims/{claim.id}/earlier-checks/{bridge_id}/link"
    assert client.post(url, data={}).status_code in (302, 400)  # no CSRF token: nothing linked
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0
    for _ in range(2):
        assert client.post(url, data={"csrf_token": token}).status_code == 302
    rows = db.session.scalars(sa.select(Evidence).where(Evidence.claim_id == claim.id)).all()
    assert [(e.stance, e.source.url) for e in rows] == [("contradicts", BRIDGE)]
    full = client.get(f"/claims/{claim.id}/earlier-checks").get_data(as_text=True)
    assert "Linked as evidence." in full


def test_linking_needs_a_login(checks, make_article, make_claim, client):
    claim = bridge_claim(make_article, make_claim)
    response = client.post(f"/claims/{claim.id}/earlier-checks/{check(BRIDGE).id}/link", data={})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


def test_the_article_page_part_shows_matches_beside_suggestions(checks, make_article, client, login_as):
    article = make_article(body="Officials said the bridge toll doubled to 8 dinars in a month. It rained on Monday.",
                           language="en")
    login_as("reviewer")
    assert f"/articles/{article.id}/earlier-checks?part=1" in client.get(f"/articles/{article.id}").get_data(
        as_text=True)
    part = client.get(f"/articles/{article.id}/earlier-checks?part=1").get_data(as_text=True)
    if "toll doubled" not in part:  # the engine may not suggest this sentence; the batch still answers
        assert client.get(f"/articles/{article.id}/earlier-checks").status_code == 200
    else:
        assert BRIDGE in part


def test_the_api_answers_the_documented_shape(checks, make_article, make_claim, api):
    reader = api("reviewer")
    answer = reader.get("/api/v1/factchecks/match", query_string={"text": "bridge toll doubled 8 dinars",
                                                                   "language": "en", "limit": 2})
    assert answer.status_code == 200
    body = answer.json
    assert list(body) == ["matches"] and 1 <= len(body["matches"]) <= 2
    first = body["matches"][0]
    assert set(first) == {"id", "url", "claim_reviewed", "rating", "publisher", "date", "language", "score", "why"}
    assert (first["url"], first["rating"], first["date"]) == (BRIDGE, "False", "2025-03-04")
    claim = bridge_claim(make_article, make_claim)
    answer = reader.get(f"/api/v1/claims/{claim.id}/matches")
    assert answer.status_code == 200 and answer.json["matches"][0]["url"] == BRIDGE


def test_the_api_refuses_bad_input_and_strangers(checks, api, client):
    reader = api("reviewer")
    for args in ({}, {"text": ""}, {"text": "x" * 2001}, {"text": "toll", "limit": 0}, {"text": "toll", "limit": "a"},
                 {"text": "toll", "limit": 51}):
        assert reader.get("/api/v1/factchecks/match", query_string=args).status_code in (400, 422), args
    assert reader.get("/api/v1/claims/999999/matches").status_code == 404
    assert client.get("/api/v1/factchecks/match?text=toll").status_code == 401
