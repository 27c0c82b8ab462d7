"""Every route tried by every role, with the answer the SPEC's role table expects."""

import pytest

from app.extensions import db
from app.services import claims as claim_service
from app.services import evidence, review, users
from tests.conftest import login

ROLES = ["anonymous", "reviewer", "editor", "admin"]
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}


@pytest.fixture
def desk(make_user, make_article, make_claim):
    """An article with a claim awaiting approval (verdict set by a reviewer who is not the tester)."""
    setter = make_user("reviewer")
    article = make_article(body="About 1,000 troops remain. The base is large.")
    claim = make_claim(article, "About 1,000 troops remain")
    item = evidence.add_evidence(setter, claim, {"url": "https://wire.example/a", "stance": "supports"})
    review.transition(setter, claim, {"to": "in_review"})
    claim_service.update_claim(setter, claim, {"version": claim.version, "verdict": "likely_true", "confidence": "low",
                                               "rationale": "One wire."})
    review.transition(setter, claim, {"to": "awaiting_approval"})
    spare = make_claim(article, "The base is large")
    token, _ = users.create_token(None, setter, "cms")
    db.session.commit()
    return {"article": article.id, "claim": claim.id, "user": setter.id, "version": claim.version,
            "spare": spare.id, "evidence": item.id, "token": token.id}


# (method, url template, form or JSON data, least role, what success looks like)
PAGES = [
    ("GET", "/queue/", None, "reviewer", 200),
    ("GET", "/search/?q=base", None, "reviewer", 200),
    ("GET", "/articles/", None, "reviewer", 200),
    ("GET", "/articles/new", None, "reviewer", 200),
    ("GET", "/articles/{article}", None, "reviewer", 200),
    ("GET", "/articles/{article}/history", None, "reviewer", 200),
    ("GET", "/claims/{claim}", None, "reviewer", 200),
    ("GET", "/claims/{claim}/history", None, "reviewer", 200),
    ("GET", "/claims/{claim}/similar", None, "reviewer", 200),
    ("GET", "/claims/{claim}/earlier-checks", None, "reviewer", 200),
    ("GET", "/articles/{article}/earlier-checks", None, "reviewer", 200),
    ("POST", "/articles/{article}/claims", {"quote": "About 1,000"}, "reviewer", 302),
    # "1,000 troops": a span no claim rests on (rejecting the claim's own span is a 409 since issue 22)
    ("POST", "/articles/{article}/suggestions", {"s": "6:18", "action": "reject"}, "reviewer", 302),
    ("POST", "/claims/{spare}/edit", {"version": "1", "statement": "Large base", "kind": "comparison",
                                      "verdict": "unverified", "confidence": ""}, "reviewer", 302),
    ("POST", "/claims/{spare}/assign", {"version": "1", "assignee_id": "{user}"}, "reviewer", 302),
    ("POST", "/claims/{spare}/copy", {"version": "1", "from_claim_id": "{claim}", "confirmed": "y"}, "reviewer", 302),
    ("POST", "/claims/{spare}/delete", {"version": "1"}, "reviewer", 302),
    ("POST", "/claims/evidence/{evidence}/delete", {}, "reviewer", 302),
    ("POST", "/queue/bulk", {"action": "assign", "claim": "{spare}", "assignee_id": "{user}"}, "reviewer", 302),
    ("POST", "/claims/{claim}/comments", {"body": "hello"}, "reviewer", 302),
    ("POST", "/claims/{claim}/evidence", {"url": "https://a.example/x", "stance": "supports", "credibility": "6"},
     "reviewer", 302),
    ("POST", "/claims/{claim}/transition", {"to": "approved", "version": "{version}"}, "editor", 302),
    ("POST", "/articles/{article}/archive", {}, "editor", 302),
    ("GET", "/articles/{article}/report?format=md", None, "reviewer", 200),
    ("GET", "/articles/{article}/publish", None, "editor", 200),
    ("GET", "/dashboard/", None, "editor", 200),
    ("POST", "/articles/{article}/publish", {"include_unapproved": "y", "confirmed": "y"}, "editor", 302),
    ("POST", "/articles/{article}/withdraw", {"confirmed": "y"}, "editor", 302),
    ("GET", "/account/settings", None, "reviewer", 200),
    ("POST", "/account/settings", {"language": "en", "timezone": "UTC", "digits": "western"}, "reviewer", 302),
    ("GET", "/admin/users", None, "admin", 200),
    ("GET", "/admin/desk", None, "admin", 200),
    ("POST", "/admin/desk", {"org_name": "Desk", "language": "en", "digits": "western", "timezone": "UTC",
                             "month_names": "egyptian"}, "admin", 302),
    ("GET", "/inbox/", None, "reviewer", 200),
    ("POST", "/inbox/read", {"all": "1"}, "reviewer", 302),
    ("GET", "/admin/users/{user}", None, "admin", 200),
    ("POST", "/admin/users", {"email": "new@desk.example", "role": "reviewer"}, "admin", 200),  # shows the password
    ("POST", "/admin/users/{user}/role", {"role": "editor"}, "admin", 302),
    ("POST", "/admin/users/{user}/tokens", {"name": "cms"}, "admin", 200),  # shows the token once
    ("POST", "/admin/users/{user}/active/0", {}, "admin", 302),
    ("POST", "/admin/tokens/{token}/revoke", {}, "admin", 302),
    ("GET", "/account/two-factor", None, "reviewer", 200),
    ("POST", "/account/two-factor", {"code": "000000"}, "reviewer", 400),  # no set-up started: refused
    ("POST", "/account/two-factor/disable", {"password": "x", "code": "1"}, "reviewer", 302),  # not on: back
    ("POST", "/account/two-factor/recovery-codes", {"code": "1"}, "reviewer", 302),
    ("POST", "/admin/settings/two-factor", {"required": ""}, "admin", 302),
    ("POST", "/admin/users/{user}/two-factor/reset", {}, "admin", 302),
    ("GET", "/admin/factchecks/", None, "admin", 200),
    ("POST", "/admin/factchecks/import", {}, "admin", 422),  # no file: the form says so
    ("POST", "/admin/factchecks/fetch", {"urls": ""}, "admin", 422),
    ("POST", "/admin/factchecks/feeds", {"url": ""}, "admin", 422),
    ("POST", "/admin/factchecks/feeds/0/pull", {}, "admin", 404),  # past the role check: no such feed
]

