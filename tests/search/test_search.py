"""The search index follows every write, and a query gives the same answer on SQLite and PostgreSQL (this file
runs on both: TEST_DATABASE_URL)."""

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import EarlierCheck, SearchEntry
from app.services import claims as claim_service
from app.services import evidence as evidence_service
from app.services import search
from app.services.analyser import index_text

BODY = ("أعلنت الوزارة بدء الإخلاء في القاعدة الشمالية. قال شهود إن الجيش انسحب من 42 موقعا. "
        "The ministry said the evacuation of the northern base began. Witnesses said troops left the base. "
        "Officials denied that troops ever left; the base was never evacuated, they said.")


def ids(text, kind="claim"):
    return [row.id for row in search.search(text, kind).rows]


@pytest.fixture
def desk(make_user, make_article):
    editor = make_user("editor")
    article = make_article(body=BODY, title="الإخلاء والانسحاب", language="ar")
    sentences = [s.strip() for s in BODY.replace(". ", ".|").split("|")]
    made = claim_service.create_claims(editor, article, [({"quote": s}, None) for s in sentences])
    db.session.commit()
    return editor, article, {s: c for s, c in zip(sentences, made, strict=True)}


def test_bulk_created_claims_are_found_by_any_form_of_an_arabic_word(desk):
    _, _, made = desk
    evacuation = made["أعلنت الوزارة بدء الإخلاء في القاعدة الشمالية."].id
    for form in ("الإخلاء", "إخلاء", "اخلاء", "والإخلاء", "للاخلاء"):
        assert ids(form) == [evacuation], form
    withdrew = made["قال شهود إن الجيش انسحب من 42 موقعا."].id
    for form in ("انسحاب", "انسحبت", "الانسحابات", "والانسحاب"):
        assert ids(form) == [withdrew], form


def test_words_in_any_order_must_all_be_there(desk):
    _, _, made = desk
    both = made["Witnesses said troops left the base."].id
    denied = made["Officials denied that troops ever left; the base was never evacuated, they said."].id
    assert set(ids("base troops")) == {both, denied}
    assert ids("troops witnesses") == [both]
    assert ids("troops witnesses nowhere") == []


def test_a_quoted_phrase_needs_its_words_side_by_side(desk):
    _, _, made = desk
    assert ids('"troops left the base"') == [made["Witnesses said troops left the base."].id]
    assert ids('"the base left troops"') == []


def test_the_most_relevant_claim_comes_first(desk, make_article, make_claim):
    editor, _, made = desk
    article = make_article(body="Evacuation, evacuation and more evacuation: the evacuation of every base. "
                                "A long text that mentions the evacuation only once among many other words about "
                                "roads, bridges, trucks, weather, supplies, fuel, schedules and the people involved.")
    dense = make_claim(article, "Evacuation, evacuation and more evacuation: the evacuation of every base.")
    sparse = make_claim(article, article.body.split(". ")[1])
    found = ids("evacuation")
    assert found.index(dense.id) < found.index(sparse.id)


def test_a_claim_number_in_any_digits_finds_that_claim_first(desk):
    _, _, made = desk
    target = made["Witnesses said troops left the base."].id
    for text in (str(target), f"#{target}", "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(target)),
                 "#" + "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(target))):
        assert ids(text)[0] == target, text
    # 42 also finds the claim that says 42, after the claim numbered 42 when there is one
    assert made["قال شهود إن الجيش انسحب من 42 موقعا."].id in ids("٤٢")


def test_an_edit_is_searchable_and_the_old_words_are_not(desk):
    editor, article, _ = desk
    claim = claim_service.create_claim(editor, article, {"quote": "The ministry said",
                                                          "statement": "Trucks reached the port"})
    db.session.commit()
    assert ids("trucks port") == [claim.id]
    claim_service.update_claim(editor, claim, {"version": claim.version, "statement": "Convoys crossed the bridge",
                                               "rationale": "Satellite images show the convoys"})
    db.session.commit()
    assert ids("convoy bridge") == [claim.id]
    assert ids("satellite") == [claim.id]
    assert ids("trucks port") == []


def test_a_deleted_claim_is_not_found(desk):
    editor, _, made = desk
    claim = made["Witnesses said troops left the base."]
    claim_service.delete_claim(editor, claim, claim.version)
    db.session.commit()
    assert ids("witnesses") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)
                             .where(SearchEntry.kind == "claim", SearchEntry.object_id == claim.id)) == 0


def test_articles_evidence_and_earlier_checks_are_searched(desk):
    editor, article, made = desk
    assert ids("انسحاب", "article") == [article.id]
    claim = made["Witnesses said troops left the base."]
    ev = evidence_service.add_evidence(editor, claim, {"url": "https://news.example/convoy", "stance": "contradicts",
                                                       "excerpt": "Drone footage shows the convoy still parked.",
                                                       "note": "Footage dated the same morning"})
    db.session.commit()
    assert ids("drone footage", "evidence") == [ev.id]
    check = EarlierCheck(url="https://checks.example/1", claim_reviewed="الجيش انسحب من القاعدة الشمالية",
                         rating="مضلل", publisher="Partner Desk", origin="file", language="ar",
                         published_on=dt.date(2025, 5, 1))
    db.session.add(check)
    db.session.commit()
    assert ids("الانسحاب", "earlier_check") == [check.id]
    assert ids("partner", "earlier_check") == [check.id]
    assert search.counts("انسحاب") == {"claim": 1, "article": 1, "evidence": 0, "earlier_check": 1}


def test_earlier_checks_written_without_the_orm_are_indexed_on_request(desk):
    db.session.execute(EarlierCheck.__table__.insert(), [
        {"url": f"https://checks.example/{i}", "claim_reviewed": f"Bridge number {i} collapsed", "origin": "csv",
         "imported_at": dt.datetime.now(dt.UTC)} for i in range(3)])
    new = list(db.session.scalars(sa.select(EarlierCheck.id).order_by(EarlierCheck.id)))
    assert ids("collapsed", "earlier_check") == []
    search.index_earlier_checks(new)
    db.session.commit()
    assert sorted(ids("collapsed bridge", "earlier_check")) == new


def test_rebuilding_the_index_gives_the_same_entries(desk):
    before = set(db.session.execute(sa.select(SearchEntry.kind, SearchEntry.object_id, SearchEntry.terms)))
    search.reindex_all()
    db.session.commit()
    assert set(db.session.execute(sa.select(SearchEntry.kind, SearchEntry.object_id, SearchEntry.terms))) == before
    assert ids("الإخلاء")


def test_the_stored_terms_are_the_analysers(desk):
    _, _, made = desk
    claim = made["Witnesses said troops left the base."]
    stored = db.session.scalar(sa.select(SearchEntry.terms).where(SearchEntry.kind == "claim",
                                                                  SearchEntry.object_id == claim.id))
    assert stored == index_text(claim.quote, claim.statement, claim.rationale, claim.attributed_to)


@pytest.mark.parametrize("text", ['"unbalanced', '"', "؟؟؟", "x" * 10_000, "NEAR(a, b) OR c*", "a:b' & !c | d",
                                  "\x00", "-", "(((", "' <-> '", "title:x"])
def test_hostile_queries_answer_without_error(desk, text):
    for kind in ("claim", "article", "evidence", "earlier_check"):
        search.search(text, kind)
