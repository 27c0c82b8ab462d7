"""The front (app/page_memo.py): a request the desk answered before is answered again without the app, for
as long as nothing it is made of has changed, and only to a request that is the same in all the desk reads.

A request is kept from its second sighting on: the first two go through the app, the third is the front's.
"""

import pytest
import sqlalchemy as sa

from app import page_memo
from app.extensions import db
from tests.conftest import PASSWORD, login
from tests.web.test_page_memo import TOKEN, _elsewhere, _statements


def _by_hand(statement, **values):
    """A write past the desk's engines, as with psql during an incident: no revision hooks, no bump."""
    by_hand = sa.create_engine(db.engine.url)
    try:
        with by_hand.begin() as conn:
            conn.execute(sa.text(statement), values)
    finally:
        by_hand.dispose()


def _kept(client, path, **kwargs):
    """Ask twice: the second sighting is kept."""
    for _ in range(2):
        assert client.get(path, **kwargs).status_code == 200


def test_a_page_asked_for_again_is_answered_by_the_front_with_one_statement(client, desk, through_app):
    _, _, claim = desk
    path = f"/claims/{claim.id}"
    client.get(path)  # the session's CSRF token is made: a new cookie
    first = client.get(path)
    client.get(path)
    again, statements = _statements(client, path)
    assert again.status_code == 200 and through_app == [path, path, path]
    assert len(statements) == 1 and "desk_revision" in statements[0]
    assert "FROM user" in statements[0].replace('"', "")  # the viewer's own row, with the revision
    assert TOKEN.sub("", again.get_data(as_text=True)) == TOKEN.sub("", first.get_data(as_text=True))
    assert again.headers["Content-Length"] == str(len(again.data))
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # the app's headers, kept with the page


