"""Similar claims: language-independent keys and a similarity score.

The desk stores :func:`claim_keys` of every claim and looks candidates up by
shared keys; :func:`similarity` then ranks them.  Arabic and English share no
words, so cross-language matches come from *values*: the same quantity and
unit ("نحو ألف جندي" / "about 1,000 troops" -> ``qty:1000:soldier``), the same
duration, date or place (gazetteer ids).  Within one language, lexical similarity
on folded, crudely stemmed words adds paraphrase matching.  Closeness of meaning
across languages (a withdrawal / «انسحاب») comes from the check-worthiness encoder's
sentence vectors (:func:`with_meaning`, cosine of the two claims' vectors), not from
a word list: the desk's service passes the cosine when the encoder is available.
"""

from __future__ import annotations

import functools

import regex
from rapidfuzz import fuzz

from app.i18n import LazyChoice, LazyDigits, LazyList, LazyNumber, LazyText, _l

from . import engine, gazetteer
from . import lexicon as lx
from .normalize import fold
from .values import clean_number

__all__ = ["claim_keys", "fold", "lexical_similarity", "similarity", "stem"]

_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("هما", "ها", "هم", "ات", "ون", "ين", "ان", "ه", "ي", "ا")
_EN_SUFFIXES = ("'s", "ing", "ed", "es", "s")
_WORD_RE = regex.compile(r"[\p{L}]+")
_ARABIC_RE = regex.compile(r"\p{Arabic}")

# Weights of value keys in the weighted overlap.
_KEY_WEIGHTS = (("qty:", 3.0), ("dur:", 2.5), ("frac:", 2.0), ("date:", 2.0), ("year:", 1.5), ("month:", 1.0),
                ("decade:", 1.5), ("num:", 1.0), ("place:", 1.0), ("u:", 0.75))


def stem(word: str) -> str:
    """Crude stem of a folded word: Arabic clitics and suffixes, English plural/tense endings."""
    if _ARABIC_RE.match(word):
        for p in _AR_PREFIXES:
            if word.startswith(p) and len(word) - len(p) >= 3:
                word = word[len(p):]
                break
        for s in _AR_SUFFIXES:
            if word.endswith(s) and len(word) - len(s) >= 3:
                return word[: -len(s)]
        return word
    for s in _EN_SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= 3:
            return word[: -len(s)]
    return word


def _num(v: float) -> str:
    return str(clean_number(float(v)))


def _value_keys(text: str) -> set[str]:
    doc = engine.extract(text)
    keys: set[str] = set()
    for f in doc.feats:
        v = f.value
        if f.kind in ("qty", "money", "percent", "qty_bare", "qty_vague", "times") and "quantity" in v:
            n = _num(v["quantity"])
            if abs(float(v["quantity"])) >= 10 or float(v["quantity"]) != int(float(v["quantity"])):
                keys.add(f"num:{n}")  # small whole numbers ("2") would match everything
            if v.get("unit_key"):
                keys.add(f"qty:{n}:{v['unit_key']}")
                keys.add(f"u:{v['unit_key']}")
        elif f.kind == "fraction":
            keys.add(f"frac:{round(float(v['fraction']), 3)}")
        elif f.kind == "dur":
            keys.add(f"dur:{_num(v['duration_days'])}")
        elif f.kind == "date":
            if "day" in v:
                keys.add(f"date:{v['month']}-{v['day']}")
            if "year" in v:
                keys.add(f"year:{v['year']}")
            keys.add(f"month:{v['month']}")
        elif f.kind == "month":
            keys.add(f"month:{v['month']}")
        elif f.kind == "year":
            keys.add(f"year:{v['year']}")
        elif f.kind == "decade":
            keys.add(f"decade:{v['decade']}")
        if "place" in v:
            keys.add(f"place:{v['place']}")
    for k, form in enumerate(doc.toks.forms):
        info = doc.toks.infos[k]
        for s in (form, *info.stems):
            key = lx.UNIT_KEY.get(s)
            if key and key not in ("percent",):
                keys.add(f"u:{key}")
                break
    return keys


