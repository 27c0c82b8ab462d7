"""Numbers, quantities, durations and dates read from a token stream.

Every matcher takes the :class:`Tokens` of the matching view and a start
index and returns a :class:`Match` (token range, kind and normalised value)
or ``None``.  They only ever look a bounded number of tokens ahead or back,
so the whole pass is linear in the length of the text.
"""

from __future__ import annotations

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


def _digit_value(form: str) -> float | None:
    """Value of a digit token with Western or Arabic separators ('1,000', '3.5', '3,5')."""
    if "," in form:
        parts = form.split(",")
        if all(len(p) == 3 for p in parts[1:]):
            form = form.replace(",", "")
        elif len(parts) == 2:
            form = form.replace(",", ".")
        else:
            return None
    try:
        return float(form)
    except ValueError:
        return None


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


def parse_number(toks: Tokens, i: int) -> tuple[int, float, str] | None:
    """Parse a number expression starting at token i: (end index, value, kind)."""
    forms = toks.forms
    n = len(forms)
    f = forms[i]
    info = toks.infos[i]
    # --- vague and special words --------------------------------------------
    if info.arabic and info.definite and f not in lx.AR_VAGUE and f not in lx.AR_FRACTIONS:
        return None  # "الواحد", "الثلاثة": ordinal or adjectival, not a count ("الثلث" is a fraction)
    if info.arabic:
        dual = _ar_dual(f)
        if dual:
            return i + 1, 2.0, "dual:" + dual
        v = _ar_lookup(toks, i, lx.AR_VAGUE)
        if v is not None:
            j = i + 1
            nxt = toks.forms[j] if j < n and toks.adjacent(j) else ""
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
    else:
        if f in lx.EN_VAGUE:
            return i + 1, float(lx.EN_VAGUE[f]), "qty_vague"
        if f in lx.EN_TIMES:
            return i + 1, float(lx.EN_TIMES[f]), "times"
        if f in _EN_ARTICLES:
            # "a third", "a thousand"; a bare "a"/"one" is not a number ("a month" is a duration).
            nxt = forms[i + 1] if i + 1 < n and toks.adjacent(i + 1, "-") else ""
            if nxt in lx.EN_FRACTIONS:
                return i + 2, lx.EN_FRACTIONS[nxt], "fraction"
            if nxt not in ("hundred", "thousand", "million", "billion", "dozen"):
                return None
    total = 0.0
    current: float | None = None
    last_scale = 1.0
    j = i
    seen = False
    while j < n and j - i < _MAX_NUM_TOKENS:
        if j > i and not toks.adjacent(j, "-"):
            break
        f = forms[j]
        info = toks.infos[j]
        if info.digit:
            if current is not None or (seen and total and last_scale == 1):
                break
            dv = _digit_value(f)
            if dv is None:
                break
            current = dv
            seen = True
            j += 1
            # "48.5m", "11bn": a scale letter glued to the digits.
            if j < n and forms[j] in _DIGIT_SCALE_SUFFIX and toks.adjacent(j) and not toks.gap(j):
                total += current * _DIGIT_SCALE_SUFFIX[forms[j]]
                current = None
                j += 1
                break
            continue
        if info.arabic:
            if j > i and not seen:
                break
            u = _ar_lookup(toks, j, lx.AR_UNITS)
            if u is not None and (j == i or info.conj or current is None):
                u = float(u)  # type: ignore[arg-type]
                nxt = j + 1
                if nxt < n and toks.adjacent(nxt) and _ar_lookup(toks, nxt, lx.AR_UNITS) == 10 and u < 10:
                    current = (current or 0) + u + 10  # أربع عشرة
                    j += 2
                elif nxt < n and toks.adjacent(nxt) and forms[nxt] in (lx.word("مئة"), lx.word("مائة")):
                    current = (current or 0) + u * 100
                    j += 2
                else:
                    current = (current or 0) + u
                    j += 1
                seen = True
                continue
            if forms[j] in lx.AR_TEEN_ONE and j + 1 < n and _ar_lookup(toks, j + 1, lx.AR_UNITS) == 10:
                current = (current or 0) + 11
                j += 2
                seen = True
                continue
            t = _ar_lookup(toks, j, lx.AR_TENS)
            if t is not None:
                current = (current or 0) + float(t)  # type: ignore[arg-type]
                seen = True
                j += 1
                continue
            h = _ar_lookup(toks, j, lx.AR_HUNDREDS)
            if h is not None:
                current = (current or 0) + float(h)  # type: ignore[arg-type]
                seen = True
                j += 1
                continue
            sc = _ar_lookup(toks, j, lx.AR_SCALES)
            if sc is not None:
                scale, cnt = sc  # type: ignore[misc]
                if cnt == 2:
                    if current is not None:
                        break
                    total += 2 * scale
                elif cnt == 0:
                    if current is None:
                        if not seen:
                            return j + 1, float(scale), "qty_vague"  # آلاف alone
                        break
                    total += current * scale
                else:
                    total += (current if current is not None else 1) * scale
                current = None
                last_scale = scale
                seen = True
                j += 1
                continue
            if seen and f in (lx.word("ونصف"),) and last_scale > 1:
                total += 0.5 * last_scale
                j += 1
                if j < n and _ar_lookup(toks, j, lx.AR_SCALES):
                    j += 1
                continue
            break
        # English words
        if f in lx.EN_UNITS and (j == i or current is None or (current or 0) % 10 == 0 and current >= 20):
            if f in ("zero", "one") and j == i and not _en_unit_follows(toks, j + 1):
                return None
            current = (current or 0) + lx.EN_UNITS[f]
            seen = True
            j += 1
            continue
        if f in lx.EN_TENS and (current is None or current >= 100):
            current = (current or 0) + lx.EN_TENS[f]
            seen = True
            j += 1
            continue
        if f in _EN_ARTICLES and j == i:
            current = 1.0
            j += 1
            continue
        if f in lx.EN_SCALES and f not in _DIGIT_SCALE_SUFFIX and (seen or current is not None):
            scale = lx.EN_SCALES[f]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current if current is not None else 1) * scale
                current = None
                last_scale = scale
            seen = True
            j += 1
            continue
        if f == "dozen" and current is not None:
            current *= 12
            seen = True
            j += 1
            continue
        if f == "and" and seen and j + 2 < n and forms[j + 1] == "a" and forms[j + 2] == "half":
            if current is not None:
                current += 0.5
            else:
                total += 0.5 * last_scale
            j += 3
            continue
        if f == "and" and seen and current is not None and current >= 100 and j + 1 < n and (
            forms[j + 1] in lx.EN_UNITS or forms[j + 1] in lx.EN_TENS
        ):
            j += 1
            continue
        break
    if not seen:
        return None
    value = total + (current or 0)
    return j, value, "qty"


