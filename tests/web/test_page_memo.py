"""Remembered pages (app/page_memo.py): served from memory between writes, and never stale, never another
viewer's, never past a revoked right."""

import re

import pytest
import sqlalchemy as sa

from app import page_memo
from app.extensions import db
from tests.conftest import PASSWORD, login

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]*)"')


def _statements(client, path, **kwargs):
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)  # every engine: the front has its own
    try:
        response = client.get(path, **kwargs)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    return response, seen


def _elsewhere(statement, **values):
    """A change made by another worker: straight to the database, past this process's session."""
    with db.engine.begin() as conn:
        conn.execute(sa.text(statement), values)
    db.session.expire_all()


PAGES = ["/articles/{article}", "/claims/{claim}", "/queue/?per_page=50", "/articles/"]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_seen_again_costs_one_statement_and_is_the_same_page(client, desk, page):
    _, article, claim = desk
    path = page.format(article=article.id, claim=claim.id)
    client.get(path)  # the first view makes the session's CSRF token
    first, _ = _statements(client, path)
    again, statements = _statements(client, path)
    assert first.status_code == again.status_code == 200
    # the same page but for its CSRF tokens, signed afresh for each answer (with the time: they may differ)
    assert TOKEN.sub("", again.get_data(as_text=True)) == TOKEN.sub("", first.get_data(as_text=True))
    assert TOKEN.search(again.get_data(as_text=True)) is not None
    assert len(statements) == 1 and "desk_revision" in statements[0]


@pytest.mark.parametrize("page", PAGES[:3])
def test_a_verdict_changed_on_another_worker_shows_on_the_very_next_view(client, desk, page):
    _, article, claim = desk
    path = page.format(article=article.id, claim=claim.id)
    client.get(path)
    assert "Not a thousand" not in client.get(path).get_data(as_text=True)
    _elsewhere("UPDATE claim SET verdict = 'false', statement = 'Not a thousand' WHERE id = :id", id=claim.id)
    html = client.get(path).get_data(as_text=True)
    assert "Not a thousand" in html and "v-false" in html


def test_the_article_list_follows_a_new_title_and_a_new_article_at_once(client, desk, make_article):
    _, article, _ = desk
    client.get("/articles/")
    client.get("/articles/")
    _elsewhere("UPDATE article SET title = 'Retitled on another worker' WHERE id = :id", id=article.id)
    assert "Retitled on another worker" in client.get("/articles/").get_data(as_text=True)
    make_article(title="A second report")
    assert "A second report" in client.get("/articles/").get_data(as_text=True)


def test_the_claim_list_api_follows_a_change_at_once_and_a_revoked_token_is_refused_at_once(api, make_claim):
    client = api("reviewer")
    claim = make_claim(quote="about 1,000 soldiers")
    assert client.get("/api/v1/claims").json["items"][0]["verdict"] == "unverified"
    assert client.get("/api/v1/claims").json["items"][0]["verdict"] == "unverified"
    _elsewhere("UPDATE claim SET verdict = 'confirmed' WHERE id = :id", id=claim.id)
    assert client.get("/api/v1/claims").json["items"][0]["verdict"] == "confirmed"
    _elsewhere("UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP")
    assert client.get("/api/v1/claims").status_code == 401


def test_a_deactivated_viewer_is_refused_on_the_next_request(client, desk):
    user, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    assert client.get(path).status_code == 200
    _elsewhere('UPDATE "user" SET active = false WHERE id = :id', id=user.id)
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_each_viewer_gets_their_own_page(app, desk, make_user):
    """Two people on the same article: each sees their own name and rights, never the other's."""
    _, article, _ = desk
    pages = {}
    for role in ("reviewer", "admin"):
        user = make_user(role, name=f"Person {role}")
        other = app.test_client()
        login(other, user)
        other.get(f"/articles/{article.id}")
        pages[role] = other.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Person reviewer" in pages["reviewer"] and "Person admin" not in pages["reviewer"]
    assert "Person admin" in pages["admin"] and "/admin/users" in pages["admin"]
    assert "/admin/users" not in pages["reviewer"]