def _lexical_stems(text: str) -> list[str]:
    return list(_stems_of(text))


@functools.lru_cache(maxsize=8192)
def _stems_of(text: str) -> tuple[str, ...]:
    out = []
    for w in _WORD_RE.findall(fold(text)):
        if w in lx.STOP_WORDS or len(w) < 2:
            continue
        s = stem(w)
        if s not in lx.STOP_WORDS:
            out.append(s)
    return tuple(out)


def claim_keys(text: str, language: str | None = None) -> set[str]:
    """Language-independent keys of a claim: values ("qty:1000:soldier", "dur:30", "place:syria") and "w:<stem>"."""
    del language  # the script of each word decides how it is read
    return set(_keys_of(text))


@functools.lru_cache(maxsize=8192)
def _keys_of(text: str) -> frozenset[str]:
    """claim_keys, remembered per text: a claim page compares one claim with hundreds, each several times."""
    if not text or not text.strip():
        return frozenset()
    keys = _value_keys(text)
    keys.update(f"w:{s}" for s in _lexical_stems(text))
    return frozenset(keys)


def _weight(key: str) -> float:
    for prefix, w in _KEY_WEIGHTS:
        if key.startswith(prefix):
            return w
    return 0.0


def _figure(text: str) -> LazyNumber | LazyDigits:
    """A figure from a key ("1000", "2.5") as the reader writes numbers."""
    try:
        return LazyNumber(float(text) if "." in text else int(text))
    except ValueError:
        return LazyDigits(text)


def unit_name(unit: str) -> LazyChoice:
    """A unit key ("soldier") as a word in the reader's language (جندي), never the key."""
    forms = lx.UNIT_WORDS.get(unit) or [unit]
    return LazyChoice(unit, forms[0])


def place_name(place: str) -> LazyChoice:
    """A place id ("syria") as its name in the reader's language (سوريا / Syria), never the id."""
    arabic, english = gazetteer.DISPLAY.get(place, (place, place))
    return LazyChoice(english, arabic)


def _describe(shared: set[str]) -> LazyText | None:
    """Reason for a match on values, most specific first, in words and the reader's digits."""
    qty = sorted(k for k in shared if k.startswith("qty:"))
    if qty:
        _, n, unit = qty[0].split(":", 2)
        return _l("same quantity and unit: %(value)s %(unit)s", value=_figure(n), unit=unit_name(unit))
    dur = sorted(k for k in shared if k.startswith("dur:"))
    if dur:
        return _l("same duration: %(days)s days", days=_figure(dur[0][4:]))
    dates = sorted(k for k in shared if k.startswith(("date:", "year:", "decade:", "month:")))
    if dates:
        return _l("same date: %(dates)s", dates=LazyList(LazyDigits(d.split(":", 1)[1]) for d in dates[:2]))
    frac = sorted(k for k in shared if k.startswith("frac:"))
    if frac:
        return _l("same fraction: %(value)s", value=LazyDigits(frac[0][5:]))
    nums = sorted(k for k in shared if k.startswith("num:"))
    if nums:
        return _l("same number: %(value)s", value=_figure(nums[0][4:]))
    places = sorted(k[6:] for k in shared if k.startswith("place:"))
    if places:
        return _l("same place: %(places)s", places=LazyList(place_name(p) for p in places[:3]))
    return None


def lexical_similarity(a_text: str, b_text: str) -> float:
    """0-1 soft Dice overlap of folded, stemmed content words (near-identical stems count as shared)."""
    sa, sb = set(_lexical_stems(a_text)), set(_lexical_stems(b_text))
    if not sa or not sb:
        return 0.0

    def matched(xs: set[str], ys: set[str]) -> float:
        total = 0.0
        for x in xs:
            if x in ys:
                total += 1
                continue
            best = max(fuzz.ratio(x, y) for y in ys) / 100
            # Stems differing by a letter or two ("اخلاء"/"اخلا", "reopen"/"reopened") still match.
            if best >= 0.8:
                total += best
        return total

    return round((matched(sa, sb) + matched(sb, sa)) / (len(sa) + len(sb)), 3)


