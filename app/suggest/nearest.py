"""The passage of a text nearest to a quote typed almost right (hamza, diacritics, spacing, a letter or two).

Both are folded the way search folds Arabic and English (one alef, no marks, lower case, ASCII digits) and
their spacing collapsed; an exact match of the folded quote wins. Otherwise candidate starts come from the
places where the quote's rarest 4-letter pieces occur, and each is scored with difflib over a window of the
quote's length: the cost stays bounded (at most MAX_CANDIDATES windows) whatever the article's length.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from .normalize import fold_with_map, map_span

GRAM = 4
MAX_CANDIDATES = 40
MIN_RATIO = 0.75
_SPACE = re.compile(r"\s+")


def _squeezed(view: str) -> tuple[str, list[int]]:
    """The view with each run of spacing made one space, and each character's index in the view."""
    out: list[str] = []
    where: list[int] = []
    for m in re.finditer(r"\s+|\S+", view):
        if m.group().isspace():
            out.append(" ")
            where.append(m.start())
        else:
            out.append(m.group())
            where.extend(range(m.start(), m.end()))
    return "".join(out), where


def _fold_quote(quote: str) -> str:
    view, _ = fold_with_map(quote)
    return _SPACE.sub(" ", view).strip()


def nearest_span(body: str, quote: str, min_ratio: float = MIN_RATIO) -> tuple[int, int] | None:
    """(start, end) in body of the passage nearest to quote, or None when nothing is near enough."""
    needle = _fold_quote(quote)
    if len(needle) < GRAM or len(needle) > 2000:
        return None
    view, index = fold_with_map(body)
    hay, where = _squeezed(view)
    if not hay:
        return None
    found = hay.find(needle)
    if found >= 0:
        best = (found, found + len(needle))
    else:
        best = _best_window(hay, needle, min_ratio)
        if best is None:
            return None
    start, end = where[best[0]], where[best[1] - 1] + 1
    start, end = map_span(index, start, end, len(body))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _best_window(hay: str, needle: str, min_ratio: float) -> tuple[int, int] | None:
    grams = [needle[i:i + GRAM] for i in range(len(needle) - GRAM + 1)]
    votes: Counter = Counter()
    for offset, gram in enumerate(grams):
        at = hay.find(gram)
        seen = 0
        while at >= 0 and seen < 50:  # a gram found everywhere says little; stop counting it early
            votes[at - offset] += 1
            at = hay.find(gram, at + 1)
            seen += 1
    best, best_ratio = None, min_ratio
    for start, _ in votes.most_common(MAX_CANDIDATES):
        a = max(0, start)
        for length in (len(needle) - 2, len(needle), len(needle) + 2):
            b = min(len(hay), a + max(GRAM, length))
            ratio = difflib.SequenceMatcher(None, hay[a:b], needle, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = (a, b), ratio
    return best
