"""What a sentence or clause does, when it states nothing checkable: questions, a moderator's lines,
a thread's opening post, promises, rhetoric and predictions that only time can settle.

None of these is suggested, unless a clause of it carries a checkable past or present fact of its own
("After 2,000 teachers left last year, what will you do?" keeps the fact).  The engine asks
:func:`sentence_act` once per sentence and :func:`clause_blocked` per scored clause.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

import regex

from . import lexicon as lx

_F = lx.word

# Speaker labels of a transcript turn that runs the session rather than making claims.
_MODERATOR_LABEL_RE = regex.compile(
    r"^\s*(?:moderator|host|chair|chairman|chairwoman|presenter|interviewer|anchor|q"
    r"|المحاور|المحاورة|المذيع|المذيعة|مقدم البرنامج|مقدمة البرنامج|مقدم الحلقة|مقدمة الحلقة|مدير الجلسة"
    r"|مديرة الجلسة|مدير الحوار|مديرة الحوار|رئيس الجلسة|رئيسة الجلسة|س)\s*[:：]",
    regex.IGNORECASE)
# Words of a short line that runs a debate or an interview ("Governor, thirty seconds.", «شكراً، تفضل»).
_MODERATOR_CUES = frozenset(
    "seconds minute minutes time thank thanks welcome rebuttal respond response question questions turn floor go "
    "ahead moving move recognises recognizes item".split()
) | frozenset(_F(w) for w in "ثانية ثوان ثواني ثوانٍ دقيقة دقيقتان دقيقتين شكرا شكراً تفضل تفضلي الوقت السؤال "
                             "التالي ننتقل انتهى وقتك الكلمة المداخلة أهلا مرحبا البند".split())
_MODERATOR_MAX_TOKENS = 8

_EN_QUESTION_WORDS = frozenset(
    "what how why when where who whom whose which do does did is are was were will would can could should "
    "shall have has isn't aren't don't doesn't didn't won't".split())
_AR_QUESTION_WORDS = frozenset(_F(w) for w in "هل ماذا كيف لماذا متى أين كم ما أليس ألا".split())

_EN_FIRST = frozenset("i we".split())
_EN_PROMISE_VERBS = frozenset("promise promised pledge pledged vow vowed guarantee commit".split())
_EN_FUTURE = frozenset("will shall".split())
_EN_FIRST_FUTURE = frozenset("i'll we'll i'm we're".split())
_AR_PROMISE = frozenset(_F(w) for w in "أعدكم أعدك نعدكم نعد أعد أتعهد نتعهد أتعهّد نتعهّد".split())
# Nouns that open with "سا" like a first-person future verb ("سأبني").
_AR_SA_NOUNS = frozenset(_F(w) for w in (
    "ساعة ساعات ساعتين ساعتان سابق سابقة سابقا سابقين ساحة ساحات ساحل الساحل سادس سادسة ساكن ساكنين سالم سامي "
    "سائق سائقين سائقو ساري سارية ساخن ساخنة سامر سارة سالفة ساعد ساعدت ساهم ساهمت ساهمنا سافر سافرت").split())
_AR_CLITICS = ("و", "ف")

# A day of the week dates an event days away: a prediction with only that is settled by waiting.
_TIMING_ONLY = frozenset({"weekday"})
_NUMERIC = frozenset({"qty", "money", "percent", "qty_bare", "qty_vague", "fraction", "times", "dur", "date",
                      "year", "decade"})


def moderator_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` that a moderator's speaker label opens (a transcript's host turns)."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if end - pos and _MODERATOR_LABEL_RE.match(text, pos, min(end, pos + 40)):
            out.append((pos, end))
        pos = end + 1
    return out


def in_spans(spans: Sequence[tuple[int, int]], starts: Sequence[int], at: int) -> bool:
    """Is offset ``at`` inside one of the sorted, disjoint ``spans`` (``starts``: their starts)?"""
    k = bisect_right(starts, at) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


def _strip_clitic(form: str) -> str:
    return form[1:] if len(form) > 4 and form.startswith(_AR_CLITICS) else form


def first_person_future(forms: Sequence[str], infos: Sequence, k: int) -> bool:
    """Does token k open a first-person commitment ("I will", "we'll", "I promise", «سأبني», «سنعيد», «أتعهد»)?"""
    f = forms[k]
    if f in _EN_FIRST_FUTURE:
        nxt = forms[k + 1] if k + 1 < len(forms) else ""
        return f.endswith("'ll") or nxt == "going"
    if f in _EN_FIRST:
        for j in range(k + 1, min(k + 3, len(forms))):
            g = forms[j]
            if g in _EN_FUTURE or g in _EN_PROMISE_VERBS or (g in ("am", "are") and j + 1 < len(forms)
                                                              and forms[j + 1] == "going"):
                return True
        return False
    if not infos[k].arabic:
        return False
    bare = _strip_clitic(f)
    if bare in _AR_PROMISE or f in _AR_PROMISE:
        return True
    if bare.startswith("سا") and len(bare) >= 4 and bare not in _AR_SA_NOUNS and f not in _AR_SA_NOUNS:
        return True
    if bare.startswith("سن") and infos[k].future:
        return True
    if bare == "سوف" and k + 1 < len(forms) and forms[k + 1][:1] in ("ا", "ن"):
        return True
    return False


def is_moderator_line(forms: Sequence[str], t0: int, t1: int) -> bool:
    """A short line that runs the session ("Governor, thirty seconds.", «شكراً معالي الوزير، تفضل»)."""
    if t1 - t0 > _MODERATOR_MAX_TOKENS or t1 <= t0:
        return False
    return any(forms[k] in _MODERATOR_CUES or _strip_clitic(forms[k]) in _MODERATOR_CUES for k in range(t0, t1))


def past_or_present_fact(kinds_at: Sequence[tuple[str, dict]], forms: Sequence[str], infos: Sequence,
                         t0: int, t1: int, today: date) -> bool:
    """A clause holds a figure tied to the past or present: a past year or date, or a number with
    "last", "ago", "already", «الماضي»…  (what stays checkable inside a promise or a question)."""
    numeric = [(k, v) for k, v in kinds_at if k in _NUMERIC]
    if not numeric:
        return False
    for kind, value in numeric:
        year = value.get("year")
        if kind in ("year", "date") and isinstance(year, int) and year < today.year:
            return True
    return any("past_rel" in infos[k].tags for k in range(t0, t1))


def promise(forms: Sequence[str], infos: Sequence, t0: int, t1: int) -> bool:
    """A clause with a first-person commitment in it."""
    return any(first_person_future(forms, infos, k) for k in range(t0, t1))


def timing_only_prediction(kinds: set[str]) -> bool:
    """A prediction whose only values say when ("would begin on Wednesday"): settled by waiting, not checking."""
    return "predict" in kinds and not kinds & _NUMERIC and bool(kinds & _TIMING_ONLY) and not kinds & {
        "superlative", "record", "place", "region", "named"}


def opens_question(forms: Sequence[str], infos: Sequence, t0: int) -> bool:
    """Does a clause open with an interrogative ("how many ...", «هل ...»)?"""
    f = forms[t0]
    return f in _EN_QUESTION_WORDS or (infos[t0].arabic and _strip_clitic(f) in _AR_QUESTION_WORDS)


def rhetorical(sentence_view: str, kinds: set[str]) -> bool:
    """An exclamation with no figure in it ("What a disgrace this is!")."""
    return sentence_view.rstrip("\"”»')] ").endswith("!") and not kinds & _NUMERIC


_THREAD_OPENERS = frozenset(["thread", "🧵", _F("سلسلة"), _F("ثريد")])


def thread_header(forms: Sequence[str], t0: int, t1: int) -> bool:
    """A post announcing a thread ("Thread on last night's fire ...", «1/9 سلسلة عن اللي صار ...»)."""
    k = t0
    while k < min(t1, t0 + 3) and forms[k].isdigit():  # a post counter first
        k += 1
    return k < t1 and forms[k] in _THREAD_OPENERS


def sentence_blocked(doc, si: int, moderated: bool) -> bool:
    """A sentence never suggested whole: a question, a moderator's line or turn, a promise, rhetoric."""
    sent = doc.sents[si]
    toks = doc.toks
    t0 = bisect_right(toks.starts, sent.start - 1)
    t1 = bisect_right(toks.starts, sent.end - 1)
    if moderated or sent.question or is_moderator_line(toks.forms, t0, t1) or thread_header(toks.forms, t0, t1):
        return True
    if promise(toks.forms, toks.infos, t0, t1):
        return True
    return doc.view[max(sent.start, sent.end - 12):sent.end].rstrip("\"”»')] ").endswith("!")


def clause_blocked(doc, sc, today: date, sentence_is_blocked: bool, moderated: bool) -> bool:
    """A scored clause that states nothing checkable by itself (see the module's docstring)."""
    toks = doc.toks
    forms, infos = toks.forms, toks.infos
    sent = doc.sents[sc.clause.sent]
    kinds = {f.kind for f in sc.feats}
    if moderated:
        return True
    values = [(f.kind, f.value) for f in sc.feats]
    fact = past_or_present_fact(values, forms, infos, sc.t0, sc.t1, today)
    if sentence_is_blocked:
        t1 = bisect_right(toks.starts, sent.end - 1)
        t0 = bisect_right(toks.starts, sent.start - 1)
        if is_moderator_line(forms, t0, t1) or thread_header(forms, t0, t1):
            return True
        if sent.question and (sc.t1 >= t1 or opens_question(forms, infos, sc.t0) or not fact):
            return True  # the asking clause, or a clause with no settled fact in it
        if rhetorical(doc.view[max(sent.start, sent.end - 12):sent.end], kinds):  # the end is enough
            return True
    if promise(forms, infos, sc.t0, sc.t1) and not fact:
        return True
    return timing_only_prediction(kinds)
