"""The front (app/page_memo.py): a request the desk answered before is answered again without the app, for
as long as nothing it is made of has changed, and only to a request that is the same in all the desk reads."""

import pytest
import sqlalchemy as sa

from app import page_memo
from app.extensions import db
from tests.conftest import login
from tests.web.test_page_memo import TOKEN, _elsewhere, _statements


def test_a_page_asked_for_again_is_answered_by_the_front_with_one_statement(client, desk, through_app):
    _, _, claim = desk
    path = f"/claims/{claim.id}"
    client.get(path)
    first = client.get(path)
    again, statements = _statements(client, path)
    assert again.status_code == 200 and through_app == [path, path]
    assert len(statements) == 1 and "desk_revision" in statements[0]
    assert TOKEN.sub("", again.get_data(as_text=True)) == TOKEN.sub("", first.get_data(as_text=True))
    assert again.headers["Content-Length"] == str(len(again.data))
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # the app's headers, kept with the page


def test_a_reload_or_a_click_from_another_page_is_still_the_same_request(client, desk, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    client.get(path)
    for headers in ({"Cache-Control": "max-age=0"}, {"Referer": "http://localhost/queue/"},
                    {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}):
        assert client.get(path, headers=headers).status_code == 200
    assert through_app == [path, path]


@pytest.mark.parametrize("headers", [{"Accept-Language": "ar"}, {"User-Agent": "another browser"},
                                     {"X-Forwarded-For": "203.0.113.9"}, {"Authorization": "Bearer nothing"}])
def test_a_request_that_differs_in_what_the_desk_reads_goes_to_the_app(client, desk, through_app, headers):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    client.get(path)
    client.get(path, headers=headers)
    assert through_app == [path, path, path]


def test_the_language_asked_for_is_the_language_served(client, desk):
    """The reader has no language of their own: the browser's Accept-Language picks it, on every request."""
    user, article, _ = desk
    _elsewhere('UPDATE "user" SET locale = NULL WHERE id = :id', id=user.id)
    path = f"/articles/{article.id}"
    for _ in range(2):
        english = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        arabic = client.get(path, headers={"Accept-Language": "ar"}).get_data(as_text=True)
        assert 'lang="en"' in english and 'lang="ar" dir="rtl"' in arabic


def test_another_browser_of_another_person_never_gets_the_kept_page(app, desk, make_user, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    first = app.test_client()
    login(first, make_user("reviewer", name="First Person"))
    first.get(path)
    first.get(path)
    second = app.test_client()
    login(second, make_user("reviewer", name="Second Person"))
    page = second.get(path).get_data(as_text=True)
    assert "Second Person" in page and "First Person" not in page


def test_a_role_taken_away_elsewhere_shows_on_the_next_request(app, desk, make_user):
    """An editor's article page has the archive button; demoted by an admin on another worker, the very next
    view of the same page, by the same browser, has none."""
    _, article, _ = desk
    editor = make_user("editor")
    browser = app.test_client()
    login(browser, editor)
    path = f"/articles/{article.id}"
    browser.get(path)
    assert f"/articles/{article.id}/archive" in browser.get(path).get_data(as_text=True)
    _elsewhere('UPDATE "user" SET role = :role WHERE id = :id', role="reviewer", id=editor.id)
    page = browser.get(path)
    assert page.status_code == 200 and f"/articles/{article.id}/archive" not in page.get_data(as_text=True)


def test_a_session_past_its_lifetime_is_refused_though_its_page_was_kept(app, client, desk, monkeypatch):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    assert client.get(path).status_code == 200
    lifetime = app.permanent_session_lifetime.total_seconds()
    now = page_memo.time.time()
    monkeypatch.setattr(page_memo.time, "time", lambda: now + lifetime + 5)
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_lost_database_connection_is_replaced_and_the_page_still_right(app, client, desk, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    client.get(path)
    app.wsgi_app._held.connection.invalidate()  # as when the server restarted under the worker
    assert client.get(path).status_code == 200
    _elsewhere("UPDATE article SET title = 'After the restart' WHERE id = :id", id=article.id)
    assert "After the restart" in client.get(path).get_data(as_text=True)
    assert client.get(path).status_code == 200
    assert len(through_app) == 4  # two to keep it, one when the revision could not be read, one after the write


def test_what_the_front_keeps_holds_no_request_in_the_clear(app, client, desk):
    """The key is a digest: a session cookie (signed, not hidden) must not sit in memory as a key."""
    _, article, _ = desk
    client.get(f"/articles/{article.id}")
    client.get(f"/articles/{article.id}")
    memo = app.extensions["claimdesk_pages"]
    kept = [key for key in memo.items if key[0] == "front"]
    assert kept and all(len(key) == 2 and isinstance(key[1], bytes) and len(key[1]) == 32 for key in kept)


def test_a_head_a_post_or_a_long_query_is_never_kept(client, desk, through_app):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    long = f"{path}?q={'x' * (page_memo.MAX_QUERY + 1)}"
    for _ in range(2):
        client.head(path)
        client.get(long)
    assert through_app == [path, path, path, path]


def test_nothing_is_kept_with_a_zero_budget(client, desk, through_app, page_memo_budget):
    _, article, _ = desk
    page_memo_budget(0)
    path = f"/articles/{article.id}"
    for _ in range(3):
        assert client.get(path).status_code == 200
    assert len(through_app) == 3


def test_the_api_token_user_and_the_revision_are_one_statement_on_the_way_in(api, make_claim):
    """Through the app, the API's first statement reads the token's user and the revision together."""
    client = api("reviewer")
    make_claim(quote="about 1,000 soldiers")
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/api/v1/claims").status_code == 200
        assert client.get("/api/v1/claims").status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert "desk_revision" in seen[0] and "api_token" in seen[0]
    assert len(seen[-1:]) == 1 and seen[-1].strip().startswith("SELECT value FROM desk_revision")
