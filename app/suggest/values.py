"""Numbers, quantities, durations and dates read from a token stream.

Every matcher takes the :class:`Tokens` of the matching view and a start
index and returns a :class:`Match` (token range, kind and normalised value)
or ``None``.  They only ever look a bounded number of tokens ahead or back,
so the whole pass is linear in the length of the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import lexicon as lx
from .tokens import Tokens

_MAX_NUM_TOKENS = 8
_DIGIT_SCALE_SUFFIX = {"m": 10**6, "mn": 10**6, "bn": 10**9, "k": 1000, "b": 10**9}
_CURRENCY_SYMBOL = {"$": "usd", "£": "gbp", "€": "eur"}
_YEAR_PREPS = frozenset(lx.fold(w) for w in "عام سنة العام منذ في قبل بعد حتى in since by until of from before after "
                        "during around circa early late mid end".split())
_DAY_MONTH_LINK = frozenset(lx.fold(w) for w in "من of the".split())
_MONTH_REL = {lx.fold("الجاري"): "current", lx.fold("الحالي"): "current", lx.fold("الماضي"): "past",
              lx.fold("المنصرم"): "past", lx.fold("الفائت"): "past", lx.fold("المقبل"): "future",
              lx.fold("القادم"): "future"}
_DECADES_AR = {lx.fold(w): d for w, d in [
    ("عشرينيات", 1920), ("ثلاثينيات", 1930), ("أربعينيات", 1940), ("خمسينيات", 1950), ("ستينيات", 1960),
    ("سبعينيات", 1970), ("ثمانينيات", 1980), ("تسعينيات", 1990)]}
_DUR_PREPS = frozenset(lx.fold(w) for w in (
    "لمدة مدة طيلة طوال مدى خلال غضون قبل بعد منذ لفترة فترة نحو قرابة حوالي زهاء "
    "for within about around nearly almost over under than take takes took lasts lasted taking").split())
_EN_ARTICLES = frozenset({"a", "an", "one"})
_ID_BEFORE = frozenset(lx.word(w) for w in "رقم no number route flight platform".split())


@dataclass
class Match:
    """A value found in the token stream: token range [i0, i1), kind and value."""

    i0: int
    i1: int
    kind: str  # qty qty_bare qty_vague fraction times money percent dur rel date year decade month weekday
    value: dict = field(default_factory=dict)


def _digit_value(form: str, dot_decimal: bool = False) -> float | None:
    """Value of a digit token with its separators read by locale: "1,000", "1.000" and "3.000.000" group
    thousands (as Arabic and European copy writes them), "3.5" and "3,5" are decimals. A single dot before
    three digits is read as a decimal only when ``dot_decimal`` ("1.250 million", "2.125%")."""
    if "," in form and "." in form:
        return _mixed_separators(form)
    sep = "," if "," in form else "." if "." in form else ""
    if not sep:
        return _finite(float(form))
    parts = form.split(sep)
    grouped = parts[0] != "0" and all(len(p) == 3 for p in parts[1:])
    if sep == "." and len(parts[0]) > 3:
        grouped = False
    if grouped and (sep == "," or len(parts) > 2 or not dot_decimal):
        return _finite(float("".join(parts)))
    if len(parts) == 2:
        return _finite(float(f"{parts[0]}.{parts[1]}"))
    return None


def _finite(v: float) -> float | None:
    """A 400-digit run is no figure (and infinity has no value to show)."""
    return v if math.isfinite(v) else None


def _mixed_separators(form: str) -> float | None:
    """"1,000.5" and "1.000,5": the last separator is the decimal one, the other groups thousands."""
    dec = "," if form.rfind(",") > form.rfind(".") else "."
    whole, _, frac = form.rpartition(dec)
    groups = whole.split("." if dec == "," else ",")
    if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]) or not frac.isdigit():
        return None
    return _finite(float("".join(groups) + "." + frac))


def clean_number(v: float) -> int | float:
    """Return an int when the value is integral (JSON and keys read better)."""
    if abs(v - round(v)) < 1e-9:
        return int(round(v))
    return round(v, 4)


def _stems(toks: Tokens, i: int) -> tuple[str, ...]:
    return toks.infos[i].stems


def _ar_lookup(toks: Tokens, i: int, table: dict) -> object | None:
    """Look a number word up with at most the clitics و/ب/ل in front ("وعشرين", "بأربع", "لثلاثة").

    Other readings are not tried: "كميات" (quantities) is not ك + "ميات" (the folded "مئات").
    """
    f = toks.forms[i]
    v = table.get(f)
    if v is not None:
        return v
    if len(f) > 3 and f[0] in "وبل":
        v = table.get(f[1:])
        if v is None and len(f) > 4 and f[0] == "و" and f[1] in "بل":
            v = table.get(f[2:])
    return v


Parsed = tuple[int, float, str]  # (end index, value, kind)
Step = tuple[int, bool] | None  # a reader took tokens up to this index (and the number goes on), or None
_SPACE_GROUP = frozenset({" ", "\u00a0", "\u202f", "\u2009"})  # "1 000": a space groups thousands
_DOT_DECIMAL_NEXT = frozenset({"%", "percent", lx.word("بالمئة"), lx.word("بالمائة")})


@dataclass
class _Count:
    """A number being read token by token: the finished thousands and the group being read."""

    total: float = 0.0
    current: float | None = None
    last_scale: float = 1.0
    seen: bool = False
    vague: bool = False  # "آلاف" alone: thousands

    def add(self, v: float) -> None:
        self.current = (self.current or 0) + v
        self.seen = True

    def scale_by(self, scale: float) -> None:
        """"عشرون ألفا", "five million": the group read so far (one if none) times the scale."""
        self.total += (self.current if self.current is not None else 1) * scale
        self.current = None
        self.last_scale = scale
        self.seen = True


def parse_number(toks: Tokens, i: int) -> Parsed | None:
    """Parse a number expression starting at token i: (end index, value, kind).

    The steps: a word that is no count ("الثلاثة"); a word that is a whole expression (a dual noun,
    "عشرات", "twice", "a third"); a bare article; then digits and number words read one token at a time."""
    if _not_a_count(toks, i):
        return None
    info = toks.infos[i]
    if not info.digit:
        whole = _ar_whole_word(toks, i) if info.arabic else _en_whole_word(toks, i)
        if whole is not None:
            return whole
        if not info.arabic and _bare_article(toks, i):
            return None
    return _read_count(toks, i)


def _not_a_count(toks: Tokens, i: int) -> bool:
    """"الواحد", "الثلاثة": ordinal or adjectival, not a count ("الثلث" is a fraction, and the scale words
    spelled with ألف only look definite once folded: "ألفين")."""
    f = toks.forms[i]
    return toks.infos[i].arabic and toks.infos[i].definite and f not in lx.AR_VAGUE and f not in lx.AR_FRACTIONS \
        and f not in lx.AR_SCALES


def _ar_whole_word(toks: Tokens, i: int) -> Parsed | None:
    """An Arabic word that is a whole expression: a dual noun, "عشرات (الآلاف)", "مرتين", "ثلث"."""
    dual = lx.dual_noun(toks.forms[i])
    if dual is not None:
        return i + 1, 2.0, "dual:" + dual
    v = _ar_lookup(toks, i, lx.AR_VAGUE)
    if v is not None:
        j = i + 1
        nxt = toks.forms[j] if j < len(toks.forms) and toks.adjacent(j) else ""
        sc = lx.AR_SCALES.get(nxt[2:] if nxt.startswith("ال") else nxt)
        if sc:
            return j + 1, float(v) * sc[0], "qty_vague"  # عشرات الآلاف
        return j, float(v), "qty_vague"
    v = _ar_lookup(toks, i, lx.AR_TIMES)
    if v is not None:
        return i + 1, float(v), "times"
    v = _ar_lookup(toks, i, lx.AR_FRACTIONS)
    if v is not None:
        return i + 1, float(v), "fraction"
    return None


def _en_whole_word(toks: Tokens, i: int) -> Parsed | None:
    """"dozens", "twice", "a third"."""
    f = toks.forms[i]
    if f in lx.EN_VAGUE:
        return i + 1, float(lx.EN_VAGUE[f]), "qty_vague"
    if f in lx.EN_TIMES:
        return i + 1, float(lx.EN_TIMES[f]), "times"
    if f in _EN_ARTICLES and i + 1 < len(toks.forms) and toks.adjacent(i + 1, "-"):
        nxt = toks.forms[i + 1]
        if nxt in lx.EN_FRACTIONS:
            return i + 2, lx.EN_FRACTIONS[nxt], "fraction"
    return None


def _bare_article(toks: Tokens, i: int) -> bool:
    """"a"/"one" not before a scale: no number ("a month" is a duration, "one of them" no count)."""
    if toks.forms[i] not in _EN_ARTICLES:
        return False
    nxt = toks.forms[i + 1] if i + 1 < len(toks.forms) and toks.adjacent(i + 1, "-") else ""
    return nxt not in ("hundred", "thousand", "million", "billion", "dozen")


def _read_count(toks: Tokens, i: int) -> Parsed | None:
    """Digits and number words from token i, one reader a token, while they go on."""
    c = _Count()
    j = i
    n = len(toks.forms)
    while j < n and j - i < _MAX_NUM_TOKENS:
        if j > i and not toks.adjacent(j, "-"):
            break
        info = toks.infos[j]
        if info.digit:
            step = _digits(toks, j, c)
        elif info.arabic:
            step = _ar_word(toks, i, j, c) if j == i or c.seen else None
        else:
            step = _en_word(toks, i, j, c)
        if step is None:
            break
        j, go_on = step
        if not go_on:
            break
    value = c.total + (c.current or 0)
    if not c.seen or not math.isfinite(value):
        return None
    return j, value, "qty_vague" if c.vague else "qty"


def _digits(toks: Tokens, j: int, c: _Count) -> Step:
    """A digit token, with thousands grouped by spaces ("1 000") and a glued scale ("48.5m", "11bn")."""
    if c.current is not None or (c.seen and c.total and c.last_scale == 1):
        return None
    forms = toks.forms
    n = len(forms)
    nxt = forms[j + 1] if j + 1 < n else ""
    dv = _digit_value(forms[j], nxt in lx.EN_SCALES or nxt in lx.AR_SCALES or nxt in _DOT_DECIMAL_NEXT)
    if dv is None:
        return None
    k = j + 1
    if forms[j].isdigit() and len(forms[j]) <= 3:
        while k < n and k - j <= 4 and len(forms[k]) == 3 and forms[k].isdigit() and toks.gap(k) in _SPACE_GROUP:
            dv = dv * 1000 + float(forms[k])
            k += 1
    c.current = dv
    c.seen = True
    if k < n and forms[k] in _DIGIT_SCALE_SUFFIX and toks.adjacent(k) and not toks.gap(k):
        c.total += dv * _DIGIT_SCALE_SUFFIX[forms[k]]
        c.current = None
        return k + 1, False
    return k, True


def _ar_word(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    """An Arabic number word: a unit (with "عشرة" or "مئة" after it), a teen, tens, hundreds, a scale, "ونصف"."""
    return _first_step((_ar_unit, _ar_teen, _ar_tens_hundreds, _ar_scale, _ar_and_half), toks, i, j, c)


def _first_step(readers, toks: Tokens, i: int, j: int, c: _Count) -> Step:
    """The first reader that takes token j."""
    for reader in readers:
        step = reader(toks, i, j, c)
        if step is not None:
            return step
    return None


def _ar_unit(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    u = _ar_lookup(toks, j, lx.AR_UNITS)
    if u is None or not (j == i or toks.infos[j].conj or c.current is None):
        return None
    u = float(u)  # type: ignore[arg-type]
    nxt = j + 1
    n = len(toks.forms)
    if nxt < n and toks.adjacent(nxt) and _ar_lookup(toks, nxt, lx.AR_UNITS) == 10 and u < 10:
        c.add(u + 10)  # أربع عشرة
        return j + 2, True
    if nxt < n and toks.adjacent(nxt) and toks.forms[nxt] in (lx.word("مئة"), lx.word("مائة")):
        c.add(u * 100)
        return j + 2, True
    c.add(u)
    return j + 1, True


def _ar_teen(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    if toks.forms[j] in lx.AR_TEEN_ONE and j + 1 < len(toks.forms) and _ar_lookup(toks, j + 1, lx.AR_UNITS) == 10:
        c.add(11)
        return j + 2, True
    return None


def _ar_tens_hundreds(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    v = _ar_lookup(toks, j, lx.AR_TENS)
    if v is None:
        v = _ar_lookup(toks, j, lx.AR_HUNDREDS)
    if v is None:
        return None
    c.add(float(v))  # type: ignore[arg-type]
    return j + 1, True


def _ar_scale(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    """ألف/ألفان/آلاف/ألفا and the millions: times the count read so far, or their own count."""
    sc = _ar_lookup(toks, j, lx.AR_SCALES)
    if sc is None:
        return None
    scale, cnt = sc  # type: ignore[misc]
    if cnt == lx.SCALE_ALIF:  # "ألفا شخص" (two thousand) but "عشرون ألفا" (twenty thousand)
        cnt = 2 if c.current is None and j + 1 < len(toks.forms) and counted_noun(toks, j + 1, False) else 1
    if cnt == 2:
        if c.current is not None:
            return None
        c.current = 2.0
    elif cnt == 0 and c.current is None:
        if c.seen:
            return None
        c.total, c.seen, c.vague = float(scale), True, True  # آلاف alone
        return j + 1, False
    c.scale_by(scale)
    return j + 1, True


def _ar_and_half(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    if not (c.seen and toks.forms[j] == lx.word("ونصف") and c.last_scale > 1):
        return None
    c.total += 0.5 * c.last_scale
    k = j + 1
    if k < len(toks.forms) and _ar_lookup(toks, k, lx.AR_SCALES):
        k += 1  # مليونين ونصف مليون
    return k, True


def _en_word(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    """An English number word: a unit, tens, a leading article, a scale, "dozen", "and a half", "and"."""
    return _first_step((_en_unit_or_tens, _en_scale, _en_and), toks, i, j, c)


def _en_unit_or_tens(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    f = toks.forms[j]
    cur = c.current
    if f in lx.EN_UNITS and (j == i or cur is None or cur % 10 == 0 and cur >= 20):
        if f in ("zero", "one") and j == i and not _en_unit_follows(toks, j + 1):
            return None
        c.add(lx.EN_UNITS[f])
        return j + 1, True
    if f in lx.EN_TENS and (cur is None or cur >= 100):
        c.add(lx.EN_TENS[f])
        return j + 1, True
    if f in _EN_ARTICLES and j == i:
        c.current = 1.0
        return j + 1, True
    return None


def _en_scale(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    f = toks.forms[j]
    if f in lx.EN_SCALES and f not in _DIGIT_SCALE_SUFFIX and (c.seen or c.current is not None):
        scale = lx.EN_SCALES[f]
        if scale == 100:
            c.current = (c.current or 1) * 100
            c.seen = True
        else:
            c.scale_by(scale)
        return j + 1, True
    if f == "dozen" and c.current is not None:
        c.current *= 12
        c.seen = True
        return j + 1, True
    return None


def _en_and(toks: Tokens, i: int, j: int, c: _Count) -> Step:
    forms = toks.forms
    n = len(forms)
    if forms[j] != "and" or not c.seen:
        return None
    if j + 2 < n and forms[j + 1] == "a" and forms[j + 2] == "half":
        if c.current is not None:
            c.current += 0.5
        else:
            c.total += 0.5 * c.last_scale
        return j + 3, True
    if c.current is not None and c.current >= 100 and j + 1 < n and (forms[j + 1] in lx.EN_UNITS or forms[j + 1] in lx.EN_TENS):
        return j + 1, True
    return None


def _en_unit_follows(toks: Tokens, j: int) -> bool:
    if j >= len(toks.forms):
        return False
    f = toks.forms[j]
    return f in lx.TIME_UNITS or f in lx.UNIT_KEY or f in lx.EN_SCALES


_QUAL_LAST = frozenset(p[-1] for p in lx.QUALIFIERS)


def qualifier_before(toks: Tokens, i: int) -> tuple[int, str | None]:
    """Find an approximation/bound phrase ending right before token i."""
    if i == 0 or not any(s in _QUAL_LAST for s in (toks.forms[i - 1], *toks.infos[i - 1].stems)):
        return i, None
    for size in (4, 3, 2, 1):
        s = i - size
        if s < 0:
            continue
        if any(not toks.adjacent(k) for k in range(s + 1, i + 1)):
            continue
        rest = tuple(toks.forms[s + 1:i])
        for first in (toks.forms[s], *toks.infos[s].stems):
            q = lx.QUALIFIERS.get((first, *rest))
            if q:
                # "لا يتجاوز مليون طن", "not more than": an upper bound
                if q == "more_than" and s > 0 and toks.forms[s - 1] in (lx.word("لا"), "not", "no"):
                    return s - 1, "up_to"
                return s, q
    return i, None


_AT_LEAST_AFTER = (lx.word("على"), lx.word("الأقل"))
# Words that follow a number without being what it counts ("4 / 6 هل ...", "3 says").
_AR_NOT_COUNTED = frozenset(lx.word(w) for w in "هل ماذا كيف لماذا متى أين كم أي لقد إذ إذا فقط تقريبا".split())
_EN_NOT_COUNTED_ENDINGS = ("ed", "ly", "ing")
_NOT_COUNTED_TAGS = frozenset({"neg", "qad", "attr_verb"})


def counted_noun(toks: Tokens, k: int, english: bool) -> bool:
    """Whether token k can be the noun a number counts when no unit lexicon knows it.

    A unit must be a unit: a word of the text's script, not a function word, question particle,
    verb of saying, adverb or participle, and (in Arabic) without the article, since the counted
    noun after a number is indefinite ("300 عامل", not "300 الحكومة").
    """
    f = toks.forms[k]
    info = toks.infos[k]
    if info.digit or len(f) < 3 or not f.isalpha() or f in lx.STOP_WORDS or info.tags & _NOT_COUNTED_TAGS:
        return False
    if english:
        return not info.arabic and not f.endswith(_EN_NOT_COUNTED_ENDINGS)
    return info.arabic and not info.definite and not info.future and f not in _AR_NOT_COUNTED and not _ar_verb(f)


def _ar_verb(f: str) -> bool:
    """A plural verb form ("وصلوا", "يعملون", "بيشتغلوا"): what a number's people did, not what it counts."""
    return f.endswith("وا") or (f[0] in "يتب" and f.endswith("ون") and len(f) > 4)