API = [
    ("GET", "/api/v1/me", None, "reviewer", 200),
    ("GET", "/api/v1/articles", None, "reviewer", 200),
    ("GET", "/api/v1/articles/{article}", None, "reviewer", 200),
    ("GET", "/api/v1/articles/{article}/suggestions", None, "reviewer", 200),
    ("GET", "/api/v1/articles/{article}/history", None, "reviewer", 200),
    ("GET", "/api/v1/claims", None, "reviewer", 200),
    ("GET", "/api/v1/claims/{claim}", None, "reviewer", 200),
    ("GET", "/api/v1/claims/{claim}/history", None, "reviewer", 200),
    ("GET", "/api/v1/claims/{claim}/similar", None, "reviewer", 200),
    ("GET", "/api/v1/claims/{claim}/matches", None, "reviewer", 200),
    ("GET", "/api/v1/factchecks/match?text=troops", None, "reviewer", 200),
    ("GET", "/api/v1/openapi.json", None, "reviewer", 200),
    ("POST", "/api/v1/articles", {"title": "t", "body": "Some text."}, "reviewer", 201),
    ("POST", "/api/v1/articles/{article}/claims", {"quote": "About 1,000"}, "reviewer", 201),
    ("POST", "/api/v1/claims/{spare}/copy", {"version": 1, "from_claim_id": "{claim}"}, "reviewer", 200),
    ("DELETE", "/api/v1/claims/{spare}?version=1", None, "reviewer", 204),
    ("PATCH", "/api/v1/evidence/{evidence}", {"note": "checked"}, "reviewer", 200),
    ("DELETE", "/api/v1/evidence/{evidence}", None, "reviewer", 204),
    ("PATCH", "/api/v1/claims/{claim}", {"version": "{version}", "rationale": "why"}, "reviewer", 200),
    ("POST", "/api/v1/claims/{claim}/evidence", {"url": "https://a.example/x", "stance": "supports"}, "reviewer", 201),
    ("POST", "/api/v1/claims/{claim}/comments", {"body": "hi"}, "reviewer", 201),
    ("POST", "/api/v1/claims/{claim}/transitions", {"to": "approved"}, "editor", 200),
    ("POST", "/api/v1/articles/{article}/archive", {}, "editor", 200),
    ("GET", "/api/v1/articles/{article}/report?format=json", None, "reviewer", 200),
    ("POST", "/api/v1/articles/{article}/publication", {"include_unapproved": True}, "editor", 201),
    # Nothing is published in this desk: an editor gets past the role check to "not published" (404).
    ("DELETE", "/api/v1/articles/{article}/publication", None, "editor", 404),
    ("GET", "/api/v1/articles/{article}/publication", None, "reviewer", 404),
    ("GET", "/api/v1/factchecks", None, "reviewer", 200),
    ("GET", "/api/v1/factchecks/feeds", None, "admin", 200),
    ("POST", "/api/v1/factchecks/import", {"items": []}, "admin", 422),  # nothing to import
    ("POST", "/api/v1/factchecks/fetch", {"urls": []}, "admin", 422),
    ("POST", "/api/v1/factchecks/feeds", {"url": ""}, "admin", 422),
    ("POST", "/api/v1/factchecks/feeds/0/pull", {}, "admin", 404),
]


