"""Suggestions on the desk: stored with suggest:true, accepted, merged, split, rejected and remembered."""

import re

import pytest

from app.extensions import db
from app.models import Claim, Event
from app.services import outcomes, suggestions
from app.services.errors import ValidationError

BODY = ("Officials said about 1,000 troops remain in Syria, and the withdrawal will take two months. "
        "A convoy of more than 20 trucks crossed from Iraq on Saturday.")


def test_the_api_stores_suggestions_as_claims_when_asked(api):
    response = api().post("/api/v1/articles", json={"title": "t", "body": BODY, "suggest": True})
    assert response.status_code == 201
    claims = response.json["claims"]
    assert claims and {c["origin"] for c in claims} == {"suggested"}
    for claim in claims:
        assert BODY[claim["start"]:claim["end"]] == claim["quote"]
    assert any(c["kind"] == "quantity" for c in claims)


def test_the_suggestions_endpoint_does_not_store_anything(api, make_article):
    article = make_article(body=BODY)
    items = api().get(f"/api/v1/articles/{article.id}/suggestions").json["items"]
    assert items and all({"start", "end", "quote", "kind", "score", "reason", "values"} <= set(i) for i in items)
    assert db.session.query(Claim).count() == 0


def test_a_rejected_suggestion_is_not_proposed_again(make_article, make_user):
    article = make_article(body=BODY)
    first = suggestions.pending(article)[0]
    suggestions.reject(make_user(), article, {"start": first.start, "end": first.end})
    db.session.commit()
    assert (first.start, first.end) not in {(s.start, s.end) for s in suggestions.pending(article)}
    assert db.session.query(Event).filter_by(action="suggestion_rejected").count() == 1


def test_merge_and_split_from_the_article_page(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=BODY)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    spans = [tuple(map(int, s.split(":"))) for s in re.findall(r'name="s" value="(\d+:\d+)"', html)]
    assert len(spans) >= 2
    (a0, a1), (b0, b1) = spans[0], spans[1]
    client.post(f"/articles/{article.id}/suggestions", data={"s": [f"{a0}:{a1}", f"{b0}:{b1}"], "action": "merge"})
    merged = db.session.query(Claim).one()
    assert (merged.start, merged.end) == (min(a0, b0), max(a1, b1)) and merged.origin == "suggested"
    db.session.delete(merged)
    db.session.commit()
    at = BODY.index("the withdrawal")
    s0, s1 = next((s, e) for s, e in spans if s < at < e)  # the suggestion holding the cut
    client.post(f"/articles/{article.id}/suggestions", data={"s": f"{s0}:{s1}", "action": "split", "at": str(at),
                                                             "confirmed": "1", "part": ["0", "1"]})
    parts = db.session.query(Claim).order_by(Claim.start).all()
    assert len(parts) == 2 and parts[0].end <= at <= parts[1].start
    assert (parts[0].start, parts[1].end) == (s0, s1)
    assert all(BODY[c.start:c.end] == c.quote for c in parts)


def test_accepting_many_at_once_is_all_or_nothing(make_article, make_user):
    article = make_article(body=BODY)
    pending = suggestions.pending(article)
    created = suggestions.accept(make_user(), article, [{"start": s.start, "end": s.end} for s in pending])
    assert len(created) == len(pending)
    assert {c.kind for c in created} == {s.kind for s in pending}