def unit_after(toks: Tokens, j: int, english: bool, value: float | None = None) -> tuple[int, int | None, str | None]:
    """The counted noun after a number: (end of the expression, index of the noun token, unit key); ``value``:
    the number's, when known (an Arabic 3-10 counts a plural)."""
    n = len(toks.forms)
    if j >= n or not toks.adjacent(j, "-"):
        return j, None, None
    f = toks.forms[j]
    if f == "%":
        return j + 1, j, "percent"
    if english:
        if f == "percent":
            return j + 1, j, "percent"
        if f == "per" and j + 1 < n and toks.forms[j + 1] == "cent":
            return j + 2, j, "percent"
        for k in range(j, min(j + 3, n)):
            if k > j and not toks.adjacent(k, "-"):
                break
            fk = toks.forms[k]
            for stem in (fk, fk[:-1] if fk.endswith("s") else fk):
                key = lx.UNIT_KEY.get(stem)
                if key:
                    if k + 2 < n and toks.forms[k + 1] == "of" and key in ("ton", "litre", "barrel"):
                        return k + 3, k, key  # "tonnes of wheat"
                    return k + 1, k, key
            if fk in lx.STOP_WORDS and fk not in ("of", "us"):  # "1,000 US troops"
                break
        # No known unit: the counted noun is the first plural among the next words ("six separate
        # blazes"), else the next word.
        for k in range(j, min(j + 3, n)):
            fk = toks.forms[k]
            if (k > j and not toks.adjacent(k, "-")) or fk in lx.STOP_WORDS or toks.infos[k].digit:
                break
            if not counted_noun(toks, k, True):
                break
            if fk.endswith("s") and not fk.endswith("ss") and len(fk) > 3:
                return k + 1, k, None
        if f not in lx.TIME_UNITS and counted_noun(toks, j, True):
            return j + 1, j, None
        return j, None, None
    # Arabic: the counted noun follows (optionally after من).
    if _names_a_day(toks, j):
        return j, None, None
    k = j
    if toks.forms[k] == lx.word("من") and k + 1 < n:
        k += 1
    fk = toks.forms[k]
    extra = (fk[:-1],) if fk.endswith("ا") and len(fk) >= 4 else ()  # accusative tanwin: "سنتًا"
    for stem in (*toks.infos[k].stems, *extra):
        key = lx.UNIT_KEY.get(stem)
        if key:
            return k + 1, k, key
    if f in (lx.word("في"), lx.word("بالمئة")) and j + 1 < n and toks.forms[j + 1] in (
        lx.word("المئة"), lx.word("المائة")
    ):
        return j + 2, j, "percent"
    if counted_noun(toks, j, False) and not _describes_few(toks, j, value):
        return j + 1, j, None
    return j, None, None