def fill(value, ids):
    if isinstance(value, str):
        for key, number in ids.items():
            value = value.replace("{" + key + "}", str(number))
        return int(value) if value.isdigit() and value == str(ids.get("version")) else value
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, least, ok", PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES])
def test_pages_by_role(client, make_user, desk, role, method, url, data, least, ok):
    if role != "anonymous":
        assert login(client, make_user(role)).status_code == 302
    target = fill(url, desk)
    payload = {k: str(v) for k, v in fill(data, desk).items()} if data is not None else None
    response = client.open(target, method=method, data=payload)
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif RANK[role] >= RANK[least]:
        assert response.status_code == ok, response.get_data(as_text=True)[:500]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, least, ok", API, ids=[f"{m} {u}" for m, u, *_ in API])
def test_api_by_role(client, api, desk, role, method, url, data, least, ok):
    headers = {} if role == "anonymous" else api(role).headers
    response = client.open(fill(url, desk), method=method, json=fill(data, desk), headers=headers)
    if role == "anonymous":
        assert response.status_code == 401
    elif RANK[role] >= RANK[least]:
        assert response.status_code == ok, response.json
    else:
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"


def test_every_route_is_in_the_matrix_or_public(app):
    """A new route must be added to the matrix above (or be one of the anonymous ones)."""
    public = {"/login", "/logout", "/healthz", "/", "/language", "/static/<path:filename>", "/password",
              "/login/code"}
    names = {"article_id": "{article}", "claim_id": "{claim}", "user_id": "{user}", "evidence_id": "{evidence}",
             "token_id": "{token}",
             "feed_id": "{feed}"}
    covered = set()
    for _, url, *_ in PAGES + API:
        covered.add(url.split("?")[0].replace("{spare}", "{claim}").replace("/active/0", "/active/{active}")
                    .replace("/feeds/0/", "/feeds/{feed}/"))
    missing = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for name, placeholder in names.items():
            path = path.replace(f"<int:{name}>", placeholder)
        path = path.replace("<int:active>", "{active}")
        if path in public or path in covered or extra_covered(path):
            continue
        missing.append(rule.rule)
    assert not missing, f"routes without a role test: {missing}"


def extra_covered(path: str) -> bool:
    """Routes whose role tests live beside their feature (published reports are anonymous by design)."""
    from tests.jobs.test_roles import LIVE_ROUTES
    from tests.matching.test_link_and_pages import LINK_ROUTE

    return path.startswith(("/r/", "/feeds/")) or path in ("/livez", "/published") or path in LIVE_ROUTES \
        or path == LINK_ROUTE
