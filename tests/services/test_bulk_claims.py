"""Claims stored in bulk (store_all, an import's claims list, accepting many suggestions) are the claims,
keys and events that create_claim makes one at a time, in a number of statements that does not grow."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Claim, ClaimKey, Event
from app.services import articles as article_service
from app.services import suggestions
from app.services.errors import ValidationError
from tests.conftest import login
from tests.web.test_statement_counts import count_statements

DATA = Path(__file__).resolve().parents[1] / "data"
# An English and an Arabic article in one body: both scripts, quantities, attributions, dates.
BODY = "\n\n".join((DATA / name).read_text(encoding="utf-8")
                   for name in ("eastbrook-flood-barrier.en.txt", "basra-power-outage.ar.txt"))

_CLAIM_COLUMNS = [c for c in Claim.__table__.c if c.name not in ("id", "article_id", "created_at", "updated_at")]


def _stored_claims(article_id: int) -> list[tuple]:
    """Every stored column of an article's claims as the database holds it (JSON as its text, so that a
    JSON null and an SQL NULL differ), in text order, with each claim's keys."""
    columns = [sa.cast(c, sa.Text).label(c.name) if isinstance(c.type, sa.JSON) else c for c in _CLAIM_COLUMNS]
    rows = db.session.execute(sa.select(Claim.id, *columns).where(Claim.article_id == article_id)
                              .order_by(Claim.start)).all()
    keys: dict[int, set[str]] = {}
    for claim_id, key in db.session.execute(sa.select(ClaimKey.claim_id, ClaimKey.key).join(Claim)
                                            .where(Claim.article_id == article_id)):
        keys.setdefault(claim_id, set()).add(key)
    return [(*row[1:], frozenset(keys.get(row[0], ()))) for row in rows]


def _stored_events(article_id: int) -> list[tuple]:
    """The article's claim events in log order, every column but the ids and times; the claim they are about
    named by its span."""
    spans = {i: (s, e) for i, s, e in db.session.execute(
        sa.select(Claim.id, Claim.start, Claim.end).where(Claim.article_id == article_id))}
    rows = db.session.execute(
        sa.select(Event.object_id, Event.claim_id, Event.actor_id, Event.object_type, Event.action, Event.field,
                  sa.cast(Event.before, sa.Text), sa.cast(Event.after, sa.Text), Event.note)
        .where(Event.article_id == article_id, Event.object_type == "claim").order_by(Event.id)).all()
    assert all(row[0] == row[1] for row in rows)
    return [(spans[row[0]], *row[2:]) for row in rows]


def _one_at_a_time(actor, article):
    """What store_all did before it wrote in bulk: one create_claim per pending suggestion."""
    return [suggestions._claim_from(actor, article, {"start": s.start, "end": s.end}, s)
            for s in suggestions.pending(article)]


def test_bulk_and_one_at_a_time_store_the_same_claims_keys_and_events(make_article, make_user):
    actor = make_user("reviewer")
    single, bulk = make_article(body=BODY), make_article(body=BODY)
    made_single = _one_at_a_time(actor, single)
    made_bulk = suggestions.store_all(actor, bulk)
    assert len(made_bulk) == len(made_single) > 10
    # the session is coherent before any commit: the article's list and the returned objects are the rows
    assert {c.id for c in bulk.claims} == {c.id for c in made_bulk}
    assert all(c.article is bulk and c.version == 1 and c.origin == "suggested" for c in made_bulk)
    db.session.commit()
    assert _stored_claims(bulk.id) == _stored_claims(single.id)
    assert _stored_events(bulk.id) == _stored_events(single.id)
    # the comparison covers what suggestions fill in: kinds, values, attributions
    assert len({c.kind for c in made_bulk}) >= 3 and any(c.values for c in made_bulk)
    assert any(c.attributed_to for c in made_bulk) and any(c.values is None for c in made_bulk)
    assert not suggestions.pending(bulk)


def test_the_claim_page_history_reads_the_same(client, make_article, make_user):
    reader = make_user("reviewer")
    single, bulk = make_article(body=BODY), make_article(body=BODY)
    _one_at_a_time(reader, single)
    suggestions.store_all(reader, bulk)
    db.session.commit()
    login(client, reader)

    def history(article) -> str:
        claim = next(c for c in article.claims if c.kind == "quantity")
        page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
        part = page[page.index('id="history"'):]
        return re.sub(r"<time[^>]*>.*?</time>", "", part[:part.index("</ol>")])

    assert history(single) == history(bulk)
    assert reader.name in history(bulk)


def test_an_import_with_claims_and_suggestions_is_stored_once_each(make_user):
    actor = make_user("editor")
    created = article_service.create_article(actor, {"title": "t", "body": BODY, "suggest": True,
                                                     "claims": [{"quote": BODY[:40], "kind": "event"}]})
    db.session.commit()
    claims = created.article.claims
    assert [c.origin for c in claims].count("import") == 1 and len(claims) > 10
    assert len({(c.start, c.end) for c in claims}) == len(claims)


def test_a_span_given_twice_names_the_first_claim_and_stores_nothing(make_user):
    actor = make_user("editor")
    item = {"quote": BODY[:40]}
    with pytest.raises(ValidationError) as caught:
        article_service.create_article(actor, {"title": "twice", "body": BODY, "claims": [item, dict(item)]})
    assert set(caught.value.fields) == {"claims[1].quote"}
    assert re.search(r"Claim #\d+ already rests on this span", str(caught.value.message))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Claim.id))) == 0


def test_a_bad_item_is_named_by_its_index_and_nothing_is_stored(make_user):
    actor = make_user("editor")
    with pytest.raises(ValidationError) as caught:
        article_service.create_article(actor, {"title": "bad", "body": BODY, "claims": [
            {"quote": BODY[:40]}, {"start": 5, "end": 2}]})
    assert "claims[1].end" in caught.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Claim.id))) == 0


def test_store_all_statements_do_not_grow_with_the_suggestions(make_article, make_user):
    actor = make_user("reviewer")
    counts = []
    for body in (BODY[:BODY.index("\n\n", 300)], BODY):
        article = make_article(body=body)
        found = len(suggestions.pending(article))  # the engine's answer, remembered: only the storing counts
        with count_statements() as seen:
            made = suggestions.store_all(actor, article)
            db.session.flush()
        assert len(made) == found
        counts.append((found, len(seen)))
    (few, at_few), (many, at_many) = counts
    assert many >= 5 * few
    assert at_few == at_many, f"{at_few} statements for {few} suggestions, {at_many} for {many}"