def _describes_few(toks: Tokens, k: int, value: float | None) -> bool:
    """3 to 10 count a plural ("سبعة آبار"): a singular feminine word after them ("سبعة واقفة", seven
    standing) describes what was counted before, it is not a unit."""
    return value is not None and 3 <= value <= 10 and toks.forms[k].endswith("ه")


def time_unit(toks: Tokens, i: int) -> tuple[str, float, int] | None:
    """Time-unit reading of token i (unit, days, implied count) or None."""
    if toks.infos[i].digit:
        return None
    f = toks.forms[i]
    tu = lx.TIME_UNITS.get(f)
    if tu:
        return tu
    if toks.infos[i].arabic:
        for s in toks.infos[i].stems:
            tu = lx.TIME_UNITS.get(s)
            if tu:
                return tu
    elif f.endswith("s") and f[:-1] in lx.TIME_UNITS:
        return lx.TIME_UNITS[f[:-1]][0], lx.TIME_UNITS[f[:-1]][1], 0
    return None


def match_quantity(toks: Tokens, i: int) -> Match | None:
    """Numbers with their unit, qualifier and currency; durations when the unit is time."""
    n = len(toks.forms)
    info = toks.infos[i]
    english = not info.arabic and not (info.digit and _arabic_context(toks, i))
    cur_key = None
    start = i
    if toks.forms[i] in _CURRENCY_SYMBOL and i + 1 < n and toks.infos[i + 1].digit and toks.adjacent(i + 1, "$£€"):
        cur_key = _CURRENCY_SYMBOL[toks.forms[i]]
        i += 1
    if start > 0 and toks.forms[start - 1] in _ID_BEFORE:
        return None  # "القطار رقم ٩٨٠", "route 66": an identifier, not a quantity
    parsed = parse_number(toks, i)
    if parsed is None:
        return None
    j, value, kind = parsed
    q_start, qual = qualifier_before(toks, start)
    if kind.startswith("dual:"):  # "شخصان", "مدرستين": the noun is the unit
        val = {"quantity": 2, "unit": toks.forms[i], "_unit_tok": i}
        if kind[5:]:
            val["unit_key"] = kind[5:]
        return Match(q_start, j, "qty", val)
    if qual is None and english and start >= 1 and toks.forms[start - 1] in ("estimated",):
        q_start, qual = start - 1, "approx"
    val: dict = {}
    # Time units make it a duration ("نحو شهر كامل" is handled by match_duration).
    if j < n and toks.adjacent(j, "-") and kind in ("qty", "qty_vague"):
        tu = time_unit(toks, j)
        if tu and not (english and toks.forms[j] == "s") and not _names_a_day(toks, j):
            unit, days, _cnt = tu
            end = j + 1
            if end + 2 < n and toks.forms[end] == "and" and toks.forms[end + 1] == "a" and toks.forms[end + 2] == "half":
                value += 0.5
                end += 3
            if kind == "qty_vague":
                return Match(q_start, end, "rel", _relative(toks, q_start, unit))
            val = {"duration_days": clean_number(value * days), "amount": clean_number(value), "unit": unit}
            if unit in ("hour", "minute"):
                val["duration_hours"] = clean_number(value * days * 24)
            _qual(val, qual)
            end = _post_qualifier(toks, end, val)
            return Match(q_start, end, "dur", val)
    end, unit_idx, unit_key = unit_after(toks, j, english, value)
    unit_surface = toks.forms[unit_idx] if unit_idx is not None else None
    if unit_key == "percent":
        unit_surface = "%"
        unit_idx = None
    if cur_key:
        unit_key, unit_surface, unit_idx = cur_key, toks.forms[start], None
        end = j
    if kind == "fraction":
        val = {"fraction": round(value, 4)}
        if unit_surface:
            val["of"] = unit_surface
        _qual(val, qual)
        return Match(q_start, end if unit_surface else j, "fraction", val)
    if kind == "times":
        val = {"times": clean_number(value)}
        return Match(q_start, j, "times", val)
    val = {"quantity": clean_number(value)}
    if unit_surface:
        val["unit"] = unit_surface
        if unit_idx is not None:
            val["_unit_tok"] = unit_idx  # the engine swaps in the word as spelled in the text
    if unit_key:
        val["unit_key"] = unit_key
    if kind == "qty_vague":
        val["vague"] = True
    _qual(val, qual)
    end = _post_qualifier(toks, end, val)
    if kind == "qty" and not cur_key:
        end = _out_of(toks, max(end, j), val, english)
    out_kind = kind
    if unit_key == "percent":
        out_kind = "percent"
    elif unit_key in ("usd", "gbp", "eur", "syp", "iqd", "egp", "cent"):
        out_kind = "money"
    elif kind == "qty" and not unit_surface:
        out_kind = "qty_bare"
    return Match(q_start, max(end, j), out_kind, val)


