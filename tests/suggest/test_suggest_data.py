"""The annotated articles in tests/data are well formed, and the engine meets its targets on them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ANNOTATIONS = sorted(DATA.glob("*.claims.json"))
KINDS = {"quantity", "duration", "time", "place", "event", "attribution", "comparison", "other"}


def _bench():
    """bench/suggest_eval.py as a module."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import suggest_eval
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return suggest_eval


def test_there_are_at_least_three_articles_in_both_languages() -> None:
    langs = [json.loads(p.read_text(encoding="utf-8"))["article"]["language"] for p in ANNOTATIONS]
    assert len(ANNOTATIONS) >= 3
    assert {"ar", "en"} <= set(langs)


@pytest.mark.parametrize("ann", ANNOTATIONS, ids=lambda p: p.name)
def test_annotation_anchors_match_the_text(ann: Path) -> None:
    txt = ann.with_name(ann.name[: -len(".claims.json")] + ".txt")
    assert txt.exists(), f"{txt.name} missing beside {ann.name}"
    text = txt.read_text(encoding="utf-8")
    doc = json.loads(ann.read_text(encoding="utf-8"))
    assert doc["article"]["file"] == txt.name
    assert doc["article"]["language"] in ("ar", "en")
    claims = doc["claims"]
    assert 15 <= len(claims) <= 25
    assert 250 <= len(text.split()) <= 700
    ids = [c["id"] for c in claims]
    assert len(ids) == len(set(ids))
    for c in claims:
        assert set(c) == {"id", "anchor", "start", "end", "kind", "statement_en", "attributed_to"}
        assert text[c["start"]:c["end"]] == c["anchor"]
        assert c["kind"] in KINDS


def test_bench_meets_targets_on_all_annotated_articles() -> None:
    suggest_eval = _bench()
    results = [suggest_eval.evaluate(t, a, "tests/data") for t, a in suggest_eval.articles(DATA)]
    corpus = suggest_eval.CORPUS_DIR
    if corpus.is_dir():
        results += [suggest_eval.evaluate(t, a, "corpus") for t, a in suggest_eval.articles(corpus)]
    gold = sum(r.gold for r in results)
    assert sum(r.covered for r in results) / gold >= 0.9
    assert sum(r.precise for r in results) / sum(r.suggested for r in results) >= 0.6


GENRES = DATA / "genres"
GENRE_ANNOTATIONS = sorted(GENRES.glob("*.claims.json"))


def test_every_genre_has_two_texts_in_each_language() -> None:
    seen: dict[tuple[str, str], int] = {}
    for ann in GENRE_ANNOTATIONS:
        meta = json.loads(ann.read_text(encoding="utf-8"))["article"]
        seen[(meta["genre"], meta["language"])] = seen.get((meta["genre"], meta["language"]), 0) + 1
    for genre in ("wire", "council", "thread", "debate", "health"):
        for lang in ("ar", "en"):
            assert seen.get((genre, lang), 0) >= 2, (genre, lang)


@pytest.mark.parametrize("ann", GENRE_ANNOTATIONS, ids=lambda p: p.name)
def test_genre_annotations_match_their_text(ann: Path) -> None:
    txt = ann.with_name(ann.name[: -len(".claims.json")] + ".txt")
    text = txt.read_text(encoding="utf-8")
    doc = json.loads(ann.read_text(encoding="utf-8"))
    assert doc["article"]["file"] == txt.name
    assert txt.name.startswith(doc["article"]["genre"] + "-")
    assert 5 <= len(doc["claims"]) <= 20
    assert len({c["id"] for c in doc["claims"]}) == len(doc["claims"])
    for c in doc["claims"]:
        assert set(c) == {"id", "anchor", "start", "end", "kind", "statement_en", "attributed_to"}
        assert text[c["start"]:c["end"]] == c["anchor"]
        assert c["kind"] in KINDS


def test_bench_needs_one_suggestion_per_claim() -> None:
    suggest_eval = _bench()
    # A sentence (0-100) holding two claims (10-40 and 60-90): one whole-sentence suggestion covers one of them.
    assert suggest_eval.score([(10, 40), (60, 90)], [(0, 100)]) == (1, 1)
    assert suggest_eval.score([(10, 40), (60, 90)], [(8, 42), (55, 100)]) == (2, 2)
    # A suggestion grazing a claim by a few characters does not hit it.
    assert suggest_eval.score([(10, 40)], [(35, 80)]) == (0, 0)
