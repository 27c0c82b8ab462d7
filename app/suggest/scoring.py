"""Scoring that combines the rules' spans and values with the learned check-worthiness of sentences.

The engine finds spans and reads their values (numbers, dates, places, attributions); the learned
model says how worth checking each sentence is, and decides: a sentence is suggested when its learned
score reaches the threshold of its language (one comparison, of the score as shown), through the
rules' spans in it or, when they found nothing, whole ("The Pentagon declined to comment",
«وزارة التعليم توجه المدارس ...»).  A suggestion's score is its sentence's learned score.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date

from . import engine, threshold

# Learned scores for sentences (None where a sentence has no score yet: its spans are shown "being scored").
Scorer = Callable[[Sequence[str], Sequence[str]], Sequence[float | None]]

THRESHOLD = engine.THRESHOLD  # the rules' own bar: which candidate spans of a sentence are shown
CANDIDATE = 0.2  # a span the rules score below this is not a candidate, however the sentence scores
# In a sentence worth checking, each clause scoring this by the rules is suggested: in English a clause with
# a value or an event verb of its own; in Arabic, where event words are many more, one with a value.
CLAUSE = {"en": 0.25, "ar": 0.35}
MAX_SENTENCE_CHARS = 600


def _band(p: float) -> str:
    return "high" if p >= 0.75 else "medium" if p >= 0.5 else "low"


def reason_with(reason: str, p: float) -> str:
    """The rules' reason followed by the learned score, in one line."""
    return f"{reason}; check-worthiness {p:.2f} ({_band(p)})"


def sentence_language(text: str, default: str) -> str:
    """'ar' or 'en' for one sentence (mixed articles are scored sentence by sentence)."""
    from . import detect_language

    return detect_language(text) if text else default


def combine(text: str, rows: list[dict], spans: list[tuple[int, int]], learned: Sequence[float | None],
            languages: Sequence[str] | None = None, blocked: set[int] | frozenset[int] = frozenset()) -> list[dict]:
    """The suggestions of a text from the rules' candidate spans and the learned score of their sentences.

    A sentence the model has scored is suggested when its learned score reaches the threshold of its
    language (:mod:`app.suggest.threshold`, one comparison of the score as shown): its spans the rules
    suggest, else its best candidate span, else the sentence whole (a claim with no figure, date or place
    for the rules to see: a denial, a vote, a test result), unless it is a question, a moderator's line,
    a promise or rhetoric (``blocked``).  Every suggestion of a sentence carries its learned score, so the
    list ranks sentences as the model does.  A sentence not scored yet keeps the spans the rules suggest,
    marked ``pending`` ("being scored"): they are not ranked until the learned score arrives.
    """
    languages = languages or ["en"] * len(spans)
    starts = [s for s, _ in spans]
    by_sentence: dict[int, list[dict]] = {}
    out: list[dict] = []
    for row in rows:
        k = bisect_right(starts, row["start"]) - 1
        if 0 <= k < len(spans) and spans[k][1] > row["start"]:
            by_sentence.setdefault(k, []).append(row)
        elif row["score"] >= THRESHOLD:  # outside every sentence the engine read (not expected): rules decide
            out.append(row)
    for k, ((s, e), p) in enumerate(zip(spans, learned, strict=True)):
        cands = by_sentence.get(k, [])
        if p is None:
            out.extend({**r, "pending": True, "reason": f"{r['reason']}; being scored"}
                       for r in cands if r["score"] >= THRESHOLD)
            continue
        score = threshold.shown(p)
        if not threshold.passes(score, languages[k]):
            continue
        bar = CLAUSE.get(languages[k], max(CLAUSE.values()))
        picked = [r for r in cands if r["score"] >= bar] or sorted(cands, key=lambda r: -r["score"])[:1]
        if picked:
            out.extend({**r, "score": score, "reason": reason_with(r["reason"], score)} for r in picked)
        elif k not in blocked and e - s <= MAX_SENTENCE_CHARS:
            out.append({"start": s, "end": e, "quote": text[s:e], "kind": "other", "score": score,
                        "attributed_to": None, "values": {}, "recheck_on": None,
                        "reason": f"statement the rules found no value in; check-worthiness {score:.2f} "
                                  f"({_band(score)})"})
    out.sort(key=lambda r: r["start"])
    return out


def run(text: str, today: date, scorer: Scorer | None, language: str | None = None) -> list[dict]:
    """The suggestions of a text: rules alone without a scorer, rules and learned score with one."""
    if scorer is None:
        return engine.run(text, today)
    rows, spans, blocked = engine.analyse_acts(text, today, CANDIDATE)
    if not spans:
        return [r for r in rows if r["score"] >= THRESHOLD]
    sentences = [text[s:e] for s, e in spans]
    languages = [sentence_language(t, language or "en") for t in sentences]
    learned = list(scorer(sentences, languages))
    return combine(text, rows, spans, learned, languages, blocked)
