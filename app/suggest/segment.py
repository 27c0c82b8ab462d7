"""Segmentation of the matching view into lines, sentences and clause fragments.

All positions are indices into the view (see normalize.fold_with_map), so the
engine can map any span back to the original text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import regex

from .tokens import Tokens

# Sentence-final punctuation followed by closing quotes/brackets.
_SENT_END_RE = regex.compile(r"[.!?؟…]+[\"”»')\]]*(?=\s|$)")
_ABBREV = frozenset(
    """mr mrs ms dr prof st jan feb mar apr jun jul aug sep sept oct nov dec no vs inc ltd co corp gov sen
    rep gen col lt sgt capt jr sr etc approx est dept univ mt ft fig al ave blvd maj cmdr adm gov pres""".split()
)
_ABBREV_RE = regex.compile(r"(?:^|[^\p{L}])(\p{L}{1,5})\.$")
_INNER_DOTS_RE = regex.compile(r"(?:\p{L}\.){2,}$")
_TERMINAL = frozenset('.!?؟…:"”»)\'')
_BOILER_RE = regex.compile(
    r"^(?:المصدر|مصدر|source|sources|photo|photograph|pictured|الصوره|صوره|credit|image|اقرا ايضا|اقرا المزيد"
    r"|read more|related|تابعونا|follow us|tags|الوسوم|copyright)\s*[:：]"
    r"|^(?:شاركها|شارك|شارك الخبر|شارك المقال|share this(?: article| story| post)?|share|tweet|print|طباعه"
    r"|اقرا ايضا|read more|advertisement|اعلان)\W*$"
)
_BYLINE_RE = regex.compile(r"^(?:by|بقلم|كتب|كتبت|اعداد|تحرير|reporting by|edited by)\s")
_BULLET_RE = regex.compile(r"^(?:[-•*▪‣–—]|\d{1,2}[.)])\s")
# "EASTBROOK — ", "MARSA KELT, Jan. 14 — ", "البصرة – "
_DATELINE_RE = regex.compile(r"[^\n!?؟:]{1,45}?\s[—–-]{1,2}\s")
_FRAG_SEP_RE = regex.compile(r"[،؛;]")
_EN_SPLIT_WORDS = frozenset("and but while whereas although though according after before because once when until "
                            "unless since".split())


@dataclass
class Sentence:
    """A sentence: view span and whether it starts a paragraph."""

    start: int
    end: int
    para_start: bool
    question: bool
    english: bool


@dataclass
class Fragment:
    """A clause-sized piece of a sentence: view span and token range [t0, t1)."""

    start: int
    end: int
    t0: int
    t1: int
    sent: int


def _is_heading(line: str) -> bool:
    """Short line without final punctuation (titles, subheads, unclosed “قسرك)."""
    if _BULLET_RE.match(line):
        return False
    words = line.split()
    return line[-1] not in _TERMINAL and len(words) <= 14


def _is_body(line: str) -> bool:
    """A line of running text: a sentence that ends as one, or too long for a title."""
    s = line.strip()
    if not s or _BOILER_RE.match(s) or _BYLINE_RE.match(s):
        return False
    words = len(s.split())
    return words > 14 or (words >= 4 and s[-1] in _TERMINAL)


def classify_line(line: str, body_follows: bool = True) -> str:
    """'skip' for headings, bylines, credits and share buttons; 'text' otherwise.

    A short line without final punctuation is a heading only when running text follows it
    (``body_follows``): a tweet, a thread or a transcript of short lines has no headings.
    """
    s = line.strip()
    if not s:
        return "skip"
    if _BOILER_RE.match(s) or _BYLINE_RE.match(s):
        return "skip"
    if len(s.split()) <= 2 and not any(c.isdigit() for c in s):
        return "skip"  # "شاركها.", "Share"
    if body_follows and _is_heading(s):
        return "skip"
    return "text"


def _lines(view: str) -> list[tuple[int, int, bool]]:
    """(start, end, headings possible) for every line of the view.

    Headings exist only where there is running text for them to head: a one-line text (a tweet) or
    a thread or transcript of short unpunctuated lines has none.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(view)
    while pos <= n:
        nl = view.find("\n", pos)
        if nl < 0:
            nl = n
        out.append((pos, nl))
        pos = nl + 1
    filled = [view[a:b] for a, b in out if view[a:b].strip()]
    article = len(filled) >= 2 and any(_is_body(line) for line in filled)
    return [(a, b, article) for a, b in out]


