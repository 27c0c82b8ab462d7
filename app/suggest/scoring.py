"""Scoring that combines the rules' spans and values with the learned check-worthiness of sentences.

The engine finds spans and reads their values (numbers, dates, places, attributions); the learned
model says how worth checking each sentence is.  A span is suggested when the blend of both is high
enough; a sentence the model finds clearly worth checking is suggested whole when the rules found
nothing in it ("The Pentagon declined to comment", «وزارة التعليم توجه المدارس ...»).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date

from . import engine

# Learned scores for sentences (None where a sentence has no score yet: the rules decide alone).
Scorer = Callable[[Sequence[str], Sequence[str]], Sequence[float | None]]

RULE_WEIGHT = 0.5  # share of the rules' score in the blend; the rest is the learned score
THRESHOLD = engine.THRESHOLD
CANDIDATE = 0.2  # a span the rules score below this is not a candidate, however the sentence scores
PROMOTE = 0.7  # a sentence without a suggestion gets its best weaker span from this learned score up
ALONE = 0.7  # a sentence with no candidate span is suggested whole from this learned score up
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


def combine(text: str, rows: list[dict], spans: list[tuple[int, int]], learned: Sequence[float | None]) -> list[dict]:
    """Keep the spans worth suggesting, with blended scores and reasons; add what the rules missed.

    1. A span the rules suggest stays when the blend of its rule score and its sentence's learned
       score stays above the threshold (a sentence the model finds not worth checking demotes it).
    2. In a sentence left without a suggestion, the best span the rules scored lower is suggested
       when the sentence's learned score reaches ``PROMOTE``; failing that, the whole sentence from
       ``ALONE`` (a claim with no figure, date or place for the rules to see).
    """
    starts = [s for s, _ in spans]

    def sentence_of(row: dict) -> int:
        k = bisect_right(starts, row["start"]) - 1
        return k if 0 <= k < len(spans) and spans[k][1] > row["start"] else -1

    out: list[dict] = []
    claimed: set[int] = set()
    weaker: dict[int, dict] = {}
    for row in rows:
        k = sentence_of(row)
        p = learned[k] if k >= 0 else None
        if row["score"] < THRESHOLD:
            if p is not None and (k not in weaker or row["score"] > weaker[k]["score"]):
                weaker[k] = row
            continue
        if p is None:
            out.append(row)
            claimed.add(k)
            continue
        blended = RULE_WEIGHT * row["score"] + (1 - RULE_WEIGHT) * p
        if blended >= THRESHOLD:
            out.append({**row, "score": round(blended, 3), "reason": reason_with(row["reason"], p)})
            claimed.add(k)
    for k, ((s, e), p) in enumerate(zip(spans, learned, strict=True)):
        if p is None or k in claimed or any(r["start"] < e and r["end"] > s for r in out):
            continue
        row = weaker.get(k)
        if row is not None and p >= PROMOTE:
            blended = RULE_WEIGHT * row["score"] + (1 - RULE_WEIGHT) * p
            out.append({**row, "score": round(blended, 3), "reason": reason_with(row["reason"], p)})
        elif p >= ALONE and e - s <= MAX_SENTENCE_CHARS:
            out.append({"start": s, "end": e, "quote": text[s:e], "kind": "other", "score": round(p, 3),
                        "attributed_to": None, "values": {}, "recheck_on": None,
                        "reason": f"statement the rules found no value in; check-worthiness {p:.2f} ({_band(p)})"})
    out.sort(key=lambda r: r["start"])
    return out


def run(text: str, today: date, scorer: Scorer | None, language: str | None = None) -> list[dict]:
    """The suggestions of a text: rules alone without a scorer, rules and learned score with one."""
    if scorer is None:
        return engine.run(text, today)
    rows, spans = engine.analyse(text, today, CANDIDATE)
    if not spans:
        return [r for r in rows if r["score"] >= THRESHOLD]
    sentences = [text[s:e] for s, e in spans]
    languages = [sentence_language(t, language or "en") for t in sentences]
    learned = list(scorer(sentences, languages))
    return combine(text, rows, spans, learned)