def test_a_remembered_page_carries_each_session_its_own_working_csrf_token(app, desk):
    """Two browsers of the same person share a remembered page; each gets a token its session accepts."""
    user, _, claim = desk
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        browsers = [app.test_client(), app.test_client()]
        tokens = []
        for browser in browsers:
            page = browser.get("/login").get_data(as_text=True)
            browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "csrf_token": TOKEN.search(page).group(1)})
            browser.get(f"/claims/{claim.id}")
            tokens.append(set(TOKEN.findall(browser.get(f"/claims/{claim.id}").get_data(as_text=True))))
        assert all(len(t) == 1 for t in tokens) and tokens[0] != tokens[1]
        for browser, token in zip(browsers, tokens, strict=True):
            response = browser.post(f"/claims/{claim.id}/comments", data={"body": "Checked the wire copy.",
                                                                         "csrf_token": token.pop()})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_flashed_message_is_shown_once_and_never_kept(client, desk):
    _, article, claim = desk
    path = f"/claims/{claim.id}"
    client.get(path)
    client.get(path)  # remembered now
    response = client.post(f"{path}/transition", data={"to": "in_review", "reason": "", "version": claim.version})
    assert response.status_code == 302
    shown = client.get(path).get_data(as_text=True)
    assert 'class="flash info"' in shown
    assert 'class="flash' not in client.get(path).get_data(as_text=True)
    assert 'class="flash' not in client.get(path).get_data(as_text=True)


def test_the_reader_language_is_part_of_the_page(client, desk):
    user, article, _ = desk
    path = f"/articles/{article.id}"
    english = client.get(path).get_data(as_text=True)
    _elsewhere('UPDATE "user" SET locale = :lang WHERE id = :id', lang="ar", id=user.id)
    arabic = client.get(path).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="ar" dir="rtl"' in arabic


def test_a_new_minute_is_a_new_page(client, desk, monkeypatch):
    """Relative times and due dates move with the clock: a page is kept for the minute it was made in."""
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    client.get(path)
    now = page_memo.time.time()
    monkeypatch.setattr(page_memo.time, "time", lambda: now + 61)
    _, statements = _statements(client, path)
    assert len(statements) > 1


def test_no_memo_when_its_budget_is_zero(client, desk, page_memo_budget):
    _, article, _ = desk
    path = f"/articles/{article.id}"
    page_memo_budget(0)
    client.get(path)
    client.get(path)
    _, statements = _statements(client, path)
    assert len(statements) > 1


def test_a_change_by_the_job_worker_or_the_command_line_shows_too(client, desk):
    """Another process writes through its own engine: the revision is in the database, not in this process."""
    _, article, _ = desk
    path = f"/articles/{article.id}"
    client.get(path)
    client.get(path)
    other = sa.create_engine(db.engine.url)
    from app import revision

    revision.install(other)
    try:
        with other.begin() as conn:
            conn.execute(sa.text("UPDATE article SET title = 'Retitled elsewhere' WHERE id = :id"), {"id": article.id})
    finally:
        other.dispose()
    assert "Retitled elsewhere" in client.get(path).get_data(as_text=True)


def test_the_memo_stays_within_its_budget_whatever_the_keys(app, client, desk, page_memo_budget):
    """Many small answers under distinct query strings: each costs its key and overhead too."""
    page_memo_budget(200_000)
    client.get("/articles/")
    for i in range(300):
        assert client.get(f"/articles/?pad={'x' * 900}&n={i}").status_code == 200
    memo = app.extensions["claimdesk_pages"]
    assert 0 < memo.size <= 200_000 and len(memo.items) < 300
    client.get(f"/articles/?pad={'x' * 2000}")
    assert not any(len(key[2]) > page_memo.MAX_QUERY for key in memo.items if key[0] != "front")


def test_no_session_value_is_kept_in_a_key(app, client, desk):
    _, article, _ = desk
    with client.session_transaction() as session:
        session["two_factor_setup"] = "JBSWY3DPEHPK3PXP"
    client.get(f"/articles/{article.id}")
    client.get(f"/articles/{article.id}")
    memo = app.extensions["claimdesk_pages"]
    assert memo.items and not any("JBSWY3DPEHPK3PXP" in repr(key) for key in memo.items)
