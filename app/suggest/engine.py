"""The claim-suggestion engine: features -> attribution frames -> scored spans.

Pipeline (all linear in the text length):

1. fold the text into a matching view with an index map (offsets stay exact);
2. tokenise the view and read values (numbers, durations, dates, places);
3. split into sentences and clause fragments, skipping headings/boilerplate;
4. find attribution frames ("نقلت وكالة X عن Y، أن ...", "X said ...") so the
   frame itself is not suggested and its source carries to the clauses;
5. score each content clause from its features (noisy-or of weights, damped
   for opinion/hedging) and keep those above a threshold.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

import regex

from . import attribution, speech_acts
from . import gazetteer as gz
from . import lexicon as lx
from .normalize import fold_with_map, map_span, strip_invisible, strip_marks
from .segment import Fragment, Sentence, fragments, sentences
from .tokens import Tokens
from .values import Match, match_date, match_duration, match_quantity

THRESHOLD = 0.45
MAX_CLAUSE_TOKENS = 45  # longer clauses are cut into windows around their features
WINDOW_PAD = 4

# Feature weights (noisy-or).  Numbers and dates are the most checkable.
WEIGHTS: dict[str, float] = {
    "qty": 0.6, "money": 0.6, "percent": 0.6, "qty_bare": 0.35, "qty_vague": 0.4, "fraction": 0.55,
    "times": 0.35, "dur": 0.55, "date": 0.35, "year": 0.35, "decade": 0.35, "month": 0.25, "weekday": 0.15,
    "rel": 0.12, "reldate": 0.25, "superlative": 0.45, "record": 0.45, "first": 0.3, "comparative": 0.25,
    "place": 0.35, "region": 0.3, "country": 0.15, "adjective": 0.05, "named": 0.2, "actor": 0.1,
    "event": 0.25, "negrep": 0.5, "negevent": 0.25, "predict": 0.25, "locverb": 0.2,
    "attr_named": 0.45, "attr_other": 0.2,
}
NUMERIC = frozenset({"qty", "money", "percent", "qty_bare", "qty_vague", "fraction", "times", "dur", "date",
                     "year", "decade"})
# A clause needs one of these to be checkable at all.
CONCRETE = NUMERIC | {"month", "weekday", "reldate", "superlative", "record", "first", "place", "region", "country", "named",
                      "negrep", "attr_named"}
PENALTY = {"opinion": 0.6, "hedge": 0.75, "unclear": 0.5, "whether": 0.85, "question": 0.5}

_LABELS = {
    "qty": "number", "money": "amount of money", "percent": "percentage", "qty_bare": "number",
    "qty_vague": "rough number", "fraction": "fraction", "times": "count", "dur": "duration", "date": "date",
    "year": "year", "decade": "decade", "month": "month", "weekday": "weekday", "rel": "relative time",
    "reldate": "relative date",
    "superlative": "superlative", "record": "record", "first": "first", "comparative": "comparison",
    "place": "place", "region": "region", "country": "country", "named": "named party", "event": "event",
    "negrep": "denial/no comment", "negevent": "negated event", "predict": "prediction", "locverb": "location",
    "attr_named": "attributed statement", "attr_other": "reported statement",
}

_F = lx.word
_AR_NEG = frozenset(_F(w) for w in "لم لن دون عدم".split())
_AR_UNCLEAR_PREV = frozenset(_F(w) for w in "غير لم دون لا".split())
_EN_PRONOUNS = frozenset("he she they it we i".split())
_EN_NAME_SKIP = frozenset(
    "the a an he she it they we i but and in on at for of to by as after before while when this that these those "
    "there his her their its our mr mrs ms dr".split()
)
_EN_NAME_LINK = frozenset("of al el ez de du la le bin ibn abu".split())
_AR_FRAME_SKIP = frozenset(_F(w) for w in "و ف كان كانت قد ما إلى الى عن أن إن في من لـ".split())
_DOC_NOUNS = frozenset(_F(w) for w in "التقرير البيان المصادر المصدر الوكالة report statement sources".split())
_COMPARE_PREV_SUP = frozenset(_F(w) for w in "من هو هي وهو وهي تعد يعد تعتبر يعتبر ثاني ثالث".split())
_COMPARE_NEXT_SUP = frozenset(_F(w) for w in "مستوى نسبة عدد حجم رقم".split())


@dataclass
class Feat:
    """A feature on a token range [i0, i1)."""

    i0: int
    i1: int
    kind: str
    value: dict = field(default_factory=dict)


@dataclass
class Clause:
    """A content clause with its attribution, ready to be scored."""

    t0: int
    t1: int
    sent: int
    attributed_to: str | None = None
    attr_kind: str | None = None  # "attr_named" / "attr_other" when the clause is a frame's content
    predicted: bool = False  # the frame is an expectation ("ويتوقع خبراء أن ...")


@dataclass
class Doc:
    """Everything the engine knows about one text."""

    text: str
    view: str
    index: list[int] | None
    toks: Tokens
    feats: list[Feat]
    feat_starts: list[int]
    consumed: list[bool]
    cap: list[bool]
    sents: list[Sentence]


# --- feature extraction -------------------------------------------------------


def _capitalised(text: str, index: list[int] | None, toks: Tokens) -> list[bool]:
    """Whether each (non-Arabic) token starts with a capital letter in the original text."""
    out = []
    for k, s in enumerate(toks.starts):
        if toks.infos[k].arabic or toks.infos[k].digit:
            out.append(False)
            continue
        o = index[s] if index is not None else s
        out.append(o < len(text) and text[o].isupper())
    return out


def _place_at(toks: Tokens, i: int, cap: list[bool]) -> tuple[int, gz.Place] | None:
    """Longest gazetteer name starting at token i (Arabic clitics allowed on the first word)."""
    info = toks.infos[i]
    firsts = (toks.forms[i], *info.stems) if info.arabic else (toks.forms[i],)
    if not any(f in gz.FIRST_TOKENS for f in firsts):
        return None
    if not info.arabic and not cap[i]:
        return None
    n = len(toks.forms)
    for size in range(min(gz.MAX_NAME_TOKENS, n - i), 0, -1):
        if size > 1 and any(not toks.adjacent(k, "-'") for k in range(i + 1, i + size)):
            continue
        rest = tuple(toks.forms[i + 1:i + size])
        for f in firsts:
            p = gz.NAMES.get((f, *rest))
            if p is not None:
                return i + size, p
    return None


def _place_feat(i0: int, i1: int, p: gz.Place, cue: bool = False) -> Feat:
    if p.adjective:
        kind = "adjective"
    elif p.level == "country":
        kind = "region" if cue else "country"
    elif p.level == "region":
        kind = "region" if not cue else "place"
    else:
        kind = "place"
    return Feat(i0, i1, kind, {"place": p.id, "level": p.level})


def _cue_place(toks: Tokens, i: int, cap: list[bool]) -> Feat | None:
    """'قاعدة “قسرك”', 'ريف الحسكة', 'شمال الحسكة', 'الحدود العراقية', 'River Lune', 'port of Sandor'."""
    info = toks.infos[i]
    tags = info.tags
    n = len(toks.forms)
    j = i + 1
    if j >= n or not toks.adjacent(j, "\"“”«»'"):
        return None
    if "border" in tags:
        for k in range(j, min(j + 3, n)):
            hit = _place_at(toks, k, cap)
            if hit:
                end, p = hit
                return Feat(i, end, "place", {"place": p.id, "level": "border"})
        return None
    if "direction" in tags:
        k = j
        if k < n and "direction" in toks.infos[k].tags:
            k += 1  # شمال شرقي
        if k < n and toks.forms[k] == "of":
            k += 1
        hit = _place_at(toks, k, cap) if k < n else None
        if hit:
            end, p = hit
            if p.adjective:
                return None
            kind = "region" if p.level == "country" else "place"
            return Feat(i, end, kind, {"place": p.id, "level": p.level})
        return None
    if "place_cue" not in tags:
        return None
    if info.arabic:
        if info.definite:
            return None
        hit = _place_at(toks, j, cap)
        if hit:
            end, p = hit
            return _place_feat(i, end, p, cue=True) if not p.adjective else None
        if toks.quoted_before(j):
            end = j + 1
            while end < n and end - j < 4 and not toks.quoted_before(end) and toks.adjacent(end):
                end += 1
            return Feat(i, end, "place", {"name": toks.forms[j]})
        f = toks.forms[j]
        ninfo = toks.infos[j]
        if f in gz.NAME_HEADS and j + 1 < n and toks.adjacent(j + 1) and toks.infos[j + 1].arabic:
            return Feat(i, j + 2, "place", {"name": f"{f} {toks.forms[j + 1]}"})  # "معبر أبو الزندين"
        if (
            ninfo.arabic and f not in lx.STOP_WORDS and not ninfo.tags and not ninfo.numeric
            and ninfo.stems[-1] not in lx.UNIT_KEY and len(f) > 2
            and not (f.startswith("ال") and f.endswith(("يه", "ي")))  # a nisba adjective names nothing
        ):
            return Feat(i, j + 1, "place", {"name": f})
        return None
    # English: "River Lune", "port of Sandor", "Quay Street" (cue after the name).
    k = j
    if k < n and toks.forms[k] == "of":
        k += 1
    if k < n and cap[k] and toks.adjacent(k):
        end = k + 1
        while end < n and cap[end] and toks.adjacent(end, "-"):
            end += 1
        return Feat(i, end, "place", {"name": " ".join(toks.forms[k:end])})
    if i > 0 and cap[i - 1] and toks.adjacent(i):
        s = i - 1
        while s > 0 and cap[s - 1] and toks.adjacent(s, "-"):
            s -= 1
        if toks.forms[s] not in _EN_NAME_SKIP:
            return Feat(s, i + 1, "place", {"name": " ".join(toks.forms[s:i + 1])})
    return None


def _surface(text: str, index: list[int] | None, a: int, b: int) -> str:
    """A word as spelled in the original text, without marks or tatweel ("شاحنة", not "شاحنه")."""
    os_, oe = map_span(index, a, b, len(text))
    return strip_marks(text[os_:oe])


def extract(text: str) -> Doc:
    """Fold, tokenise and read every value and place in a text."""
    view, index = fold_with_map(text)
    toks = Tokens(view)
    cap = _capitalised(text, index, toks)
    n = len(toks)
    feats: list[Feat] = []
    consumed = [False] * n
    i = 0
    infos = toks.infos
    while i < n:
        info = infos[i]
        m: Match | Feat | None = None
        if info.digit or info.numeric or toks.forms[i] in "$£€":
            m = match_date(toks, i) if info.digit else None
            if m is None:
                m = match_quantity(toks, i)
        if m is None and info.timey:  # "الأحد" is also "one"; a weekday wins when it has the article
            m = match_date(toks, i) or match_duration(toks, i)
        if m is None:
            hit = _place_at(toks, i, cap)
            if hit:
                end, p = hit
                m = _place_feat(i, end, p)
        if m is None and info.tags & {"place_cue", "direction", "border"}:
            m = _cue_place(toks, i, cap)
        if m is not None:
            f = m if isinstance(m, Feat) else Feat(m.i0, m.i1, m.kind, m.value)
            if "_unit_tok" in f.value:
                u = f.value.pop("_unit_tok")
                f.value["unit"] = _surface(text, index, toks.starts[u], toks.ends[u])
            feats.append(f)
            # Places inside a quantity ("1,000 US troops") still count as places.
            for k in range(f.i0, f.i1):
                hit = _place_at(toks, k, cap) if f.kind not in ("place", "region", "country", "adjective") else None
                if hit:
                    feats.append(_place_feat(k, hit[0], hit[1]))
            for k in range(f.i0, f.i1):
                consumed[k] = True
            i = max(f.i1, i + 1)
            continue
        i += 1
    feats.sort(key=lambda f: f.i0)
    return Doc(text, view, index, toks, feats, [f.i0 for f in feats], consumed, cap,
               sentences(view, toks, text, index))


# --- per-clause lexical features ----------------------------------------------


_DAY_BEFORE = frozenset({_F("امس"), _F("من")})


def _start_of_period(toks: Tokens, k: int) -> bool:
    """«أول السنة», «أول الشهر», «أول أمس»: the start of a period (a date), not a first or a record."""
    if not toks.infos[k].arabic or k + 1 >= len(toks.forms) or not toks.adjacent(k + 1):
        return False
    nxt = toks.infos[k + 1]
    return nxt.timey or any(s in lx.TIME_UNITS for s in nxt.stems) or toks.forms[k + 1] in _DAY_BEFORE


def _lexical_feats(doc: Doc, t0: int, t1: int, sent: Sentence) -> tuple[list[Feat], set[str]]:
    """Token-level features (events, predictions, comparisons, names) and penalty flags."""
    toks = doc.toks
    infos = toks.infos
    forms = toks.forms
    out: list[Feat] = []
    flags: set[str] = set()
    k = t0
    while k < t1:
        info = infos[k]
        tags = info.tags
        f = forms[k]
        if "opinion" in tags:
            flags.add("opinion")
        if "hedge" in tags:
            flags.add("hedge")
        if doc.consumed[k]:
            k += 1
            continue
        if info.future:
            out.append(Feat(k, k + 1, "predict"))
        if "predict" in tags:
            out.append(Feat(k, k + 1, "predict"))
        if "event" in tags:
            out.append(Feat(k, k + 1, "event"))
        if "actor" in tags:
            out.append(Feat(k, k + 1, "actor"))
        if "locverb" in tags:
            out.append(Feat(k, k + 1, "locverb"))
        if "neg" in tags or (info.arabic and f in _AR_NEG):
            for j in range(k + 1, min(k + 4, t1)):
                jt = infos[j].tags
                if jt & {"report_v", "report_n"} and not (info.arabic and "unclear" in jt):
                    out.append(Feat(k, j + 1, "negrep"))
                    break
                if "event" in jt or (infos[j].arabic and forms[j][:1] in "يت" and len(forms[j]) > 3):
                    out.append(Feat(k, j + 1, "negevent"))
                    break
        if "compare" in tags and not (k > 0 and forms[k - 1] in (_F("على"), "at")):
            prev = forms[k - 1] if k > 0 else ""
            nxt = forms[k + 1] if k + 1 < len(forms) else ""
            if prev in _COMPARE_PREV_SUP or info.definite or nxt in _COMPARE_NEXT_SUP or (
                nxt.startswith("ال") and nxt != _F("الى")
            ):
                out.append(Feat(k, k + 1, "superlative"))
            else:
                out.append(Feat(k, k + 1, "comparative"))
        if "superlative" in tags and not (k > 0 and forms[k - 1] == "at"):
            out.append(Feat(k, k + 1, "superlative"))
        if "record" in tags and (info.arabic or f != "ever" or any(
            "superlative" in infos[j].tags for j in range(max(t0, k - 3), k))):
            out.append(Feat(k, k + 1, "record"))
        if "first" in tags and not _start_of_period(toks, k):
            out.append(Feat(k, k + 1, "first"))
        if "versus" in tags:
            out.append(Feat(k, k + 1, "comparative"))
        if f in ("seen", "regarded", "viewed") and k + 1 < t1 and forms[k + 1] == "as":
            flags.add("opinion")  # "seen as a sign of ..."
        if "qad" in tags and k + 1 < t1 and (
            (forms[k + 1][:1] in "يتنا" and not forms[k + 1].endswith(("ت", "وا"))) or forms[k + 1] == "لا"
        ):
            flags.add("hedge")
        if "unclear" in tags and (not info.arabic or (k > 0 and forms[k - 1] in _AR_UNCLEAR_PREV)
                                  or f in (_F("غموض"), _F("غامض"), _F("غامضة"))):
            flags.add("unclear")
        if f == "whether" or (f == _F("إذا") and k > 0 and forms[k - 1] == _F("ما")):
            flags.add("whether")
        # Names: quoted Arabic words, capitalised English runs.
        if toks.quoted_name(k) and info.arabic and f not in lx.STOP_WORDS:
            out.append(Feat(k, k + 1, "named"))
        elif doc.cap[k] and f not in _EN_NAME_SKIP and not tags & {"attr_verb"} and f not in lx.MONTHS \
                and f not in lx.WEEKDAYS:
            e = k + 1
            while e < t1 and (doc.cap[e] or (forms[e] in _EN_NAME_LINK and e + 1 < t1 and doc.cap[e + 1])) \
                    and toks.adjacent(e, "-'"):
                e += 1
            if not (k == _sent_first_token(doc, sent) and e == k + 1):
                out.append(Feat(k, e, "named"))
            k = e
            continue
        k += 1
    if sent.question:
        flags.add("question")
    return out, flags


def _sent_first_token(doc: Doc, sent: Sentence) -> int:
    """Index of the first token of a sentence."""
    return bisect_left(doc.toks.starts, sent.start)


# --- attribution frames -------------------------------------------------------


def _source_text(doc: Doc, a: int, b: int) -> str | None:
    """Original text of tokens [a, b) with balanced quotes/brackets, trimmed to a short string."""
    toks = doc.toks
    while a < b and (toks.forms[a] in lx.STOP_WORDS and toks.forms[a] not in ("عن",)):
        a += 1
    while b > a and toks.forms[b - 1] in lx.STOP_WORDS:
        b -= 1
    if b <= a:
        return None
    if b - a > 14:
        b = a + 14
    s, e = _tighten(doc, toks.starts[a], toks.ends[b - 1])
    os_, oe = map_span(doc.index, s, e, len(doc.text))
    out = " ".join(strip_invisible(doc.text[os_:oe]).split())
    return out or None


def _is_named(doc: Doc, a: int, b: int) -> bool:
    """Does the source name someone (organisation, role, quoted or capitalised name, place)?"""
    toks = doc.toks
    for k in range(a, b):
        info = toks.infos[k]
        if info.tags & {"source", "actor"} or toks.quoted_before(k) or (doc.cap[k] and toks.forms[k] not in
                                                                        _EN_NAME_SKIP):
            return True
        if _place_at(toks, k, doc.cap):
            return True
    return False


def _back_reference(doc: Doc, a: int, b: int) -> bool:
    """'المصادر ذاتها', 'the same sources', 'التقرير', 'the report': points to an earlier source."""
    toks = doc.toks
    content = [k for k in range(a, b) if toks.forms[k] not in lx.STOP_WORDS]
    if any("same" in toks.infos[k].tags for k in range(a, b)):
        return True
    if len(content) == 1:
        f = toks.forms[content[0]]
        return f in _DOC_NOUNS or any(s in _DOC_NOUNS for s in toks.infos[content[0]].stems)
    return False


def _pronoun_source(doc: Doc, a: int, b: int) -> bool:
    content = [k for k in range(a, b) if doc.toks.forms[k] not in ("and", "but")]
    return not content or (len(content) == 1 and doc.toks.forms[content[0]] in _EN_PRONOUNS)


def _first_comma_end(doc: Doc, a: int, b: int) -> int:
    """End token index of [a, b) cut at the first comma (drops appositives)."""
    for k in range(a + 1, b):
        if "," in doc.toks.gap(k) or "(" in doc.toks.gap(k):
            return k
    return b


@dataclass
class Frame:
    """An attribution frame found in a fragment."""

    attr: int  # token index of the reporting word
    comp: int | None  # token index of the complementizer (أن / that) or None
    src: tuple[int, int]  # source token range
    kind: str  # 'verb', 'part', 'prep'


_EN_PREP_START = frozenset("in on at after before during for from with by under over as".split())
_EN_REL_START = frozenset("who which whose whom where".split())
_EN_VERBISH = frozenset("welcomed warned argued noted said told added is are was were has have had".split())


def _en_subject(doc: Doc, t0: int, a: int) -> tuple[int, int]:
    """The noun phrase before an English reporting verb, without leading adverbials or relative clauses.

    "In a report presented to members, the head of engineering, Martin Hale, wrote" -> "the head of
    engineering, Martin Hale"; "Councillor X, who chairs ..., said" -> "Councillor X".
    """
    toks = doc.toks
    chunks: list[list[int]] = [[]]
    for k in range(t0, a):
        if k > t0 and "," in toks.gap(k):
            chunks.append([])
        chunks[-1].append(k)
    chunks = [c for c in chunks if c]
    keep: list[list[int]] = []
    for c in chunks:
        first = toks.forms[c[0]]
        if first in _EN_REL_START:
            break
        if first in _EN_PREP_START and not keep:
            continue
        keep.append(c)
    if not keep:
        return (t0, t0)
    s0, s1 = keep[0][0], keep[-1][-1] + 1
    # Cut at a conjunction or a second verb: "Traders in X welcomed the reopening but warned" -> "Traders in X".
    for k in range(s0 + 1, s1):
        f = toks.forms[k]
        if f in ("and", "but") or (f in _EN_VERBISH or (f.endswith("ed") and not doc.cap[k] and len(f) > 4)):
            s1 = k
            break
    return (s0, s1)


def _find_frame(doc: Doc, fr: Fragment, english: bool) -> Frame | None:
    """Locate a reporting word in a fragment and, if any, its complementizer and source."""
    toks = doc.toks
    infos = toks.infos
    forms = toks.forms
    t0, t1 = fr.t0, fr.t1
    limit = t1 if english else min(t1, t0 + 7)
    a = None
    kind = ""
    for k in range(t0, limit):
        tags = infos[k].tags
        negated = any("neg" in infos[j].tags or forms[j] in _AR_NEG for j in range(max(t0, k - 2), k))
        if english and forms[k] == "according" and k + 1 < t1 and forms[k + 1] == "to":
            a, kind = k, "prep"
            break
        if english and forms[k] == "citing":
            a, kind = k, "prep"
            break
        if "attr_prep" in tags and not english:
            a, kind = k, "prep"
            break
        adjectival = k > t0 and forms[k - 1] in ("a", "an", "the")  # "an estimated $3.5m"
        if "attr_verb" in tags and not doc.consumed[k] and not negated and not adjectival:
            a, kind = k, "verb"
            break
        if "attr_part" in tags and not english:
            a, kind = k, "part"
            break
    if a is None and not english and t1 - t0 <= 10 and "attr_verb" in infos[t1 - 1].tags:
        a, kind = t1 - 1, "verb"  # "وكان مراسلنا في المدينة رصد"
    if a is None:
        return None
    comp = None
    # "said that", "told reporters on Tuesday that"; Arabic "أن/إن" may come after a longer source.
    for k in range(a + 1, min(t1, a + (5 if english else 16))):
        if english:
            if forms[k] == "that":
                comp = k
                break
        elif forms[k] in lx.COMPLEMENTIZERS_AR:
            comp = k
            break
    if kind == "prep":
        s0 = a + 2 if english and forms[a] == "according" else a + 1
        # "بحسب ما أعلنت وزارة ..."
        while s0 < t1 and (forms[s0] == _F("ما") or "attr_verb" in infos[s0].tags):
            s0 += 1
        s1 = comp if comp is not None else (_first_comma_end(doc, s0, t1) if english else t1)
        return Frame(a, comp, (s0, s1), kind)
    if kind == "part":
        return Frame(a, comp, (a, a), kind)
    if not english and "predict" in infos[a].tags and comp is not None and comp <= a + 1:
        return None  # impersonal "يُتوقع أن ...": a prediction inside the claim, not a source
    if english:
        src = _en_subject(doc, t0, a) if a > t0 else (a, a)
        if src[0] == src[1] or (_pronoun_source(doc, *src) and a + 1 < t1 and doc.cap[a + 1]):
            # "..., said Tom Ellery, leader of ..."
            if a + 1 < t1 and doc.cap[a + 1]:
                src = (a + 1, _first_comma_end(doc, a + 1, t1))
        # "the pilot reported higher attendance": a reporting verb needs a speaker for a subject.
        if src[1] > src[0] and not (_is_named(doc, *src) or _pronoun_source(doc, *src)):
            return None
        if src[0] == src[1] and a - t0 > 3:
            return None
        return Frame(a, comp, src, kind)
    before = [k for k in range(t0, a) if forms[k] not in _AR_FRAME_SKIP and not infos[k].tags & {"neg"}]
    if a > t0 and before and any(infos[k].tags & {"source", "actor"} for k in before):
        return Frame(a, comp, (before[0], a), kind)  # "وكان مراسلنا في المدينة رصد"
    return Frame(a, comp, (a + 1, comp if comp is not None else t1), kind)


def _has_value(doc: Doc, t0: int, t1: int, kinds: frozenset[str]) -> bool:
    i = bisect_left(doc.feat_starts, t0)
    while i < len(doc.feats) and doc.feats[i].i0 < t1:
        if doc.feats[i].kind in kinds:
            return True
        i += 1
    return False


_FRAME_BLOCKERS = frozenset({"qty", "money", "percent", "qty_bare", "qty_vague", "fraction", "dur", "year",
                             "decade"})


@dataclass
class _Slot:
    """One fragment of a sentence while its attribution is being worked out."""

    fr: Fragment
    c0: int  # content token range; a frame's own words are left out
    c1: int
    role: str = "content"  # "content", "frame" (says who speaks) or "internal" (belongs to a frame)
    src: str | None = None
    named: bool = False
    direct: bool = False  # introduced by the frame itself ("أن ...", "said ...")
    predicted: bool = False  # the frame is an expectation ("ويتوقع خبراء أن ...")

    def attribute(self, src: str | None, named: bool, predicted: bool = False) -> None:
        """Mark this slot as the direct content of a frame."""
        self.src, self.named, self.direct, self.predicted = src, named, True, predicted


def _opens_content(forms: list[str], fr: Fragment) -> bool:
    return forms[fr.t0] in lx.COMPLEMENTIZERS_AR or forms[fr.t0] == "that"


def clauses(doc: Doc) -> list[Clause]:
    """Content clauses of the document with their attribution."""
    out: list[Clause] = []
    last_source: list[str | None] = [None]  # the last named source, for "المصادر ذاتها" / "he said"
    for si, sent in enumerate(doc.sents):
        frs = _merge(doc, fragments(doc.view, doc.toks, sent, si), sent.english)
        slots = [_Slot(fr, fr.t0, fr.t1) for fr in frs]
        _find_frames(doc, sent, slots, last_source)
        _propagate(doc, slots)
        for sl in slots:
            if sl.role == "content" and sl.c0 < sl.c1:
                ak = ("attr_named" if sl.named else "attr_other") if sl.direct else None
                out.append(Clause(sl.c0, sl.c1, si, sl.src, ak, sl.predicted))
    return out


def _frame_source(doc: Doc, fm: Frame, last_source: list[str | None]) -> tuple[str | None, bool]:
    """Source text of a frame and whether it names someone; back-references resolve to the last source."""
    a, b = fm.src
    if fm.kind == "part" or _pronoun_source(doc, a, b):
        return last_source[0], False
    if _back_reference(doc, a, b):
        return last_source[0] or _source_text(doc, a, b), False
    src = _source_text(doc, a, b)
    named = _is_named(doc, a, b)
    if named and src:
        last_source[0] = src
    return src, named


def _find_frames(doc: Doc, sent: Sentence, slots: list[_Slot], last_source: list[str | None]) -> None:
    """Find attribution frames in a sentence and attach their source to the clauses they introduce."""
    toks = doc.toks
    forms = toks.forms
    english = sent.english
    k = 0
    while k < len(slots):
        sl = slots[k]
        fr = sl.fr
        fm = _find_frame(doc, fr, english)
        if fm is None:
            k += 1
            continue
        src, named = _frame_source(doc, fm, last_source)
        expects = "predict" in toks.infos[fm.attr].tags
        if fm.comp is not None:
            # "أشارت وكالة X إلى أن ...", "X said that ...": the content follows in the same fragment.
            sl.c0 = fm.comp + 1
            sl.attribute(src, named, expects)
            k += 1
            continue
        if english and k > 0 and fm.kind == "verb" and (_speaker_before(doc, slots, k, fm, last_source)
                                                         or _and_said(doc, slots, k, fm, last_source)):
            k += 1
            continue
        ahead = [j for j in range(k + 1, min(k + 4, len(slots))) if _opens_content(forms, slots[j].fr)]
        pure = _is_pure_frame(doc, fr, fm, k, len(slots), english, bool(ahead))
        if english and fm.kind == "prep" and fm.attr > fr.t0 + 2:
            # "..., according to X" inside a fragment: the content precedes it.
            sl.c0, sl.c1 = fr.t0, fm.attr
            sl.attribute(src, named)
            k += 1
            continue
        if not pure:
            if english and fm.kind == "verb" and fm.attr > fr.t0 and fm.attr + 2 < fr.t1:
                # "Councillor X, who ..., said the barrier would protect ..."
                sl.c0 = fm.attr + 1
                sl.attribute(src, named)
            elif english and fm.kind == "prep" and fm.src[1] < fr.t1 - 1:
                sl.c0 = fm.src[1]  # "According to X, ..."
                sl.attribute(src, named)
            k += 1
            continue
        sl.role, sl.src, sl.named = "frame", src, named
        if ahead:
            # Fragments between a frame and its "أن/إن ..." belong to the frame ("، الأحد 9 من آذار،");
            # a "عن ..." fragment names whom the source cites.
            comp_at = ahead[0]
            cited = []
            for j in range(k + 1, comp_at):
                slots[j].role = "internal"
                if forms[slots[j].fr.t0] == _F("عن"):
                    cited.append(_source_text(doc, slots[j].fr.t0, slots[j].fr.t1))
            if cited and src:
                src = " ".join([src, *[c for c in cited if c]])
                sl.src = src
                if named:
                    last_source[0] = src
            slots[comp_at].c0 = slots[comp_at].fr.t0 + 1
            slots[comp_at].attribute(src, named, expects)
            k = comp_at + 1
            continue
        trailing = english and k > 0 and fm.attr - fr.t0 <= 3
        if k + 1 < len(slots) and not trailing:
            slots[k + 1].attribute(src, named)
        elif k > 0:
            slots[k - 1].attribute(src, named)  # trailing frame: "..., the authority said."
        k += 1


def _speaker_before(doc: Doc, slots: list[_Slot], k: int, fm: Frame, last_source: list[str | None]) -> bool:
    """", who spoke on condition of anonymity, said a customs dispute ...": the fragment before the verb
    names the speaker (a frame, not a claim); the rest of this fragment is what they said."""
    sl = slots[k]
    c0 = attribution.content_after_verb(doc.toks.forms, doc.cap, sl.fr.t0, sl.fr.t1, fm.attr, fm.comp is not None)
    prev = slots[k - 1]
    if c0 is None or prev.role != "content" or prev.direct:
        return False
    s0, s1 = _en_subject(doc, prev.fr.t0, prev.fr.t1)
    if s1 <= s0:
        return False
    src = _source_text(doc, s0, s1)
    named = _is_named(doc, s0, s1)
    if named and src:
        last_source[0] = src
    prev.role, prev.src, prev.named = "frame", src, named
    sl.c0 = c0
    sl.attribute(src, named)
    return True


def _and_said(doc: Doc, slots: list[_Slot], k: int, fm: Frame, last_source: list[str | None]) -> bool:
    """"X denied ..., and said the delay was caused by ...": a second reported clause of the same speaker."""
    sl = slots[k]
    forms = doc.toks.forms
    if forms[sl.fr.t0] not in ("and", "but") or fm.attr != sl.fr.t0 + 1:
        return False
    c0 = attribution.content_after_verb(forms, doc.cap, fm.attr, sl.fr.t1, fm.attr, fm.comp is not None)
    prev = slots[k - 1]
    src = prev.src or last_source[0]
    if c0 is None or src is None:
        return False
    sl.c0 = c0
    sl.attribute(src, prev.named)
    return True


def _propagate(doc: Doc, slots: list[_Slot]) -> None:
    """Second complements, date-only context, and carrying the source through the sentence."""
    forms = doc.toks.forms
    # "، وإن نتائجها ستعلن ..." / "and that ...": a further complement of the same reporting verb.
    for j in range(1, len(slots)):
        sl = slots[j]
        f0 = forms[sl.fr.t0]
        second = f0 in lx.COMPLEMENTIZERS_AR or (f0 == "and" and sl.fr.t0 + 1 < sl.fr.t1
                                                 and forms[sl.fr.t0 + 1] == "that")
        if second and sl.role == "content" and not sl.direct:
            prev = [p for p in slots[:j] if p.direct and p.src is not None]
            if prev:
                sl.attribute(prev[-1].src, prev[-1].named)
                sl.c0 = sl.fr.t0 + (2 if f0 == "and" else 1)
    # A fragment that only dates the report ("الأحد 9 من آذار", "صباح السبت") is context.
    for j, sl in enumerate(slots):
        if sl.role == "content" and _time_only(doc, sl.c0, sl.fr.t1):
            sl.role = "internal"
            nxt = slots[j + 1] if j + 1 < len(slots) else None
            if sl.direct and nxt is not None and nxt.role == "content" and nxt.src is None:
                nxt.attribute(sl.src, sl.named)
    # Carry the source forward through the sentence; a final frame also covers what precedes it.
    current = None
    for sl in slots:
        if sl.src is not None and sl.role in ("frame", "content"):
            current = sl.src
        elif sl.role == "content" and current is not None:
            sl.src = current
    frames = [j for j, sl in enumerate(slots) if sl.role == "frame"]
    if frames and frames[0] == len(slots) - 1:
        for sl in slots[:frames[0]]:
            if sl.src is None:
                sl.src = slots[frames[0]].src


_TIME_KINDS = frozenset({"date", "weekday", "month", "rel", "reldate", "year"})


def _time_only(doc: Doc, t0: int, t1: int) -> bool:
    """True when every content word of [t0, t1) belongs to a date or relative-time expression."""
    covered = set()
    i = bisect_left(doc.feat_starts, max(0, t0 - 2))
    while i < len(doc.feats) and doc.feats[i].i0 < t1:
        f = doc.feats[i]
        if f.kind in _TIME_KINDS:
            covered.update(range(f.i0, f.i1))
        elif f.i1 > t0:
            return False
        i += 1
    if not covered:
        return False
    return all(k in covered or doc.toks.forms[k] in lx.STOP_WORDS or doc.toks.forms[k] in lx.DAYPARTS
               or "future_rel" in doc.toks.infos[k].tags or "past_rel" in doc.toks.infos[k].tags
               for k in range(t0, t1))


def _is_pure_frame(doc: Doc, fr: Fragment, fm: Frame, k: int, nfr: int, english: bool, comp_ahead: bool) -> bool:
    """A fragment that only says who speaks ("ونقلت مصادر ...", "according to X", "he said")."""
    toks = doc.toks
    if english:
        if fm.kind == "prep":
            return fm.src[1] >= fr.t1 - 1
        return fm.attr - fr.t0 <= 4 and (k > 0 or fm.attr >= fr.t1 - 3)
    if comp_ahead and fm.kind == "verb" and fm.attr <= fr.t0 + 1 and fr.t1 - fr.t0 <= 10:
        return True  # "وقال اثنان من موظفي الجمارك، ...، إن ...": a count of speakers is no claim
    if fr.t1 - fr.t0 > 14 or _has_value(doc, fr.t0, fr.t1, _FRAME_BLOCKERS):
        return False
    if fm.kind == "prep":
        return True
    if k + 1 >= nfr:
        return False
    if comp_ahead:
        return True  # "وقال وزير النقل، ...، إن ...": the verb's complement is the "إن" clause
    return not any("event" in toks.infos[j].tags and "attr_verb" not in toks.infos[j].tags
                   for j in range(fr.t0, fr.t1) if j != fm.attr)


_MERGE_MAX = 8


def _merge(doc: Doc, frs: list[Fragment], english: bool) -> list[Fragment]:
    """Join fragments that cannot stand alone to their neighbour.

    Listed names ("، و”التنف”"), 2-word openers ("من جهتها") and short fragments
    with nothing checkable of their own (subordinate tails such as "بعدما أغلقت
    البقية ...", "، التي ...", "and a care home ...") belong to the clause before.
    A fragment that opens with "أن/إن/that" is never merged: it carries a
    frame's content.
    """
    if len(frs) <= 1:
        return frs
    toks = doc.toks
    out: list[Fragment] = []
    pending: Fragment | None = None
    for fr in frs:
        if pending is not None:
            fr = Fragment(pending.start, fr.end, pending.t0, fr.t1, fr.sent)
            pending = None
        size = fr.t1 - fr.t0
        first = toks.infos[fr.t0]
        first_form = toks.forms[fr.t0]
        starts_and = first.conj or first_form in ("و", "and")
        # "و”التنف”": the conjunction may be a token of its own before a quote.
        name_at = fr.t0 + 1 if first_form == "و" and fr.t1 > fr.t0 + 1 else fr.t0
        coord_name = starts_and and (toks.quoted_before(name_at) or _place_at(toks, name_at, doc.cap) is not None)
        opens_content = first_form in lx.COMPLEMENTIZERS_AR or first_form == "that"
        concrete = _has_value(doc, fr.t0, fr.t1, CONCRETE) or _has_names(doc, fr)
        prev_is_frame = bool(out) and _mentions_source(doc, out[-1])
        is_frame = _mentions_source(doc, fr)
        if out and not opens_content and (
            coord_name or (size <= _MERGE_MAX and not concrete and not prev_is_frame and not is_frame)
        ):
            prev = out.pop()
            out.append(Fragment(prev.start, fr.end, prev.t0, fr.t1, fr.sent))
            continue
        if size <= 2 and not concrete and not is_frame:
            pending = fr
            continue
        out.append(fr)
    if pending is not None:
        if out:
            prev = out.pop()
            out.append(Fragment(prev.start, pending.end, prev.t0, pending.t1, pending.sent))
        else:
            out.append(pending)
    return out


def _has_names(doc: Doc, fr: Fragment) -> bool:
    """Quoted names or capitalised English names inside a fragment (not counting its first word)."""
    toks = doc.toks
    for k in range(fr.t0, fr.t1):
        if toks.infos[k].arabic and toks.quoted_name(k):
            return True
        if k > fr.t0 and doc.cap[k] and toks.forms[k] not in _EN_NAME_SKIP:
            return True
    return False


def _mentions_source(doc: Doc, fr: Fragment) -> bool:
    """Does a fragment hold a reporting word with no "أن/that" after it (so it may be a pure frame)?"""
    toks = doc.toks
    english = not toks.infos[fr.t0].arabic
    # Frames open with the reporting word ("ونقلت ...", "بحسب ...", "he said") or, in Arabic, end with it.
    where = [*range(fr.t0, min(fr.t1, fr.t0 + (4 if english else 3))), fr.t1 - 1]
    for k in where:
        if toks.infos[k].tags & {"attr_verb", "attr_prep", "attr_part"} or toks.forms[k] == "according":
            return not any(toks.forms[j] in lx.COMPLEMENTIZERS_AR or toks.forms[j] == "that"
                           for j in range(k + 1, fr.t1))
    return any(toks.forms[k] == "according" for k in range(fr.t0, fr.t1))


# --- scoring --------------------------------------------------------------------


@dataclass
class Scored:
    """A scored span of tokens."""

    t0: int
    t1: int
    score: float
    kind: str
    feats: list[Feat]
    flags: set[str]
    clause: Clause


def _value_feats(doc: Doc, t0: int, t1: int) -> list[Feat]:
    i = bisect_left(doc.feat_starts, t0)
    out = []
    while i < len(doc.feats) and doc.feats[i].i0 < t1:
        if doc.feats[i].i1 <= t1 or doc.feats[i].i0 >= t0:
            out.append(doc.feats[i])
        i += 1
    return out


def _score(feats: list[Feat], flags: set[str], attr_kind: str | None) -> tuple[float, set[str]]:
    kinds = {f.kind for f in feats}
    if attr_kind:
        kinds.add(attr_kind)
    keep = 1.0
    seen_place = 0
    places = set()
    for f in feats:
        if f.kind in ("place", "region"):
            key = f.value.get("place") or f.value.get("name")
            if key in places:
                continue
            places.add(key)
            seen_place += 1
            keep *= 1 - (WEIGHTS[f.kind] if seen_place == 1 else 0.1 if seen_place <= 3 else 0)
    for k in kinds:
        if k in ("place", "region"):
            continue
        keep *= 1 - WEIGHTS.get(k, 0)
    score = 1 - keep
    if not kinds & CONCRETE:
        score = min(score, 0.3)
    if not kinds & NUMERIC:
        for flag in flags:
            score *= PENALTY.get(flag, 1)
    elif "question" in flags:
        score *= PENALTY["question"]
    return max(0.0, min(1.0, score)), kinds


_KIND_ORDER = [
    ("quantity", {"qty", "money", "percent", "qty_bare", "qty_vague", "fraction", "times"}),
    ("duration", {"dur"}),
    ("comparison", {"superlative", "record"}),
    ("time", {"date", "year", "decade", "month"}),
    ("place", {"locverb"}),
    ("event", {"predict", "negrep", "negevent"}),
    ("place", {"place", "region"}),
    ("comparison", {"comparative", "first"}),
    ("event", {"event"}),
    ("attribution", {"attr_named", "attr_other"}),
    ("time", {"weekday", "rel", "reldate"}),
    ("place", {"country", "named"}),
]


def _kind(kinds: set[str]) -> str:
    for name, ks in _KIND_ORDER:
        if kinds & ks:
            return name
    return "other"


def _windows(feats: list[Feat], t0: int, t1: int) -> list[tuple[int, int]]:
    """Cut an over-long clause into windows around clusters of features."""
    strong = sorted((f for f in feats if f.kind not in ("actor", "adjective")), key=lambda f: f.i0)
    out: list[tuple[int, int]] = []
    for f in strong:
        a, b = max(t0, f.i0 - WINDOW_PAD), min(t1, f.i1 + WINDOW_PAD)
        if out and a <= out[-1][1] + 2 and b - out[-1][0] <= MAX_CLAUSE_TOKENS:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            if out and a < out[-1][1]:
                a = out[-1][1]
            if b > a:
                out.append((a, b))
    return out


def score_clauses(doc: Doc, cls: list[Clause]) -> list[Scored]:
    """Score every clause (or window of an over-long clause)."""
    out: list[Scored] = []
    for c in cls:
        sent = doc.sents[c.sent]
        vf = _value_feats(doc, c.t0, c.t1)
        lf, flags = _lexical_feats(doc, c.t0, c.t1, sent)
        feats = vf + lf
        spans = [(c.t0, c.t1)] if c.t1 - c.t0 <= MAX_CLAUSE_TOKENS else _windows(feats, c.t0, c.t1)
        starts: list[int] = []
        if spans != [(c.t0, c.t1)]:  # windows slice the sorted features, even when there is only one window
            feats.sort(key=lambda f: f.i0)
            starts = [f.i0 for f in feats]
        for a, b in spans:
            if (a, b) == (c.t0, c.t1):
                fs = feats
            else:  # windows of an over-long clause: slice the sorted features (linear overall)
                lo, hi = bisect_left(starts, a), bisect_left(starts, b)
                fs = [f for f in feats[lo:hi] if f.i1 <= b]
            if c.predicted:
                fs = [*fs, Feat(a, a, "predict")]
            score, kinds = _score(fs, flags, c.attr_kind if a == c.t0 else None)
            out.append(Scored(a, b, score, _kind(kinds), fs, flags, c))
    return out


# --- output -----------------------------------------------------------------------

_OPENERS = "“«\"(„"
_CLOSERS = "”»\")"


def _tighten(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Include a closing quote/bracket that balances one opened inside the span (and vice versa)."""
    view = doc.view
    inner = view[s:e]
    opens = sum(inner.count(c) for c in "“«(")
    closes = sum(inner.count(c) for c in "”»)")
    plain = inner.count('"')
    while e < len(view) and view[e] in _CLOSERS and (opens > closes or plain % 2 == 1):
        if view[e] == '"':
            plain += 1
        else:
            closes += 1
        e += 1
    while s > 0 and view[s - 1] in _OPENERS and (closes > opens or plain % 2 == 1):
        if view[s - 1] == '"':
            plain += 1
        else:
            opens += 1
        s -= 1
    return s, e


_TAG_OPEN_RE = regex.compile(r"<([A-Za-z][A-Za-z0-9]{0,10})\b[^<>\n]{0,300}>")
_TAG_CLOSE_RE = regex.compile(r"</([A-Za-z][A-Za-z0-9]{0,10})\s*>")


def _balance_tags(text: str, s: int, e: int) -> tuple[int, int]:
    """Take in the closing tag of an inline tag opened inside the quote ("<i>Monday" -> "<i>Monday</i>")."""
    inner = text[s:e]
    opened = [m.group(1).lower() for m in _TAG_OPEN_RE.finditer(inner)]
    for m in _TAG_CLOSE_RE.finditer(inner):
        name = m.group(1).lower()
        if name in opened:
            opened.remove(name)
        else:
            # closed inside but opened just before the quote: take the opening tag in
            b = _TAG_OPEN_RE.search(text, max(0, s - 120), s)
            if b is not None and b.group(1).lower() == name and not text[b.end():s].strip():
                s = b.start()
    while opened:
        m = _TAG_CLOSE_RE.match(text, e)
        if not m or m.group(1).lower() not in opened:
            break
        opened.remove(m.group(1).lower())
        e = m.end()
    return s, e


def _reason(kinds: set[str], feats: list[Feat], attributed: bool) -> str:
    order = sorted((k for k in kinds if k in _LABELS and k not in ("actor", "adjective")),
                   key=lambda k: -WEIGHTS.get(k, 0))
    labels: list[str] = []
    for k in order:
        lab = _LABELS[k]
        if lab not in labels:
            labels.append(lab)
    if any(f.value.get("unit") for f in feats) and "number" in labels:
        labels[labels.index("number")] = "number + unit"
    if any(f.value.get("approx") or f.value.get("qualifier") for f in feats):
        labels.insert(1, "qualifier")
    labels = labels[:3]
    if attributed and "attributed statement" not in labels and "reported statement" not in labels:
        labels.append("attribution")
    return " + ".join(labels) or "statement"


_NUMERIC_PRIORITY = ["qty", "money", "percent", "dur", "date", "year", "decade", "fraction", "qty_vague",
                     "times", "qty_bare", "month", "reldate", "weekday", "rel"]


def _values(feats: list[Feat], predicted: bool) -> dict:
    numeric = [f for f in feats if f.kind in _NUMERIC_PRIORITY]
    numeric.sort(key=lambda f: (_NUMERIC_PRIORITY.index(f.kind), f.i0))
    vals: dict = {}
    if numeric:
        vals.update(numeric[0].value)
        if len(numeric) > 1:
            vals["items"] = [dict(f.value) for f in sorted(numeric[1:], key=lambda f: f.i0)]
    places = []
    for f in feats:
        if f.kind in ("place", "region", "country", "adjective") and "place" in f.value:
            if f.value["place"] not in places:
                places.append(f.value["place"])
        elif f.kind == "place" and "name" in f.value and f.value["name"] not in places:
            places.append(f.value["name"])
    if places:
        vals["places"] = places
    comp = [f.kind for f in feats if f.kind in ("superlative", "record", "comparative", "first")]
    if comp:
        vals["comparison"] = "superlative" if {"superlative", "record", "first"} & set(comp) else "comparative"
    if predicted:
        vals["prediction"] = True
    return vals


def _recheck(feats: list[Feat], today: date) -> date:
    """Suggested re-check date for a prediction: its horizon plus a week's margin."""
    try:
        return _recheck_date(feats, today)
    except (OverflowError, ValueError):
        return date.max  # only reachable with a "today" at the end of the calendar


def _recheck_date(feats: list[Feat], today: date) -> date:
    margin = timedelta(days=7)
    for f in feats:
        if f.kind == "dur" and "duration_days" in f.value:
            # "once in every 200 years" is a frequency, not a horizon: cap re-checks at five years.
            days = min(float(f.value["duration_days"]), 1825.0)
            return today + timedelta(days=int(-(-days // 1))) + margin
    for f in feats:
        v = f.value
        if f.kind == "date" and "month" in v:
            year = v.get("year") or today.year
            try:
                d = date(year, v["month"], v.get("day") or 28)
            except ValueError:
                continue
            if d < today and "year" not in v and year < date.max.year:
                d = date(year + 1, d.month, d.day)
            if d >= today:
                return d + timedelta(days=1)
        if f.kind == "month" and "month" in v and v.get("relative") != "past" and today.year < date.max.year:
            year = today.year if v["month"] >= today.month else today.year + 1
            return date(year, v["month"], 28) + margin
        if f.kind == "year" and today.year < v.get("year", 0) <= today.year + 50:
            return date(v["year"], 12, 31)
    for f in feats:
        if f.kind in ("rel", "reldate") and f.value.get("relative") in ("future", "after"):
            unit = f.value.get("unit")
            days = {"day": 7, "week": 28, "month": 90, "year": 365}.get(str(unit), 30)
            return today + timedelta(days=days)
    return today + timedelta(days=30)


def run(text: str, today: date, threshold: float = THRESHOLD) -> list[dict]:
    """Suggest claims; returns plain dicts (the public wrapper builds Suggestion objects)."""
    return analyse_acts(text, today, threshold)[0]


def analyse(text: str, today: date, threshold: float = THRESHOLD) -> tuple[list[dict], list[tuple[int, int]]]:
    """Spans scoring at least ``threshold`` by the rules, and the sentences they were read from."""
    rows, spans, _ = analyse_acts(text, today, threshold)
    return rows, spans


def analyse_acts(text: str, today: date, threshold: float = THRESHOLD
                 ) -> tuple[list[dict], list[tuple[int, int]], set[int]]:
    """As :func:`analyse`, with the indexes of the sentences never to be suggested whole (questions,
    a moderator's lines, promises, rhetoric: see :mod:`app.suggest.speech_acts`)."""
    if not text or not text.strip():
        return [], [], set()
    doc = extract(text)
    moderated = _moderated_sentences(doc)
    blocked = {k for k in range(len(doc.sents)) if speech_acts.sentence_blocked(doc, k, k in moderated)}
    return _spans(doc, today, threshold, blocked, moderated), _sentence_spans(doc), blocked


def _moderated_sentences(doc: Doc) -> set[int]:
    """Sentences in a transcript turn a moderator's speaker label opens."""
    lines = speech_acts.moderator_lines(doc.view)
    if not lines:
        return set()
    starts = [a for a, _ in lines]
    return {k for k, sent in enumerate(doc.sents) if speech_acts.in_spans(lines, starts, sent.start)}


def _spans(doc: Doc, today: date, threshold: float, blocked: set[int] | None = None,
           moderated: set[int] | None = None) -> list[dict]:
    text = doc.text
    cls = clauses(doc)
    scored = score_clauses(doc, cls)
    out: list[dict] = []
    last_end = -1
    toks = doc.toks
    blocked = blocked if blocked is not None else set()
    moderated = moderated or set()
    for sc in sorted(scored, key=lambda s: s.t0):
        if round(sc.score, 3) < threshold:  # compared as shown
            continue
        si = sc.clause.sent
        if speech_acts.clause_blocked(doc, sc, today, si in blocked, si in moderated):
            blocked.add(si)  # nor is its sentence suggested whole in its place
            continue
        s, e = toks.starts[sc.t0], toks.ends[sc.t1 - 1]
        s, e = _tighten(doc, s, e)
        os_, oe = map_span(doc.index, s, e, len(text))
        if "<" in text[os_:oe]:
            os_, oe = _balance_tags(text, os_, oe)
        if os_ < last_end:
            os_ = last_end
            while os_ < oe and text[os_].isspace():
                os_ += 1
        if oe <= os_:
            continue
        kinds = {f.kind for f in sc.feats}
        if sc.clause.attr_kind and sc.t0 == sc.clause.t0:
            kinds.add(sc.clause.attr_kind)
        predicted = "predict" in kinds
        out.append({
            "start": os_, "end": oe, "quote": text[os_:oe], "kind": sc.kind, "score": round(sc.score, 3),
            "attributed_to": sc.clause.attributed_to,
            "values": _values(sc.feats, predicted),
            "reason": _reason(kinds, sc.feats, sc.clause.attributed_to is not None),
            "recheck_on": _recheck(sc.feats, today) if predicted else None,
        })
        last_end = oe
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences the engine reads (headings and boilerplate skipped), as spans of ``text``."""
    if not text or not text.strip():
        return []
    doc = extract(text)
    return _sentence_spans(doc)


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    out = []
    for sent in doc.sents:
        s, e = map_span(doc.index, sent.start, sent.end, len(doc.text))
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