def _ar_dual(f: str) -> str | None:
    """Unit key of an Arabic dual noun ("شاحنتين", "قاعدتي", "وحدتين"), if any."""
    for suf, add in (("تين", "ه"), ("تان", "ه"), ("تي", "ه"), ("ين", ""), ("ان", "")):
        if f.endswith(suf) and len(f) > len(suf) + 2:
            base = f[: -len(suf)] + add
            for b in (base, base[1:] if base[0] in "وبل" else base):
                key = lx.UNIT_KEY.get(b)
                if key and key not in ("percent", "usd", "syp", "iqd", "egp", "gbp", "eur", "cent"):
                    return key
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
    return info.arabic and not info.definite and not info.future and f not in _AR_NOT_COUNTED


def unit_after(toks: Tokens, j: int, english: bool) -> tuple[int, int | None, str | None]:
    """The counted noun after a number: (end of the expression, index of the noun token, unit key)."""
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
    if counted_noun(toks, j, False):
        return j + 1, j, None
    return j, None, None


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
    if kind.startswith("dual:"):
        val = {"quantity": 2, "unit": toks.forms[i], "unit_key": kind[5:]}
        return Match(q_start, j, "qty", val)
    if qual is None and english and start >= 1 and toks.forms[start - 1] in ("estimated",):
        q_start, qual = start - 1, "approx"
    val: dict = {}
    # Time units make it a duration ("نحو شهر كامل" is handled by match_duration).
    if j < n and toks.adjacent(j, "-") and kind in ("qty", "qty_vague"):
        tu = time_unit(toks, j)
        if tu and not (english and toks.forms[j] == "s"):
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
    end, unit_idx, unit_key = unit_after(toks, j, english)
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
    out_kind = kind
    if unit_key == "percent":
        out_kind = "percent"
    elif unit_key in ("usd", "gbp", "eur", "syp", "iqd", "egp", "cent"):
        out_kind = "money"
    elif kind == "qty" and not unit_surface:
        out_kind = "qty_bare"
    return Match(q_start, max(end, j), out_kind, val)


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