_OUT_OF = ((lx.word("من"), lx.word("أصل")), ("out", "of"))


def _out_of(toks: Tokens, end: int, val: dict, english: bool) -> int:
    """"تلات آبار من أصل سبعة", "3 out of 7 wells": the total joins the count; the noun after the total is
    the unit when the count had none, and is taken along when it repeats the unit."""
    n = len(toks.forms)
    for a, b in _OUT_OF:
        if not (end + 2 < n and toks.forms[end] == a and toks.forms[end + 1] == b and toks.adjacent(end + 1)
                and toks.adjacent(end + 2)):
            continue
        parsed = parse_number(toks, end + 2)
        if parsed is None or parsed[2] != "qty":
            return end
        k, total, _ = parsed
        val["out_of"] = clean_number(total)
        k2, idx, key = unit_after(toks, k, english)
        if idx is not None and "unit" not in val:
            val.update({"unit": toks.forms[idx], "_unit_tok": idx, **({"unit_key": key} if key else {})})
            return k2
        if idx is not None and key and key == val.get("unit_key"):
            return k2
        return k
    return end


def _names_a_day(toks: Tokens, j: int) -> bool:
    """«يوم الجمعة», "day Monday": the word names a day after the number, it is not what the number counts;
    nor does «الشهر» in «مية وخمسين الشهر اللي فات» (a count's time unit is indefinite)."""
    info = toks.infos[j]
    return (info.arabic and info.definite) or (
        j + 1 < len(toks.forms) and toks.adjacent(j + 1) and toks.forms[j + 1] in lx.WEEKDAYS)


