"""Odd input and hostile requests get clear 4xx answers, never a 500 or a redirect off-site."""

import re

import pytest

from app import create_app
from app.extensions import db
from app.models import Claim
from app.services import claims as claim_service
from app.services import evidence
from config import ProductionConfig, TestingConfig
from tests.conftest import login


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
                                    "/%0d%0a/evil.example", "javascript:alert(1)"])
def test_login_never_redirects_off_site(client, make_user, target):
    user = make_user()
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location


def test_the_language_switch_never_redirects_off_site(client):
    response = client.post("/language", data={"lang": "ar", "next": "/\t/evil.example"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("url", ["/claims/99999999999999999999", "/api/v1/claims/9223372036854775808",
                                 "/articles/2147483648"])
def test_huge_ids_are_not_found(client, api, login_as, url):
    login_as("reviewer")
    response = client.get(url, headers=api().headers)
    assert response.status_code == 404


@pytest.mark.parametrize("query", [{"assignee": "99999999999999999999"}, {"assignee": "²"}, {"article_id": "²"},
                                   {"per_page": "10" * 20}])
def test_odd_queue_filters_are_422(api, query):
    response = api().get("/api/v1/claims", query_string=query)
    assert response.status_code == 422


def test_queue_page_ignores_foreign_query_keys(client, login_as):
    login_as("reviewer")
    assert client.get("/queue/?endpoint=x&_external=1&per_page=1").status_code == 200


@pytest.mark.parametrize("body", [{"version": 1, "assignee_id": 10**30}, {"version": 10**30},
                                  {"version": 1, "assignee_id": "²"}])
def test_odd_claim_patches_are_422(api, make_claim, body):
    claim = make_claim()
    assert api().patch(f"/api/v1/claims/{claim.id}", json=body).status_code == 422


def test_a_language_code_too_long_for_the_column_is_refused(api):
    response = api().post("/api/v1/articles", json={"title": "t", "body": "b", "language": "zh-hant1234"})
    assert response.status_code == 422 and "language" in response.json["error"]["fields"]


def test_a_url_too_long_once_encoded_is_refused(api):
    response = api().post("/api/v1/articles", json={"title": "t", "body": "b",
                                                    "url": "https://news.example/" + "خ" * 1000})
    assert response.status_code == 422 and "url" in response.json["error"]["fields"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    class Config(ProductionConfig):
        SECRET_KEY = ""
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config)


def test_development_generates_a_private_key_once(tmp_path, monkeypatch):
    class Config(TestingConfig):
        SECRET_KEY = ""

    first = create_app(Config)
    second = create_app(Config)
    key = first.config["SECRET_KEY"]
    assert len(key) == 64 and key == second.config["SECRET_KEY"] and "change-me" not in key


def test_saving_again_after_a_conflict_keeps_the_other_persons_verdict(client, login_as, make_claim, make_user):
    login_as("reviewer")
    claim = make_claim()
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    original = re.search(r'name="original" type="hidden" value="([^"]*)"', page).group(1)
    original = original.replace("&#34;", '"').replace("&amp;", "&")
    other = make_user("reviewer")
    claim_service.update_claim(other, claim, {"version": 1, "verdict": "false", "confidence": "high"})
    db.session.commit()
    mine = {"version": "1", "original": original, "statement": claim.statement, "kind": claim.kind,
            "verdict": "unverified", "confidence": "", "rationale": "my note", "attributed_to": ""}
    conflict = client.post(f"/claims/{claim.id}/edit", data=mine)
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    # The form shown again holds the other person's verdict and this person's rationale, on the new version.
    assert re.search(r'<option selected value="false">|<option value="false" selected>', html)
    again = {k: v for k, v in mine.items()}
    again["version"] = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    again["original"] = re.search(r'name="original" type="hidden" value="([^"]*)"', html).group(1) \
        .replace("&#34;", '"').replace("&amp;", "&")
    again["verdict"], again["confidence"] = "false", "high"
    assert client.post(f"/claims/{claim.id}/edit", data=again).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Claim, claim.id)
    assert (stored.verdict, stored.confidence, stored.rationale) == ("false", "high", "my note")


def test_errors_on_hidden_span_fields_are_shown(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body="Some text here.")
    response = client.post(f"/articles/{article.id}/claims", data={"start": "9", "end": "3", "kind": "other"})
    assert response.status_code == 422
    assert "Must be greater than start." in response.get_data(as_text=True)


def test_an_editor_refused_by_four_eyes_stays_on_the_claim_with_the_reason(client, make_user, make_claim):
    from app.services import review

    editor = make_user("editor")
    claim = make_claim()
    evidence.add_evidence(editor, claim, {"url": "https://wire.example/h", "stance": "contradicts"})
    review.transition(editor, claim, {"to": "in_review"})
    claim_service.update_claim(editor, claim, {"version": claim.version, "verdict": "false", "confidence": "low",
                                               "rationale": "The wire says otherwise."})
    review.transition(editor, claim, {"to": "awaiting_approval"})
    db.session.commit()
    login(client, editor)
    response = client.post(f"/claims/{claim.id}/transition", data={"to": "approved", "version": str(claim.version)},
                           follow_redirects=True)
    assert response.status_code == 200 and "Four eyes" in response.get_data(as_text=True)


def test_secrets_never_ride_in_the_session_cookie(client, make_user):
    login(client, make_user("admin"))
    response = client.post("/admin/users", data={"email": "gen@desk.example", "role": "reviewer"})
    password = re.search(r"with the password <code>([^<]+)</code>", response.get_data(as_text=True)).group(1)
    with client.session_transaction() as session:
        assert password not in str(dict(session))


def test_logins_are_also_limited_per_account(app, make_user):
    user = make_user()
    statuses = []
    for n in range(32):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": "wrong-wrong-wrong"},
                               environ_base={"REMOTE_ADDR": f"10.0.{n // 250}.{n % 250 + 1}"})
        statuses.append(response.status_code)
    assert statuses[:30] == [400] * 30 and statuses[-1] == 429