def similarity(a_text: str, b_text: str, a_lang: str | None = None, b_lang: str | None = None) -> tuple[float, LazyText]:
    """Similarity 0-1 of two claims and a one-line reason; shared values dominate, words add paraphrase."""
    del a_lang, b_lang  # values are language-independent; words are compared as folded
    ka, kb = claim_keys(a_text), claim_keys(b_text)
    va = {k for k in ka if not k.startswith("w:")}
    vb = {k for k in kb if not k.startswith("w:")}
    lex = lexical_similarity(a_text, b_text)
    shared = va & vb
    value_score = 0.0
    if shared:
        union_w = sum(_weight(k) for k in va | vb)
        value_score = sum(_weight(k) for k in shared) / union_w if union_w else 0.0
        # Keys of one claim that the other simply lacks count half: a short claim is not "different".
        smaller = min(sum(_weight(k) for k in va), sum(_weight(k) for k in vb))
        if smaller:
            value_score = max(value_score, 0.5 * sum(_weight(k) for k in shared) / smaller)
    score = 1 - (1 - 0.8 * value_score) * (1 - lex)
    score = round(max(0.0, min(1.0, score)), 3)
    described = _describe(shared) if value_score >= 0.25 else None
    overlap = LazyNumber(lex, "0.00")
    if described:
        reason = _l("%(values)s; word overlap %(score)s", values=described, score=overlap)
    else:  # the shared keys themselves are the engine's, not words a reader knows
        reason = _l("word overlap %(score)s", score=overlap)
    return score, reason


# Cosine of two sentence vectors (the check-worthiness encoder) below this says nothing about sameness;
# measured with use-m3: unrelated claims 0.0-0.3, a paraphrase across Arabic and English about 0.6-0.8.
MEANING_FLOOR = 0.3
MEANING_FULL = 0.8


def figure_conflict(a_text: str, b_text: str) -> LazyText | None:
    """'1000 vs 2000 person' (in the reader's words) when both claims count the same thing with different
    figures, else None."""
    qa = {k for k in claim_keys(a_text) if k.startswith(("qty:", "dur:"))}
    qb = {k for k in claim_keys(b_text) if k.startswith(("qty:", "dur:"))}
    if not qa or not qb or qa & qb:
        return None
    by_unit_a = {(k.split(":")[0], k.split(":")[-1] if k.startswith("qty:") else "days"): k for k in qa}
    for k in qb:
        unit = (k.split(":")[0], k.split(":")[-1] if k.startswith("qty:") else "days")
        if unit in by_unit_a:
            unit_words = unit_name(unit[1]) if unit[0] == "qty" else _l("days")
            return _l("%(ours)s vs %(theirs)s %(unit)s", ours=_figure(by_unit_a[unit].split(":")[1]),
                      theirs=_figure(k.split(":")[1]), unit=unit_words)
    return None


def with_meaning(score: float, reason: LazyText, cosine: float | None,
                 conflict: LazyText | None) -> tuple[float, LazyText]:
    """Today's value-and-word score combined with closeness of meaning; a differing figure counts against."""
    if cosine is not None:
        meaning = max(0.0, min(1.0, (cosine - MEANING_FLOOR) / (MEANING_FULL - MEANING_FLOOR)))
        if meaning > 0:
            score = 1 - (1 - score) * (1 - 0.8 * meaning)
            reason = _l("%(reason)s; meaning %(score)s", reason=reason, score=LazyNumber(cosine, "0.00"))
    if conflict:
        score *= 0.4
        reason = _l("%(reason)s; different figure: %(figures)s", reason=reason, figures=conflict)
    return round(max(0.0, min(1.0, score)), 3), reason
