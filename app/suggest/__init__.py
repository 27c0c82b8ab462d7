"""Claim suggestions for Arabic and English news text (pure Python, no web or database code).

Public API: :class:`Suggestion`, :func:`suggest`, :func:`detect_language`, and the
similar-claims helpers :func:`fold`, :func:`claim_keys`, :func:`similarity`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import regex

from . import scoring
from .normalize import fold

KINDS = ("quantity", "duration", "time", "place", "event", "attribution", "comparison", "other")

_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Suggestion:
    """A suggested claim: an exact span of the text with its kind, score and values."""

    start: int
    end: int
    quote: str
    kind: str
    score: float
    attributed_to: str | None
    values: dict = field(hash=False)
    reason: str
    recheck_on: date | None = None
    pending: bool = False  # its sentence has no learned score yet: "being scored", not ranked


    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings)."""
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "kind": self.kind,
            "score": self.score,
            "attributed_to": self.attributed_to,
            "values": self.values,
            "reason": self.reason,
            "recheck_on": self.recheck_on.isoformat() if self.recheck_on else None,
            "pending": self.pending,
        }


def detect_language(text: str) -> str:
    """'ar' if Arabic letters are the majority of the letters, else 'en'."""
    letters = _LETTER.findall(text[:20000])
    if not letters:
        return "en"
    arabic = sum(1 for ch in letters if _ARABIC_LETTER.match(ch))
    return "ar" if arabic * 2 > len(letters) else "en"


def suggest(text: str, language: str | None = None, *, today: date | None = None,
            scorer: scoring.Scorer | None = None) -> list[Suggestion]:
    """Suggest check-worthy claims in an article: sorted, non-overlapping spans of ``text``.

    Without ``scorer`` the rules alone decide; with one (learned check-worthiness per sentence,
    see :mod:`app.suggest.scoring`) the rules find spans and values and the blend decides.
    """
    if not text:
        return []
    # The engine reads each sentence in its own script, so ``language`` is only a hint;
    # mixed Arabic/English articles are handled sentence by sentence.
    rows = scoring.run(text, today or date.today(), scorer, language)
    return [Suggestion(**row) for row in rows]


from .similar import claim_keys, similarity  # noqa: E402  (similar imports engine internals)

__all__ = ["KINDS", "Suggestion", "claim_keys", "detect_language", "fold", "similarity", "suggest"]
