"""Claims rest on exact spans: body[start:end] == quote, whatever the script."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Claim
from app.services import claims as claim_service
from app.services.errors import Conflict, ValidationError

ARABIC = "ونقلت وكالة «رويترز» عن مسؤولين أن عدد الجنود نحو ١٬٠٠٠ جندي، وأن الانسحاب سيستغرق شهرين؟\nنعم."


def test_a_quote_becomes_exact_offsets_in_arabic(make_article):
    article = make_article(body=ARABIC, language="ar")
    claim = claim_service.create_claim(None, article, {"quote": "نحو ١٬٠٠٠ جندي"})
    assert article.body[claim.start:claim.end] == "نحو ١٬٠٠٠ جندي"
    assert claim.statement == "نحو ١٬٠٠٠ جندي"
    assert claim.start == ARABIC.index("نحو")


def test_offsets_are_code_points_not_bytes(make_article):
    body = "😀 emoji first. Then ٣ trucks."
    article = make_article(body=body)
    start = body.index("٣")
    claim = claim_service.create_claim(None, article, {"start": start, "end": start + 8})
    assert claim.quote == "٣ trucks"


def test_a_quote_found_twice_needs_offsets(make_article):
    article = make_article(body="He said no. She said no.")
    with pytest.raises(ValidationError) as info:
        claim_service.create_claim(None, article, {"quote": "said no"})
    assert "2 times" in info.value.fields["quote"]
    claim = claim_service.create_claim(None, article, {"start": 16, "end": 23, "quote": "said no"})
    assert (claim.start, claim.end) == (16, 23)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"start": 5, "end": 2}, "end"),
        ({"start": 0, "end": 10_000}, "end"),
        ({"start": -1, "end": 3}, "start"),
        ({"start": "a", "end": 3}, "start"),
        ({"start": True, "end": 3}, "start"),
        ({"start": 0, "end": 3, "quote": "xyz"}, "quote"),
        ({"quote": "not in the text"}, "quote"),
        ({}, "quote"),
        ({"quote": "   "}, "quote"),
        ({"quote": "evacuation", "kind": "rumour"}, "kind"),
        ({"quote": "evacuation", "statement": 12}, "statement"),
    ],
)
def test_bad_spans_and_fields_are_refused_with_a_field_message(make_article, data, field):
    article = make_article()
    with pytest.raises(ValidationError) as info:
        claim_service.create_claim(None, article, data)
    assert field in info.value.fields
    assert db.session.query(Claim).count() == 0


def test_the_same_span_is_not_claimed_twice(make_claim):
    """A span already decided is a conflict with what someone did (409), not bad input: it names the claim."""
    claim = make_claim(quote="The base holds about 1,000 soldiers")
    with pytest.raises(Conflict) as info:
        claim_service.create_claim(None, claim.article, {"quote": "The base holds about 1,000 soldiers"})
    assert f"#{claim.id}" in info.value.message and info.value.fields == {"quote": f"Already claim #{claim.id}."}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
          deadline=None)
@given(st.data())
def test_any_span_of_any_arabic_text_round_trips(make_article, data):
    alphabet = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآؤئةى٠١٢٣٤٥٦٧٨٩،؛؟«»ًٌٍَُِّْـ\u200f\u200b\n.") + ["😀"])
    body = data.draw(st.text(alphabet, min_size=2, max_size=120).filter(lambda s: s.strip()))
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    article = make_article(body=body, language="ar")
    if not body[start:end].strip():
        with pytest.raises(ValidationError):
            claim_service.create_claim(None, article, {"start": start, "end": end})
        return
    claim = claim_service.create_claim(None, article, {"start": start, "end": end})
    db.session.commit()
    stored = db.session.get(Claim, claim.id)
    assert stored.article.body[stored.start:stored.end] == stored.quote == body[start:end]


def test_a_stale_version_changes_nothing(make_claim, make_user):
    claim = make_claim()
    user = make_user("reviewer")
    claim_service.update_claim(user, claim, {"version": 1, "statement": "first edit"})
    db.session.commit()
    with pytest.raises(Conflict) as info:
        claim_service.update_claim(user, claim, {"version": 1, "statement": "second edit"})
    assert info.value.extra["current_version"] == 2
    assert info.value.extra["changes"][-1]["after"] == "first edit"
    db.session.rollback()
    assert db.session.get(Claim, claim.id).statement == "first edit"


def test_a_write_without_version_is_refused(make_claim, make_user):
    claim = make_claim()
    with pytest.raises(ValidationError) as info:
        claim_service.update_claim(make_user(), claim, {"statement": "x"})
    assert "version" in info.value.fields


def test_editing_the_span_keeps_the_invariant(make_claim, make_user):
    claim = make_claim(quote="The base holds about 1,000 soldiers")
    claim_service.update_claim(make_user(), claim, {"version": 1, "quote": "about 1,000 soldiers"})
    assert claim.article.body[claim.start:claim.end] == claim.quote == "about 1,000 soldiers"


def test_a_claims_outcome_follows_its_span_and_goes_with_it(make_claim, make_user):
    """The span's one outcome row moves with the claim's span and is deleted with the claim: the old span
    can then be rejected, and nothing is left that would refuse a new decision on it."""
    import sqlalchemy as sa

    from app.models import SuggestionOutcome
    from app.services import suggestions

    editor = make_user("editor")
    claim = make_claim(quote="The base holds about 1,000 soldiers", actor=editor)
    article, old = claim.article, (claim.start, claim.end)

    def spans():
        return sorted(db.session.execute(sa.select(SuggestionOutcome.start, SuggestionOutcome.end,
                                                   SuggestionOutcome.outcome)).all())

    claim_service.update_claim(editor, claim, {"version": claim.version, "quote": "about 1,000 soldiers"})
    db.session.commit()
    assert spans() == [(claim.start, claim.end, "claimed")]
    suggestions.reject(editor, article, {"start": old[0], "end": old[1]})
    db.session.commit()
    claim_service.delete_claim(editor, claim, claim.version)
    db.session.commit()
    assert spans() == [(*old, "rejected")]
