"""Remembered page parts (app/fragments.py): never stale, never another viewer's, never able to read the viewer."""

import re

import jinja2
import pytest
import sqlalchemy as sa

from app import fragments
from app.extensions import db
from app.localization import label_in
from app.models import Claim, User
from app.services import claims as claim_service
from app.services import evidence
from tests.conftest import login

BODY = "Officials said about 1,000 soldiers remain. The withdrawal may take two months, according to Reuters."


def _tokenless(html: str) -> str:
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]*"', "", re.sub(r'id="csrf_token" ', "", html))


def _elsewhere(statement, **values):
    """A change made by another worker: straight to the database, past this process's session and memos."""
    with db.engine.begin() as conn:
        conn.execute(statement, values)
    db.session.expire_all()


@pytest.mark.parametrize("source", [
    "{{ current_user.name }}", "{{ can('approve') }}", "{{ csrf_token() }}", "{{ request.path }}",
    "{{ session.get('x') }}", "{{ config.SECRET_KEY }}", "{{ g.user }}", "{{ get_flashed_messages() }}",
    "{{ undefined_name }}", "{{ value|reltime }}",
])
def test_a_fragment_cannot_read_the_viewer_the_moment_or_an_unknown_name(app, source):
    with app.test_request_context("/"):
        with pytest.raises(jinja2.TemplateError):
            fragments._environment().from_string(source).render(value=None)


def test_the_article_page_shows_a_verdict_changed_on_another_worker_at_once(client, login_as, make_article,
                                                                           make_claim):
    login_as("reviewer")
    article = make_article(body=BODY)
    claim = make_claim(article, "about 1,000 soldiers")
    first = client.get(f"/articles/{article.id}").get_data(as_text=True)
    again = client.get(f"/articles/{article.id}").get_data(as_text=True)
    # the second view is served from the remembered parts, and is the same page (but for its signed CSRF tokens)
    assert 'class="seg hl v-unverified"' in first and _tokenless(first) == _tokenless(again)
    _elsewhere(sa.text("UPDATE claim SET verdict = 'false', statement = 'Not 1,000' WHERE id = :id"), id=claim.id)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'class="seg hl v-false"' in html and 'class="seg hl v-unverified"' not in html
    assert 'class="badge v-false"' in html and "Not 1,000" in html


def test_the_article_page_follows_claims_added_and_deleted_elsewhere(client, login_as, make_article, make_claim):
    user = login_as("reviewer")
    article = make_article(body=BODY)
    claim = make_claim(article, "about 1,000 soldiers")
    assert f'data-claim="{claim.id}"' in client.get(f"/articles/{article.id}").get_data(as_text=True)
    other = claim_service.create_claim(user, article, {"quote": "two months", "kind": "duration"})
    db.session.commit()
    gone, added = claim.id, other.id
    _elsewhere(sa.delete(Claim).where(Claim.id == gone))
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'data-claim="{added}"' in html and f'data-claim="{gone}"' not in html


def test_the_remembered_text_speaks_the_readers_language_and_digits(client, login_as, make_article, make_claim):
    user = login_as("reviewer")
    article = make_article(body=BODY)
    claim = make_claim(article, "about 1,000 soldiers")
    english = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'title="Claim #{claim.id}: Unverified"' in english
    _elsewhere(sa.update(User).where(User.id == user.id).values(locale="ar", digits="arabic"))
    arabic = client.get(f"/articles/{article.id}").get_data(as_text=True)
    name = label_in("ar", "verdict", "unverified")
    assert 'title="Claim #' not in arabic and f"{name}" in arabic.split('id="article-body"')[1].split("</div>")[0]
    _elsewhere(sa.update(User).where(User.id == user.id).values(locale="en", digits=None))
    assert _tokenless(client.get(f"/articles/{article.id}").get_data(as_text=True)) == _tokenless(english)


def test_the_claim_page_gives_each_viewer_their_own_token(app, client, make_user, make_claim):
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/a", "stance": "supports", "reliability": "B"})
    db.session.commit()
    login(client, make_user("reviewer"))
    mine = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', mine))
    assert "Detach" in mine and "Capture again" in mine
    assert tokens and "" not in tokens and 'data-slot="csrf"' not in mine
    other = app.test_client()
    login(other, make_user("editor"))
    theirs = other.get(f"/claims/{claim.id}").get_data(as_text=True)
    their_tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', theirs))
    assert "Detach" in theirs and "https://wire.example/a" in theirs
    assert their_tokens and not tokens & their_tokens  # the same remembered list, each viewer's own token
    # the token filled into the remembered evidence list is one this viewer's session accepts
    item = claim.evidence[0]
    response = client.post(f"/claims/evidence/{item.id}/delete", data={"csrf_token": sorted(tokens)[0]})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]


def test_the_claim_history_names_a_person_renamed_elsewhere(client, login_as, make_claim):
    user = login_as("editor")
    claim = make_claim()
    claim_service.update_claim(user, claim, {"version": claim.version, "verdict": "false"})
    db.session.commit()
    before = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert user.display_name in before.split('id="history"')[1]
    _elsewhere(sa.update(User).where(User.id == user.id).values(name="Amal Renamed"))
    after = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Amal Renamed" in after.split('id="history"')[1]


def test_the_memo_is_bounded_by_the_characters_it_holds():
    memo = fragments.Memo(budget=1000)
    for k in range(50):
        memo.put(("t", k), fragments.Markup("x" * 100))
    assert memo.size <= 1000 and len(memo.items) == 10
    assert memo.get(("t", 49)) is not None and memo.get(("t", 0)) is None
    memo.put(("huge",), fragments.Markup("y" * 900))  # over a quarter of the budget: not kept at all
    assert memo.get(("huge",)) is None


def test_the_claim_forms_show_the_claim_as_it_is_now(client, login_as, make_claim):
    login_as("editor")
    claim = make_claim()
    assert 'name="version" type="hidden" value="1"' in client.get(f"/claims/{claim.id}").get_data(as_text=True)
    _elsewhere(sa.text("UPDATE claim SET rationale = 'Two wires agree', verdict = 'false', version = version + 1 "
                       "WHERE id = :id"), id=claim.id)
    form = client.get(f"/claims/{claim.id}").get_data(as_text=True).split('id="verdict-form"')[1].split("</form>")[0]
    assert "Two wires agree" in form and 'name="version" type="hidden" value="2"' in form
    assert re.search(r'<option[^>]*selected[^>]*value="false"|<option[^>]*value="false"[^>]*selected', form)


def test_a_form_with_errors_is_shown_live_with_what_was_typed(client, login_as, make_claim):
    login_as("reviewer")
    claim = make_claim()
    client.get(f"/claims/{claim.id}")  # the empty add-source form is remembered
    response = client.post(f"/claims/{claim.id}/evidence", data={"url": "", "stance": "supports",
                                                                 "title": "Typed by me", "credibility": "6"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Typed by me"' in html and 'aria-invalid="true"' in html
    fresh = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Typed by me" not in fresh and 'aria-invalid="true"' not in fresh
