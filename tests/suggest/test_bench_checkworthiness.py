"""bench/checkworthiness.py ranks a sentence by the best suggestion a reviewer would see in it."""

from __future__ import annotations

import sys
from pathlib import Path

from app.suggest.examples import Example

ROOT = Path(__file__).resolve().parents[2]


def test_a_row_scores_its_best_suggestion_and_zero_without_one() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import checkworthiness as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows = [Example("About 1,000 US troops remain in Syria, officials said on Monday.", "en", 1),
            Example("Good evening and welcome, everyone.", "en", 0)]
    asked: list[str] = []

    def proba(texts, languages):
        asked.extend(texts)
        return [0.9 if "troops" in t else 0.05 for t in texts]

    scores = bench.suggestion_scores(rows, "en", proba, {})
    assert scores[0] > 0.5
    assert scores[1] == 0.0
    assert asked  # the learned score is the one passed in