def _qual(val: dict, qual: str | None) -> None:
    if qual == "approx":
        val["approx"] = True
    elif qual:
        val["qualifier"] = qual


def _post_qualifier(toks: Tokens, end: int, val: dict) -> int:
    """Arabic "على الأقل" after the number ("وحدتين على الأقل")."""
    n = len(toks.forms)
    if end + 1 < n and (toks.forms[end], toks.forms[end + 1]) == _AT_LEAST_AFTER:
        val["qualifier"] = "at_least"
        return end + 2
    if end + 1 < n and toks.forms[end] == "at" and toks.forms[end + 1] in ("least", "most"):
        val["qualifier"] = "at_least" if toks.forms[end + 1] == "least" else "up_to"
        return end + 2
    return end


def _arabic_context(toks: Tokens, i: int) -> bool:
    """Digits take the language of their neighbours."""
    for k in (i + 1, i - 1, i + 2, i - 2):
        if 0 <= k < len(toks.forms) and not toks.infos[k].digit and toks.forms[k] not in "%$£€":
            return toks.infos[k].arabic
    return False


_PAST_BEFORE = frozenset(lx.word(w) for w in "قبل منذ since last past recent previous earlier".split())
_FUTURE_BEFORE = frozenset(lx.word(w) for w in "خلال غضون next coming within upcoming".split())
_FROM = lx.word("من")
_AFTER = lx.word("بعد")


