"""The JSON API as a newsroom's CMS would use it."""

import pytest

from app.extensions import db
from app.models import Claim

BODY = "The coalition sent more than 20 empty trucks. About 1,000 troops remain, US officials said."


def test_without_a_token_the_api_answers_401_in_the_error_shape(client):
    response = client.get("/api/v1/claims")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(api):
    from app.models import ApiToken
    from app.services import users

    client = api("reviewer")
    assert client.get("/api/v1/me").status_code == 200
    token = db.session.query(ApiToken).one()
    users.revoke_token(client.user, token)
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 401


def test_create_an_article_with_claims_and_read_it_back(api):
    client = api("reviewer")
    response = client.post("/api/v1/articles", json={
        "title": "Convoy", "body": BODY, "url": "https://news.example/convoy",
        "claims": [{"quote": "more than 20 empty trucks", "kind": "quantity"},
                   {"start": 46, "end": 67, "attributed_to": "US officials"}]})
    assert response.status_code == 201, response.json
    article = response.json
    assert article["language"] == "en" and article["dir"] == "ltr"
    assert [c["quote"] for c in article["claims"]] == ["more than 20 empty trucks", "About 1,000 troops re"]
    assert response.headers["Location"].endswith(f"/api/v1/articles/{article['id']}")
    again = client.post("/api/v1/articles", json={"title": "dup", "body": "x", "url": "https://NEWS.example/convoy/"})
    assert again.status_code == 200 and again.json["existing"] is True and again.json["id"] == article["id"]


def test_arabic_round_trips_byte_exact(api):
    client = api()
    body = "قالت «رويترز» إن نحو ١٬٠٠٠ جندي أمريكي ما زالوا في سوريا؛ وقد يستغرق الانسحاب شهرين.\u200f"
    created = client.post("/api/v1/articles", json={"title": "انسحاب", "body": body}).json
    fetched = client.get(f"/api/v1/articles/{created['id']}")
    assert fetched.json["body"] == body and fetched.json["language"] == "ar" and fetched.json["dir"] == "rtl"
    assert fetched.get_data().decode("utf-8").count("رويترز") >= 1


@pytest.mark.parametrize("payload, status, field", [
    (None, 400, None),
    ("not an object", 400, None),
    ({"body": "x"}, 422, "title"),
    ({"title": "t", "body": ""}, 422, "body"),
    ({"title": ["t"], "body": "x"}, 422, "title"),
    ({"title": "t", "body": "x", "url": "javascript:alert(1)"}, 422, "url"),
    ({"title": "t", "body": "long enough", "claims": [{"start": 3, "end": 1}]}, 422, "claims[0].end"),
    ({"title": "t", "body": "x", "claims": [{"quote": "missing"}]}, 422, "claims[0].quote"),
    ({"title": "t", "body": "x", "suggest": "perhaps"}, 422, "suggest"),
])
def test_bad_article_input_answers_4xx_with_field_messages(api, client, payload, status, field):
    token = api().headers
    if payload is None:
        response = client.post("/api/v1/articles", data="{bad json", headers=token, content_type="application/json")
    else:
        response = client.post("/api/v1/articles", json=payload, headers=token)
    assert response.status_code == status
    error = response.json["error"]
    assert error["message"]
    if field:
        assert field in error["fields"]


def test_malformed_json_is_a_clear_400(api, client):
    response = client.post("/api/v1/articles", data="{", headers=api().headers, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json["error"]["message"]


def test_unknown_ids_answer_404(api):
    client = api()
    for url in ("/api/v1/articles/999", "/api/v1/claims/999", "/api/v1/claims/999/history"):
        response = client.get(url)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_a_stale_patch_answers_409_and_changes_nothing(api, make_claim):
    claim = make_claim()
    client = api()
    first = client.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "statement": "mine"})
    assert first.status_code == 200 and first.json["version"] == 2
    second = client.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "statement": "theirs"})
    assert second.status_code == 409
    assert second.json["error"]["code"] == "conflict"
    assert second.json["error"]["current_version"] == 2
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).statement == "mine"


def test_patch_without_version_is_refused(api, make_claim):
    claim = make_claim()
    response = api().patch(f"/api/v1/claims/{claim.id}", json={"statement": "x"})
    assert response.status_code == 422 and "version" in response.json["error"]["fields"]


def test_evidence_transitions_and_history_over_the_api(api, make_claim, make_user):
    claim = make_claim()
    reviewer, editor = api("reviewer"), api("editor")
    ev = reviewer.post(f"/api/v1/claims/{claim.id}/evidence", json={
        "url": "https://wire.example/story?utm_medium=x", "stance": "supports", "reliability": "A",
        "credibility": 2, "excerpt": "1,000 troops", "reported_value": "1000", "reported_unit": "troops"})
    assert ev.status_code == 201 and ev.json["source"]["url"] == "https://wire.example/story"
    assert reviewer.post(f"/api/v1/claims/{claim.id}/transitions", json={"to": "in_review"}).status_code == 200
    version = reviewer.get(f"/api/v1/claims/{claim.id}").json["version"]
    patched = reviewer.patch(f"/api/v1/claims/{claim.id}", json={"version": version, "verdict": "confirmed",
                                                                "confidence": "high", "rationale": "The wire."})
    assert patched.status_code == 200
    assert reviewer.post(f"/api/v1/claims/{claim.id}/transitions", json={"to": "awaiting_approval"}).status_code == 200
    denied = reviewer.post(f"/api/v1/claims/{claim.id}/transitions", json={"to": "approved"})
    assert denied.status_code == 403
    approved = editor.post(f"/api/v1/claims/{claim.id}/transitions", json={"to": "approved"})
    assert approved.status_code == 200 and approved.json["state"] == "approved"
    history = reviewer.get(f"/api/v1/claims/{claim.id}/history").json["items"]
    assert [h["actor"] for h in history if h["field"] == "state"][-1] == editor.user.email
    assert all(h["at"] and h["action"] for h in history)
    detail = reviewer.get(f"/api/v1/claims/{claim.id}").json
    assert detail["suggested_verdict"]["verdict"] in ("likely_true", "confirmed")
    assert detail["evidence"][0]["reported_value"] == "1000"


def test_queue_filters_and_pagination(api, make_article):
    client = api()
    article = make_article(body="أكثر من عشرين شاحنة. نحو ألف جندي. إخلاء القاعدة خلال شهر.", language="ar")
    for quote in ("أكثر من عشرين شاحنة", "نحو ألف جندي", "إخلاء القاعدة خلال شهر"):
        client.post(f"/api/v1/articles/{article.id}/claims", json={"quote": quote})
    page = client.get("/api/v1/claims?per_page=2&page=1").json
    assert page["total"] == 3 and len(page["items"]) == 2 and page["pages"] == 2
    # Arabic folding: no hamza on the alef, ta marbuta written as ha.
    found = client.get("/api/v1/claims", query_string={"q": "اخلاء القاعده"}).json
    assert [c["quote"] for c in found["items"]] == ["إخلاء القاعدة خلال شهر"]
    bad = client.get("/api/v1/claims?verdict=maybe&per_page=0")
    assert bad.status_code == 422 and {"verdict", "per_page"} <= set(bad.json["error"]["fields"])


def test_the_openapi_document_covers_every_api_route(app, api):
    document = api().get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule.replace("<int:", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} is not in the OpenAPI document"


def test_the_openapi_document_is_valid_openapi(api):
    from openapi_spec_validator import validate

    validate(api().get("/api/v1/openapi.json").json)


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}