def test_a_reload_or_a_click_from_another_page_is_still_the_same_request(client, desk, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    _kept(client, path)
    for headers in ({"Cache-Control": "max-age=0"}, {"Referer": "http://localhost/queue/"},
                    {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"},
                    {"X-Request-Id": "a1b2c3", "Traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}):
        assert client.get(path, headers=headers).status_code == 200
    assert through_app == [path, path, path]


def test_a_deployment_names_its_own_proxys_headers_to_leave_out():
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/queue/", "HTTP_COOKIE": "session=abc"}
    first, second = dict(environ, HTTP_X_EDGE_ID="1"), dict(environ, HTTP_X_EDGE_ID="2")
    assert page_memo.request_key(first) != page_memo.request_key(second)
    ignored = page_memo.ignored_headers("X-Edge-Id, ")
    assert page_memo.request_key(first, ignored) == page_memo.request_key(second, ignored)
    assert page_memo.request_key(dict(first, HTTP_COOKIE="session=other"), ignored) != page_memo.request_key(first, ignored)


@pytest.mark.parametrize("headers", [{"Accept-Language": "ar"}, {"User-Agent": "another browser"},
                                     {"X-Forwarded-For": "203.0.113.9"}, {"Authorization": "Bearer nothing"}])
def test_a_request_that_differs_in_what_the_desk_reads_goes_to_the_app(client, desk, through_app, headers):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    _kept(client, path)
    client.get(path)
    assert len(through_app) == 3
    client.get(path, headers=headers)
    assert len(through_app) == 4


def test_the_language_asked_for_is_the_language_served(client, desk):
    """The reader has no language of their own: the browser's Accept-Language picks it, on every request."""
    user, article, _ = desk
    _elsewhere('UPDATE "user" SET locale = NULL WHERE id = :id', id=user.id)
    path = f"/articles/{article.id}"
    for _ in range(3):
        english = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        arabic = client.get(path, headers={"Accept-Language": "ar"}).get_data(as_text=True)
        assert 'lang="en"' in english and 'lang="ar" dir="rtl"' in arabic


def test_a_role_taken_away_elsewhere_shows_on_the_next_request(app, desk, make_user, through_app):
    """An editor's article page has the archive button; demoted by an admin on another worker, the very next
    view of the same page, by the same browser, has none."""
    _, article, _ = desk
    editor = make_user("editor")
    browser = app.test_client()
    login(browser, editor)
    path = f"/articles/{article.id}"
    browser.get(path)
    _kept(browser, path)
    assert f"/articles/{article.id}/archive" in browser.get(path).get_data(as_text=True)
    assert through_app.count(path) == 3  # the fourth view from the front
    _elsewhere('UPDATE "user" SET role = :role WHERE id = :id', role="reviewer", id=editor.id)
    page = browser.get(path)
    assert page.status_code == 200 and f"/articles/{article.id}/archive" not in page.get_data(as_text=True)


def test_a_user_deactivated_by_hand_past_the_desk_is_refused_on_the_next_request(client, desk, through_app):
    """psql during an incident: no revision is bumped, but the front reads the viewer's own row again."""
    user, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    _kept(client, path)
    assert client.get(path).status_code == 200 and len(through_app) == 3
    _by_hand('UPDATE "user" SET active = false WHERE id = :id', id=user.id)
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_token_revoked_by_hand_is_refused_on_the_next_call(api, make_claim):
    client = api("reviewer")
    make_claim(quote="about 1,000 soldiers")
    for _ in range(3):
        assert client.get("/api/v1/claims").status_code == 200
    _by_hand("UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP")
    assert client.get("/api/v1/claims").status_code == 401


def test_the_old_cookie_of_a_browser_that_logged_out_gets_no_kept_page(app, desk):
    user, article, _ = desk
    path = f"/articles/{article.id}"
    browser = app.test_client()
    login(browser, user)
    browser.get(path)
    _kept(browser, path)
    stolen = browser.get_cookie("session").value
    browser.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_past_its_lifetime_is_refused_inside_the_minute_its_page_was_kept(app, client, desk,
                                                                                     monkeypatch):
    """The clock is held at the start of a minute: only the session's own lifetime ends the kept page."""
    user, article, _ = desk
    clock = [(page_memo.time.time() // 60 + 1) * 60 + 1]
    monkeypatch.setattr(page_memo.time, "time", lambda: clock[0])
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", 20)
    browser = app.test_client()
    login(browser, user)  # the cookie is signed at the held time
    path = f"/articles/{article.id}"
    browser.get(path)
    _kept(browser, path)
    clock[0] += 10
    assert browser.get(path).status_code == 200
    clock[0] += 15  # 26 s into the minute: the cookie is 25 s old
    response = browser.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_lost_database_connection_fails_the_check_and_the_app_answers(app, client, desk, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    _kept(client, path)
    app.wsgi_app.engine.dispose()  # every pooled connection gone, as when the server restarted under the worker
    assert client.get(path).status_code == 200
    _elsewhere("UPDATE article SET title = 'After the restart' WHERE id = :id", id=article.id)
    assert "After the restart" in client.get(path).get_data(as_text=True)


def test_what_the_front_keeps_holds_no_request_in_the_clear(app, client, desk):
    """The key is a digest: a session cookie (signed, not hidden) must not sit in memory as a key."""
    _, article, _ = desk
    client.get(f"/articles/{article.id}")
    _kept(client, f"/articles/{article.id}")
    memo = app.extensions["claimdesk_front"]
    assert memo.items and all(len(key) == 2 and isinstance(key[1], bytes) and len(key[1]) == 32
                              for key in memo.items)


def test_a_head_a_post_or_a_long_query_goes_to_the_app(client, desk, through_app):
    _, article, claim = desk
    path = f"/articles/{article.id}"
    client.get(path)
    _kept(client, path)
    assert client.get(path).status_code == 200 and len(through_app) == 3
    assert client.head(path).status_code == 200 and len(through_app) == 4
    long = f"{path}?q={'x' * (page_memo.MAX_QUERY + 1)}"
    for _ in range(3):
        client.get(long)
    assert len(through_app) == 7
    comment = client.post(f"/claims/{claim.id}/comments", data={"body": "Checked the wire copy."})
    assert comment.status_code == 302 and len(through_app) == 8


def test_an_answer_that_is_not_a_plain_200_is_not_kept(client, desk, through_app):
    for _ in range(3):
        assert client.get("/claims/999999").status_code == 404
    assert len(through_app) == 3


def test_nothing_is_kept_with_a_zero_budget(client, desk, through_app, page_memo_budget):
    _, article, _ = desk
    page_memo_budget(0)
    path = f"/articles/{article.id}"
    for _ in range(4):
        assert client.get(path).status_code == 200
    assert len(through_app) == 4


def _signed_in_with_csrf(app, user):
    """A browser logged in through the login form, its CSRF token and all (CSRF must be on)."""
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    browser.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": TOKEN.search(page).group(1)})
    return browser


def test_a_kept_page_carries_a_csrf_token_its_session_accepts(app, desk, through_app):
    user, _, claim = desk
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        browser = _signed_in_with_csrf(app, user)
        path = f"/claims/{claim.id}"
        browser.get(path)
        _kept(browser, path)
        before = len(through_app)
        token = TOKEN.search(browser.get(path).get_data(as_text=True)).group(1)
        assert len(through_app) == before  # the front's answer
        response = browser.post(f"{path}/comments", data={"body": "Checked the wire copy.", "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_kept_api_answer_costs_the_token_read_alone(api, make_claim):
    """Through the app, the API's first statement reads the token's user and the revision together; from
    the front, that one statement is all."""
    client = api("reviewer")
    make_claim(quote="about 1,000 soldiers")
    for _ in range(2):
        assert client.get("/api/v1/claims").status_code == 200
    response, statements = _statements(client.client, "/api/v1/claims", headers=client.headers)
    assert response.status_code == 200 and response.json["items"]
    assert len(statements) == 1 and "api_token" in statements[0] and "desk_revision" in statements[0]


def test_a_page_with_many_forms_goes_out_whole_with_one_working_token_everywhere(app, desk, through_app):
    """A claim with its evidence has a form per item: the kept page is cut at each token, and each view
    gets the viewer's new token in every one of them."""
    from app.services import evidence

    user, _, claim = desk
    for n in range(6):
        evidence.add_evidence(None, claim, {"url": f"https://wire.example/{n}", "stance": "supports"})
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        browser = _signed_in_with_csrf(app, user)
        path = f"/claims/{claim.id}"
        browser.get(path)
        first = browser.get(path)
        browser.get(path)
        before = len(through_app)
        again = browser.get(path)
        assert len(through_app) == before  # the front's answer
        kept = app.extensions["claimdesk_front"]
        assert max(len(answer.parts) for answer in kept.items.values()) > page_memo.PIECES
        tokens = TOKEN.findall(again.get_data(as_text=True))
        assert len(tokens) > page_memo.PIECES and len(set(tokens)) == 1
        assert again.headers["Content-Length"] == str(len(again.data))
        assert TOKEN.sub("", again.get_data(as_text=True)) == TOKEN.sub("", first.get_data(as_text=True))
        response = browser.post(f"{path}/comments", data={"body": "Checked the wire copy.", "csrf_token": tokens[-1]})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("names", ["Cookie", "accept-language", "X-Forwarded-For", "HTTP_AUTHORIZATION",
                                   "If-None-Match, X-Edge-Id"])
def test_a_header_the_desk_reads_cannot_be_left_out_of_the_key(names):
    with pytest.raises(ValueError, match="headers the desk reads"):
        page_memo.ignored_headers(names)


def test_a_request_with_a_header_that_is_not_text_is_left_to_the_app():
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/queue/", "HTTP_X_ODD": b"bytes"}
    assert page_memo.request_key(environ) is None


def test_no_front_where_one_database_connection_is_everyones():
    """An in-memory SQLite is one connection for all: the front would put it in autocommit under others."""
    from app import create_app
    from config import TestingConfig

    class InMemory(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    other = create_app(InMemory)
    assert isinstance(other.wsgi_app, page_memo.Front) and other.wsgi_app.engine is None
    client = other.test_client()
    assert [client.get("/livez").status_code for _ in range(3)] == [200, 200, 200]