def _relative(toks: Tokens, i: int, unit: str) -> dict:
    """Direction of a relative time: "قبل أيام"/"weeks ago" past, "الأشهر المقبلة" future,
    "بعد أسابيع من الانسحاب" after another event."""
    n = len(toks.forms)
    nxt = [toks.forms[k] for k in (i + 1, i + 2) if k < n]
    nxt_tags = [toks.infos[k].tags for k in (i + 1, i + 2) if k < n]
    prev = toks.forms[i - 1] if i > 0 else ""
    prev_tags = toks.infos[i - 1].tags if i > 0 else frozenset()
    if "ago" in nxt[:1] or any("past_rel" in t for t in nxt_tags):
        rel = "past"
    elif any("future_rel" in t for t in nxt_tags):
        rel = "future"
    elif prev in _PAST_BEFORE or "past_rel" in prev_tags:
        rel = "past"
    elif prev == _AFTER:
        rel = "after" if nxt[:1] == [_FROM] else "future"
    elif prev in _FUTURE_BEFORE or "future_rel" in prev_tags:
        rel = "future"
    else:
        rel = "unspecified"
    return {"relative": rel, "unit": unit}


def match_duration(toks: Tokens, i: int) -> Match | None:
    """Time units without digits: duals (شهرين), "نحو شهر", "a month", vague plurals (قبل أيام)."""
    tu = time_unit(toks, i)
    if not tu:
        return None
    unit, days, cnt = tu
    f = toks.forms[i]
    info = toks.infos[i]
    n = len(toks.forms)
    q_start, qual = qualifier_before(toks, i)
    prev = toks.forms[i - 1] if i > 0 and toks.adjacent(i) else ""
    if cnt == 2:
        val = {"duration_days": clean_number(2 * days), "amount": 2, "unit": unit}
        _qual(val, qual)
        end = _post_qualifier(toks, i + 1, val)
        return Match(q_start, end, "dur", val)
    if cnt == 1 and not info.definite:
        if f in lx.AMBIGUOUS_TIME_UNITS and not qual:
            return None
        english_article = prev in _EN_ARTICLES
        if qual or prev in _DUR_PREPS or (english_article and i >= 2 and toks.forms[i - 2] in _DUR_PREPS):
            start = q_start if qual else i - 1 if english_article or prev in _DUR_PREPS else i
            if english_article and i >= 2 and toks.forms[i - 2] in _DUR_PREPS:
                start = i - 2
                q2, qual2 = qualifier_before(toks, i - 1)
                if qual2:
                    start, qual = q2, qual2
            val = {"duration_days": clean_number(days), "amount": 1, "unit": unit}
            if prev in (lx.word("قبل"), lx.word("منذ"), "ago"):
                val["relative"] = "past"
            _qual(val, qual)
            end = i + 1
            # "شهر كامل" / "a full month"
            if end < n and toks.forms[end] in (lx.word("كامل"), lx.word("كاملا"), "full", "whole"):
                end += 1
            return Match(start, end, "dur", val)
    if cnt == 0:
        # Plural without a number: relative or vague time ("قبل أيام", "weeks ago", "السنوات الأخيرة").
        start = i - 1 if prev in _DUR_PREPS or prev in ("recent", "coming", "past", "last", "the") else i
        end = i + 1
        while end < n and end - i < 3 and toks.adjacent(end) and (
            toks.infos[end].tags & {"future_rel", "past_rel"} or toks.forms[end] in ("ago", lx.word("القليلة"))
        ):
            end += 1
        return Match(start, end, "rel", _relative(toks, i, unit))
    if info.definite or f in ("year", "month", "week"):
        # "الشهر الماضي", "العام المقبل", "last week", "this year"
        nxt_tags = toks.infos[i + 1].tags if i + 1 < n else frozenset()
        prev_tags = toks.infos[i - 1].tags if i > 0 else frozenset()
        # A single named period ("العام المقبل", "last week") is a date one can check.
        if nxt_tags & {"future_rel", "past_rel"}:
            return Match(i, i + 2, "reldate", _relative(toks, i, unit))
        if prev_tags & {"future_rel", "past_rel"}:
            return Match(i - 1, i + 1, "reldate", _relative(toks, i, unit))
        if prev in ("this", lx.word("هذا"), lx.word("هذه")):
            return Match(i - 1, i + 1, "rel", {"relative": "current", "unit": unit})
    return None