def test_cli_import_with_suggest(runner, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Troops\n\n" + BODY, encoding="utf-8")
    result = runner.invoke(args=["articles", "import", "--suggest", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.query(Claim).filter_by(origin="suggested").count() >= 2


def test_an_article_page_answers_when_its_suggestions_cannot_be_kept(client, login_as, make_article):
    """Keeping the engine's run is best effort: with another writer holding the lock it needs, the page still
    shows the suggestions at once (a wait of a fifth of a second), and the next view keeps them."""
    import sqlalchemy as sa

    from app.models import Article, SuggestionRun

    login_as("reviewer")
    article = make_article(body="The depot shipped 40 tonnes of grain. Officials said 12 trucks left on Monday.")
    db.session.commit()
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "sqlite":
            raw.driver_connection.isolation_level = None
            raw.cursor().execute("BEGIN IMMEDIATE")  # the database's one writer lock
        else:
            table = Article.__table__
            cursor = raw.cursor()
            cursor.execute(str(sa.select(table.c.id).where(table.c.id == article.id).with_for_update()
                               .compile(db.engine, compile_kwargs={"literal_binds": True})))
        response = client.get(f"/articles/{article.id}")
        assert response.status_code == 200 and "40 tonnes" in response.get_data(as_text=True)
    finally:
        raw.rollback() if db.engine.dialect.name != "sqlite" else raw.cursor().execute("ROLLBACK")
        raw.invalidate()  # not back to the pool: its SQLite autocommit mode would follow the next request
    db.session.expire_all()
    assert db.session.get(SuggestionRun, article.id) is None
    assert client.get(f"/articles/{article.id}").status_code == 200
    db.session.expire_all()
    assert db.session.get(SuggestionRun, article.id) is not None


def test_merged_and_split_suggestions_do_not_come_back(make_article, make_user):
    reviewer = make_user()
    article = make_article(body=BODY)
    found = suggestions.pending(article)
    first, second = found[0], found[1]
    suggestions.merge(reviewer, article, [(first.start, first.end), (second.start, second.end)])
    db.session.commit()
    left = {(s.start, s.end) for s in suggestions.pending(article)}
    assert (first.start, first.end) not in left and (second.start, second.end) not in left
    other = make_article(body=BODY, title="The same story, split this time")
    at = BODY.index("the withdrawal")
    held = next(s for s in suggestions.pending(other) if s.start < at < s.end)
    suggestions.split(reviewer, other, (held.start, held.end), at)
    db.session.commit()
    assert (held.start, held.end) not in {(s.start, s.end) for s in suggestions.pending(other)}


def test_a_suggestion_only_partly_claimed_is_still_proposed(make_article, make_user, make_claim):
    article = make_article(body=BODY)
    target = suggestions.pending(article)[0]
    words = BODY[target.start:target.end].split()
    make_claim(article, words[0])  # one word of it: the rest is still unclaimed
    assert (target.start, target.end) in {(s.start, s.end) for s in suggestions.pending(article)}


def test_a_split_keeping_only_the_second_part_rejects_the_first(make_article, make_user):
    reviewer = make_user()
    article = make_article(body=BODY)
    at = BODY.index("the withdrawal")
    held = next(s for s in suggestions.pending(article) if s.start < at < s.end)
    first, second = suggestions.split_parts(article, (held.start, held.end), at)
    claims = suggestions.split(reviewer, article, (held.start, held.end), at, keep=[1])
    db.session.commit()
    assert [(c.start, c.end) for c in db.session.query(Claim).all()] == [second] == [(c.start, c.end) for c in claims]
    assert first in outcomes.rejected_spans(article.id)
    left = {(s.start, s.end) for s in suggestions.pending(article)}
    assert first not in left and (held.start, held.end) not in left
    created = db.session.query(Event).filter_by(action="created", claim_id=claims[0].id).one()
    assert created.after["how"] == "split"
    rejected = db.session.query(Event).filter_by(action="suggestion_rejected").one()
    assert rejected.after["quote"] == BODY[first[0]:first[1]] and rejected.after["how"] == "split"


def test_a_split_must_keep_a_part_and_names_only_its_own_parts(make_article, make_user):
    reviewer = make_user()
    article = make_article(body=BODY)
    at = BODY.index("the withdrawal")
    held = next(s for s in suggestions.pending(article) if s.start < at < s.end)
    for keep in ([], [2], [-1]):
        with pytest.raises(ValidationError):
            suggestions.split(reviewer, article, (held.start, held.end), at, keep=keep)
    assert db.session.query(Claim).count() == 0 and not outcomes.rejected_spans(article.id)


def test_the_split_confirmation_lists_the_parts_and_makes_only_the_ticked_ones_claims(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=BODY)
    at = BODY.index("the withdrawal")
    held = next(s for s in suggestions.pending(article) if s.start < at < s.end)
    first, second = suggestions.split_parts(article, (held.start, held.end), at)
    asked = client.post(f"/articles/{article.id}/suggestions",
                        data={"s": f"{held.start}:{held.end}", "action": "split", "at": str(at)})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and db.session.query(Claim).count() == 0  # nothing made before the choice
    assert BODY[first[0]:first[1]] in html and BODY[second[0]:second[1]] in html
    assert len(re.findall(r'<input type="checkbox" name="part" value="\d" id="part-\d" checked>', html)) == 2
    assert "Make the ticked parts claims" in html and 'name="csrf_token"' in html
    response = client.post(f"/articles/{article.id}/suggestions", follow_redirects=True,
                           data={"s": f"{held.start}:{held.end}", "action": "split", "at": str(at),
                                 "confirmed": "1", "part": "0"})
    assert response.status_code == 200
    assert [(c.start, c.end) for c in db.session.query(Claim).all()] == [first]
    assert second in outcomes.rejected_spans(article.id)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'value="{held.start}:{held.end}"' not in page and f'value="{second[0]}:{second[1]}"' not in page


def test_without_a_cursor_the_split_page_offers_where_to_cut(client, login_as, make_article):
    """A browser without JavaScript sends no cursor: the page offers a cut before each word, then the parts."""
    login_as("reviewer")
    article = make_article(body=BODY)
    at = BODY.index("the withdrawal")
    held = next(s for s in suggestions.pending(article) if s.start < at < s.end)
    html = client.post(f"/articles/{article.id}/suggestions",
                       data={"s": f"{held.start}:{held.end}", "action": "split", "at": ""}).get_data(as_text=True)
    assert f'<input type="radio" name="at" value="{at}"' in html and db.session.query(Claim).count() == 0
    html = client.post(f"/articles/{article.id}/suggestions",
                       data={"s": f"{held.start}:{held.end}", "action": "split", "at": str(at)}).get_data(as_text=True)
    assert 'name="part" value="1"' in html and "Make the ticked parts claims" in html