def _is_abbrev(view: str, dot: int) -> bool:
    """True when the '.' at view[dot] ends an abbreviation (Mr., Jan., U.S.)."""
    before = view[max(0, dot - 8):dot + 1]
    if _INNER_DOTS_RE.search(before):
        return True
    m = _ABBREV_RE.search(before)
    if not m:
        return False
    word = m.group(1)
    return word in _ABBREV or (len(word) == 1 and word.isascii())


_ARABIC_RE = regex.compile(r"\p{Arabic}")


def _is_dateline(prefix_view: str, prefix_orig: str) -> bool:
    """'البصرة – ' (a few Arabic words) or 'MARSA KELT, Jan. 14 — ' (English place in capitals)."""
    words = prefix_view.split()
    if not words or len(words) > 7:
        return False
    if _ARABIC_RE.search(prefix_view):
        return len(words) <= 4
    head = regex.sub(r"\([^()]*\)", "", prefix_orig.split(",")[0])  # "ANKARA (Reuters) -"
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def sentences(view: str, toks: Tokens, original: str | None = None, index: list[int] | None = None) -> list[Sentence]:
    """Split the view into sentences, skipping headings and boilerplate lines."""
    out: list[Sentence] = []
    for pos, nl, body_follows in _lines(view):
        line = view[pos:nl]
        if classify_line(line, body_follows) == "text":
            lstart = pos + (len(line) - len(line.lstrip()))
            m = _DATELINE_RE.match(view, lstart, nl)
            if m:
                a, b = (lstart, m.end()) if index is None else (index[lstart], index[m.end() - 1] + 1)
                if _is_dateline(m.group(0), (original or view)[a:b]):
                    lstart = m.end()
            s = lstart
            first = True
            for em in _SENT_END_RE.finditer(view, lstart, nl):
                punct = em.group(0)
                if punct.startswith(".") and len(punct.rstrip("\"”»')]")) == 1 and _is_abbrev(view, em.start()):
                    continue
                e = em.end()
                if view[s:e].strip():
                    out.append(_sentence(view, toks, s, e, first))
                    first = False
                s = e
            if view[s:nl].strip():
                out.append(_sentence(view, toks, s, nl, first))
    return out


def _sentence(view: str, toks: Tokens, s: int, e: int, first: bool) -> Sentence:
    while s < e and view[s].isspace():
        s += 1
    t0 = bisect_left(toks.starts, s)
    t1 = bisect_left(toks.starts, e)
    ar = sum(1 for k in range(t0, min(t1, t0 + 40)) if toks.infos[k].arabic)
    latin = sum(1 for k in range(t0, min(t1, t0 + 40)) if not toks.infos[k].arabic and not toks.infos[k].digit)
    q = view[s:e].rstrip("\"”»')] ").endswith(("?", "؟"))
    return Sentence(s, e, first, q, latin > ar)


def fragments(view: str, toks: Tokens, sent: Sentence, sent_idx: int) -> list[Fragment]:
    """Split a sentence at clause breaks (، ؛ ;) and, in English, at clause-level commas."""
    cuts = [sent.start]
    for m in _FRAG_SEP_RE.finditer(view, sent.start, sent.end):
        cuts.append(m.end())
    if sent.english:
        t_end = bisect_left(toks.starts, sent.end)
        for m in regex.finditer(r",[\"”']?\s", view[sent.start:sent.end]):
            p = sent.start + m.end()
            k = bisect_left(toks.starts, p)
            if k >= t_end:
                continue
            w = toks.forms[k]
            if w in _EN_SPLIT_WORDS or _trailing_attribution(toks, k, t_end):
                cuts.append(sent.start + m.start() + 1)
    cuts = sorted(set(cuts))
    cuts.append(sent.end)
    out: list[Fragment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        t0 = bisect_left(toks.starts, a)
        t1 = bisect_left(toks.starts, b)
        if t1 > t0:
            out.append(Fragment(a, b, t0, t1, sent_idx))
    return out


def _trailing_attribution(toks: Tokens, k: int, t_end: int) -> bool:
    """', the authority said in a statement.' / ', said Tom Ellery, ...' at the end of a sentence."""
    rest = t_end - k
    if rest > 16:
        return False
    for j in range(k, min(k + 5, t_end)):  # ", the harbour authority said"
        if "attr_verb" in toks.infos[j].tags:
            if "that" in toks.forms[j + 1:min(j + 5, t_end)]:
                return False  # ", the director, told reporters that ...": the speaker's appositive, not a tail
            return toks.forms[j] in ("said", "told", "added", "says", "wrote", "reported", "stated", "noted",
                                     "announced", "estimated", "warned", "argued", "insisted", "explained")
    return False