def _year_value(form: str) -> int | None:
    if len(form) == 4 and form.isdigit():
        y = int(form)
        if 1800 <= y <= 2100:
            return y
    return None


def _month_at(toks: Tokens, i: int) -> tuple[int, int] | None:
    """Month number and end index for a (possibly two-word) month name at i."""
    n = len(toks.forms)
    f = toks.forms[i]
    if f in (lx.word("كانون"), lx.word("تشرين")) and i + 1 < n:
        key = f + " " + toks.forms[i + 1]
        if key in lx.MONTHS:
            return lx.MONTHS[key], i + 2
        return None
    for s in (f, *toks.infos[i].stems):
        m = lx.MONTHS.get(s)
        if m:
            end = i + 1
            # "شباط/فبراير": the other series' name for the same month
            if end < n and "/" in toks.gap(end) and lx.MONTHS.get(toks.forms[end]) == m:
                end += 1
            return m, end
    return None


def match_date(toks: Tokens, i: int) -> Match | None:
    """Weekdays, day-month(-year), month-day, month-year, years, decades."""
    n = len(toks.forms)
    f = toks.forms[i]
    info = toks.infos[i]
    # decades: "1960s", "سبعينيات القرن الماضي"
    if info.digit:
        y = _year_value(f)
        if y and y % 10 == 0 and i + 1 < n and toks.forms[i + 1] == "s" and not toks.gap(i + 1).strip(" '"):
            return Match(i, i + 2, "decade", {"decade": y})
    if info.arabic:
        for s in info.stems:
            d = _DECADES_AR.get(s)
            if d:
                end = i + 1
                if end + 1 < n and toks.forms[end] == lx.word("القرن"):
                    end += 2
                return Match(i, end, "decade", {"decade": d})
    # weekday (Arabic needs the article, "الاثنين" also needs يوم or a date)
    wd = lx.WEEKDAYS.get(f)
    if wd is None and info.arabic:
        for s in info.stems[1:]:
            if s.startswith("ال"):
                wd = lx.WEEKDAYS.get(s)
                if wd is not None:
                    break
    if wd is not None:
        prev = toks.forms[i - 1] if i > 0 else ""
        start = i
        if prev in (lx.word("يوم"), "on") or prev in lx.DAYPARTS:
            start = i - 1
        if wd == 0 and info.arabic and start == i and not (i + 1 < n and toks.infos[i + 1].digit):
            return None
        val: dict = {"weekday": wd}
        end = i + 1
        if end < n and toks.infos[end].digit:
            dm = _day_month(toks, end)
            if dm:
                end, dval = dm
                val.update(dval)
                return Match(start, end, "date", val)
        return Match(start, end, "weekday", val)
    if info.digit:
        dm = _day_month(toks, i)
        if dm:
            end, dval = dm
            return Match(i, end, "date", dval)
    mon = _month_at(toks, i)
    if mon:
        m, end = mon
        val = {"month": m}
        if end < n and toks.infos[end].digit and toks.adjacent(end, ".,"):
            d = _digit_value(toks.forms[end])
            y = _year_value(toks.forms[end])
            if y:
                val["year"] = y
                return Match(i, end + 1, "date", val)
            if d and 1 <= d <= 31 and d == int(d):
                val["day"] = int(d)
                end += 1
                if end < n and _year_value(toks.forms[end]) and toks.adjacent(end, ","):
                    val["year"] = _year_value(toks.forms[end])
                    end += 1
                return Match(i, end, "date", val)
        if end < n and toks.forms[end] in _MONTH_REL:
            val["relative"] = _MONTH_REL[toks.forms[end]]
            return Match(i, end + 1, "month", val)
        prev = toks.forms[i - 1] if i > 0 else ""
        if (f in lx.AMBIGUOUS_MONTHS or any(s in lx.AMBIGUOUS_MONTHS for s in info.stems[:1])) and prev not in (
            "of", "in", "by", "early", "late", "mid", "until", "since", lx.word("شهر")
        ):
            return None
        start = i - 1 if prev in ("in", "of", lx.word("شهر"), lx.word("في")) else i
        return Match(start, end, "month", val)
    if info.digit:
        y = _year_value(f)
        if y and "," not in f:
            prev = toks.forms[i - 1] if i > 0 else ""
            nxt_unit = i + 1 < n and toks.adjacent(i + 1) and (
                any(lx.UNIT_KEY.get(s) for s in toks.infos[i + 1].stems) or time_unit(toks, i + 1)
                or toks.forms[i + 1] in lx.EN_SCALES or _ar_lookup(toks, i + 1, lx.AR_SCALES)
            )
            if nxt_unit:
                return None
            prev_stems = toks.infos[i - 1].stems if i > 0 else ()
            start = i - 1 if prev in _YEAR_PREPS or any(s in _YEAR_PREPS for s in prev_stems[:2]) else i
            return Match(start, i + 1, "year", {"year": y})
    return None


def _day_month(toks: Tokens, i: int) -> tuple[int, dict] | None:
    """'21 من شباط', '14 January 2025', '21 شباط/فبراير' starting at a day number."""
    n = len(toks.forms)
    d = _digit_value(toks.forms[i])
    if d is None or d != int(d) or not 1 <= d <= 31 or len(toks.forms[i]) > 2:
        return None
    k = i + 1
    if k < n and toks.forms[k] in _DAY_MONTH_LINK and toks.adjacent(k):
        k += 1
    if k >= n or not toks.adjacent(k, "."):
        return None
    mon = _month_at(toks, k)
    if not mon:
        return None
    m, end = mon
    val: dict = {"month": m, "day": int(d)}
    if end < n and toks.infos[end].digit and _year_value(toks.forms[end]) and toks.adjacent(end, ","):
        val["year"] = _year_value(toks.forms[end])
        end += 1
    elif end < n and toks.forms[end] in _MONTH_REL:
        val["relative"] = _MONTH_REL[toks.forms[end]]
        end += 1
    return end, val
