"""Every request runs the whole app as Flask documents it: a hook a newcomer adds runs on every page view.

The desk once had a cache in front of Flask that answered repeats without running any hook. Nothing may
answer in front of the app again: a `before_request` and an `after_request` see every request, the same
page asked for twice, by a signed-in reader or by an API token, included.
"""

from app import create_app
from app.extensions import db
from tests.conftest import IsolatedClient, login


def test_a_before_request_hook_runs_on_every_page_view(app, make_user, make_claim):
    fresh = create_app(dict(app.config))
    fresh.test_client_class = IsolatedClient
    seen_before: list[str] = []
    seen_after: list[str] = []

    @fresh.before_request
    def note():
        from flask import request

        seen_before.append(request.path)

    @fresh.after_request
    def stamp(response):
        from flask import request

        seen_after.append(request.path)
        response.headers["X-Hook"] = "ran"
        return response

    claim = make_claim()
    reader = make_user("reviewer")
    from app.services import users

    _, token = users.create_token(None, reader, "hooks")
    db.session.commit()
    client = fresh.test_client()
    login(client, reader)
    seen_before.clear()
    seen_after.clear()
    pages = [f"/claims/{claim.id}", f"/articles/{claim.article_id}", "/queue/", "/articles/"] * 3
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["X-Hook"] == "ran"
    api = fresh.test_client()
    for _ in range(3):
        response = api.get("/api/v1/claims?per_page=50", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.headers["X-Hook"] == "ran"
    assert seen_before == pages + ["/api/v1/claims"] * 3
    assert seen_after == seen_before
