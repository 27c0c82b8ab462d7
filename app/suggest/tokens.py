"""Tokenisation of the matching view and per-token lexical analysis.

Arabic words carry clitics (و/ف conjunctions, ب/ل/ك prepositions, the article
ال and pronoun suffixes); :func:`analyse` strips them crudely to find the
stems the lexicons know.  Analyses are cached per distinct token because news
text repeats its function words constantly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import lexicon as lx

# Abbreviations with inner dots ("u.s."), numbers with separators, words
# (with an English possessive/contraction), and unit symbols.
TOKEN_RE = regex.compile(
    r"(?:\p{Latin}\.){2,}|\d+(?:[.,]\d+)*|[\p{L}\p{M}]+(?:'\p{L}+)?|[%$£€]"
)
_ARABIC_RE = regex.compile(r"\p{Arabic}")
QUOTE_CHARS = frozenset("\"“”«»„‟")

# Nouns that look like a future verb (س + present prefix) but are not.
_FUTURE_EXCLUDE = frozenset(
    lx.fold(w) for w in """
سيطرة سياسة سياسي سياسية سياسات سيارة سيارات سياق سيناريو سنوات سنويا سنوية سنين ستين ستون ستة
ستار سيول سيدة سيادة سيادي سيناء سيرة ستراتيجي ستراتيجية سنترال سيمالكا سنجار سينما سيستم سنتات
سنتا سيئة سيف سياج سياحة سياحي سيبيريا ستوكهولم سيدني سيمنز سنتيمتر سيجارة سيناتور سيولة
""".split()
)


# Two-letter particles that take the conjunction: ولم، وقد، فقد، ولن، ولا.
_SHORT_PARTICLES = frozenset(lx.fold(w) for w in "لم لن قد لا ما إن أن".split())


@dataclass(frozen=True)
class TokInfo:
    """Lexical analysis of one folded token."""

    arabic: bool
    digit: bool
    tags: frozenset[str]
    stems: tuple[str, ...]  # candidate stems, most literal first
    conj: bool  # starts with the conjunction و/ف (Arabic) or is "and"
    definite: bool  # carries the article ال
    future: bool  # Arabic future verb (سـ + present) or "سوف"
    numeric: bool = False  # a number word (ألف، عشرين، "twenty", "a" before a scale)
    timey: bool = False  # a month, weekday, time unit or decade word


def _ar_variants(tok: str) -> list[tuple[str, bool, bool, bool]]:
    """Candidate (stem, conj, prep, definite) readings of an Arabic token."""
    out: list[tuple[str, bool, bool, bool]] = []
    conj_opts = [(False, tok)]
    if (len(tok) > 3 or tok[1:] in _SHORT_PARTICLES) and tok[0] in "وف":
        conj_opts.append((True, tok[1:]))
    for conj, t1 in conj_opts:
        prep_opts = [(False, t1)]
        if len(t1) > 3 and t1[0] in "بلك":
            rest = t1[1:]
            if t1[0] == "ل" and rest.startswith("ل"):
                rest = "ا" + rest  # لل = ل + ال
            prep_opts.append((True, rest))
        for prep, t2 in prep_opts:
            out.append((t2, conj, prep, False))
            if t2.startswith("ال") and len(t2) > 4:
                out.append((t2[2:], conj, prep, True))
    return out


_NUMBER_WORDS = frozenset(
    [*lx.AR_UNITS, *lx.AR_TENS, *lx.AR_HUNDREDS, *lx.AR_SCALES, *lx.AR_FRACTIONS, *lx.AR_VAGUE, *lx.AR_TIMES,
     *lx.AR_TEEN_ONE, *lx.EN_UNITS, *lx.EN_TENS, *lx.EN_SCALES, *lx.EN_VAGUE, *lx.EN_TIMES, "a", "an"]
) - {"m", "k", "b", "mn", "bn"}
_TIME_WORDS = frozenset(
    [*lx.TIME_UNITS, *(k.split()[0] for k in lx.MONTHS), *lx.WEEKDAYS,
     *(lx.fold(w) for w in "عشرينيات ثلاثينيات أربعينيات خمسينيات ستينيات سبعينيات ثمانينيات تسعينيات".split())]
)


@lru_cache(maxsize=65536)
def analyse(tok: str) -> TokInfo:
    """Analyse one folded token (cached)."""
    info = _analyse(tok)
    stems = info.stems
    # A number word, or a dual noun that carries its count ("شخصان", "مدرستين").
    numeric = any(s in _NUMBER_WORDS for s in stems) or (info.arabic and lx.dual_noun(tok) is not None)
    timey = any(s in _TIME_WORDS for s in stems) or (tok.endswith("s") and tok[:-1] in lx.TIME_UNITS)
    if numeric or timey:
        return TokInfo(info.arabic, info.digit, info.tags, stems, info.conj, info.definite, info.future,
                       numeric, timey)
    return info


def _analyse(tok: str) -> TokInfo:
    if tok[0].isdigit():
        return TokInfo(False, True, frozenset(), (tok,), False, False, False)
    if _ARABIC_RE.match(tok):
        tags: set[str] = set()
        stems: list[str] = []
        conj = definite = future = False
        for stem, c, prep, art in _ar_variants(tok):
            definite = definite or art
            cands = [stem]
            if len(stem) > 4:
                cands += [stem[: -len(s)] for s in lx.AR_SUFFIXES if stem.endswith(s) and len(stem) - len(s) >= 3]
            for cand in cands:
                if cand not in stems:
                    stems.append(cand)
                hit_n = lx.LEX_N.get(cand)
                if hit_n:
                    tags |= hit_n
                    conj = conj or c
                if not prep and not art:
                    hit_v = lx.LEX_V.get(cand)
                    if hit_v:
                        tags |= hit_v
                        conj = conj or c
            if (
                not prep and not art and len(stem) >= 4 and stem[0] == "س" and stem[1] in "يتن"
                and stem not in _FUTURE_EXCLUDE and stem not in lx.LEX_N
            ):
                future = True
        if tok in ("سوف", "وسوف"):
            future = True
        if tok[0] in "وف" and len(tok) > 3:
            conj = conj or not (tok in lx.LEX_N or tok in lx.LEX_V)
        return TokInfo(True, False, frozenset(tags), tuple(stems), conj, definite, future)
    # Latin and other scripts: English lexicon, possessive and plural stripped.
    stems_en = [tok]
    if tok.endswith("'s"):
        stems_en.append(tok[:-2])
    tags_en: set[str] = set()
    for s in stems_en:
        tags_en |= lx.LEX_EN.get(s, set())
    if tok.endswith("n't"):
        tags_en.add("neg")
    return TokInfo(False, False, frozenset(tags_en), tuple(stems_en), tok == "and", tok == "the", False)


class Tokens:
    """Tokens of a view: parallel lists of start, end and folded form."""

    __slots__ = ("view", "starts", "ends", "forms", "infos", "gaps")

    def __init__(self, view: str) -> None:
        self.view = view
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.forms: list[str] = []
        for m in TOKEN_RE.finditer(view):
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.forms.append(m.group())
        self.infos = [analyse(f) for f in self.forms]
        ends = [0, *self.ends[:-1]] if self.ends else []
        self.gaps = [view[e:s] for e, s in zip(ends, self.starts, strict=True)]

    def __len__(self) -> int:
        return len(self.forms)

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i."""
        return self.gaps[i]

    def adjacent(self, i: int, allow: str = "") -> bool:
        """True when token i follows token i-1 with only spaces (or chars in allow) between."""
        if i <= 0 or i >= len(self.forms):
            return False
        g = self.gaps[i]
        if g == " " or not g:
            return True
        return all(c == " " or c in allow for c in g) and "\n" not in g

    def quoted_before(self, i: int) -> bool:
        """True when a quotation mark sits right before token i."""
        return any(c in QUOTE_CHARS for c in self.gap(i)[-2:])

    def quoted_name(self, i: int) -> bool:
        """Token i opens a short quoted name (“قسرك”, “رويترز”), not a quoted sentence."""
        if not self.quoted_before(i):
            return False
        for k in range(i + 1, min(i + 4, len(self.forms)) + 1):
            if k == len(self.forms):
                return any(c in QUOTE_CHARS for c in self.view[self.ends[k - 1]:self.ends[k - 1] + 2])
            if any(c in QUOTE_CHARS for c in self.gap(k)):
                return True
        return False
