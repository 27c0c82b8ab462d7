"""What a reviewer sees when the desk suggests claims for the real Qasrak article (../shared/corpus).

The article is the user's material: it is read from the shared corpus at run time, and claims are
located through its gold annotations (by id), so none of its text is copied into the repository.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.suggest import Suggestion, detect_language, suggest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CLAIMDESK_SHARED_DIR") or ROOT.parent / "shared") / "corpus"
ARTICLE = CORPUS / "qasrak-evacuation.ar.txt"
GOLD = CORPUS / "qasrak-evacuation.ar.claims.json"
TERMINAL = tuple(".!?؟…:\"”»)")


@pytest.fixture(scope="module")
def text() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"corpus article not available at {ARTICLE} (the user's shared corpus is not mounted)")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc() -> dict:
    if not GOLD.exists():
        pytest.skip(f"corpus annotations not available at {GOLD}")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold(doc: dict) -> dict[str, dict]:
    return {c["id"]: c for c in doc["claims"]}


@pytest.fixture(scope="module")
def today(doc: dict) -> date:
    return date.fromisoformat(doc["article"]["published"])


@pytest.fixture(scope="module")
def suggestions(text: str, today: date) -> list[Suggestion]:
    return suggest(text, "ar", today=today)


def covering(suggestions: list[Suggestion], claim: dict) -> Suggestion:
    """The suggestion whose span contains a gold claim's anchor."""
    hits = [s for s in suggestions if s.start <= claim["start"] and claim["end"] <= s.end]
    assert hits, f"no suggestion covers gold claim {claim['id']!r}"
    return hits[0]


def test_language_is_detected_as_arabic(text: str) -> None:
    assert detect_language(text) == "ar"


def test_troop_count_is_a_quantity_of_1000_approx_attributed_to_reuters(suggestions, gold) -> None:
    s = covering(suggestions, gold["troop-count-1000"])
    troops = [v for v in [s.values, *s.values.get("items", [])] if v.get("unit_key") == "soldier"]
    assert troops and troops[0]["quantity"] == 1000 and troops[0]["approx"] is True
    assert "رويترز" in s.attributed_to and "مسؤولين" in s.attributed_to


def test_empty_trucks_are_more_than_20_trucks(suggestions, gold) -> None:
    s = covering(suggestions, gold["twenty-empty-trucks"])
    assert s.kind == "quantity"
    assert (s.values["quantity"], s.values["qualifier"], s.values["unit_key"]) == (20, "more_than", "truck")
    assert s.values["unit"] == "شاحنة"


def test_one_month_evacuation_is_a_prediction_with_a_recheck_date(suggestions, gold, today) -> None:
    s = covering(suggestions, gold["evacuation-one-month"])
    assert s.kind == "duration"
    assert s.values["duration_days"] == 30 and s.values["approx"] is True
    assert s.values["prediction"] is True
    assert today + timedelta(days=30) <= s.recheck_on <= today + timedelta(days=45)
    # the source named at the start of the sentence carries to this later clause
    first = covering(suggestions, gold["equipment-transfer-began"])
    assert s.attributed_to == first.attributed_to
    assert "قسد" in s.attributed_to


def test_same_sources_paragraph_refers_back_to_the_previous_attribution(suggestions, gold) -> None:
    earlier = covering(suggestions, gold["equipment-transfer-began"])
    s = covering(suggestions, gold["destination-kurdistan"])
    assert s.attributed_to == earlier.attributed_to
    assert "kurdistan" in s.values["places"]
    assert s.values.get("prediction") is True and s.recheck_on is not None


def test_two_months_upper_bound_and_2014_start(suggestions, gold) -> None:
    two = covering(suggestions, gold["withdrawal-two-months"])
    assert (two.values["duration_days"], two.values["qualifier"]) == (60, "up_to")
    since = covering(suggestions, gold["presence-since-2014"])
    assert since.kind == "time" and since.values["year"] == 2014


def test_ten_years_in_words(suggestions, gold) -> None:
    s = covering(suggestions, gold["ten-years"])
    assert (s.values["duration_days"], s.values["amount"]) == (3650, 10)


def test_superlative_and_places(suggestions, gold) -> None:
    s = covering(suggestions, gold["qasrak-among-largest"])
    assert s.kind == "comparison"
    assert {"qasrak", "syria"} <= set(s.values["places"])
    base = covering(suggestions, gold["kharab-al-jir-remains"])
    assert {"kharab-al-jir", "rmelan"} <= set(base.values["places"])


def test_no_comment_statement_is_suggested(suggestions, gold) -> None:
    s = covering(suggestions, gold["no-pentagon-comment"])
    assert "denial/no comment" in s.reason


def test_attribution_frames_themselves_are_not_suggested(text, suggestions, gold) -> None:
    # The Reuters sentence opens with who speaks; the claim is what follows "أن".
    claim = gold["reuters-full-withdrawal"]
    sentence_start = text.rindex("\n", 0, claim["start"]) + 1
    s = covering(suggestions, claim)
    assert s.start > sentence_start
    assert "رويترز" not in s.quote


def test_headings_credit_and_share_button_are_not_suggested(text, suggestions) -> None:
    offset = 0
    skipped = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (not stripped.endswith(TERMINAL) or ":" in stripped or len(stripped.split()) == 1):
            skipped += 1
            assert not any(s.start < offset + len(line) and offset < s.end for s in suggestions), stripped
        offset += len(line) + 1
    assert skipped >= 6  # five subheadings, the source credit and the share button


def test_every_gold_claim_is_covered_and_most_suggestions_hit_one(suggestions, doc) -> None:
    gold = doc["claims"]
    spans = [(s.start, s.end) for s in suggestions]
    covered = sum(1 for g in gold if any(s <= g["start"] and g["end"] <= e for s, e in spans))
    precise = sum(1 for s, e in spans if any(s <= g["start"] and g["end"] <= e for g in gold))
    assert covered / len(gold) >= 0.9
    assert precise / len(spans) >= 0.6


def test_suggestions_are_exact_sorted_and_disjoint(text, suggestions) -> None:
    last = 0
    for s in suggestions:
        assert text[s.start:s.end] == s.quote
        assert s.start >= last
        assert 0.0 <= s.score <= 1.0
        assert s.reason
        last = s.end
    assert json.dumps([s.to_dict() for s in suggestions], ensure_ascii=False)
