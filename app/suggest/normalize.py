"""Arabic/English text folding, with an index map back to the original text.

Two entry points:

* :func:`fold` is the lossy search key used by the desk (queue search, similar
  claims): NFKC, lower case, no diacritics or invisible marks, one alef, etc.
* :func:`fold_with_map` produces a *matching view* of a text that keeps line
  structure and returns, for every character of the view, the index of the
  original character it came from.  The engine runs all its patterns on the
  view and maps spans back, so offsets returned to callers always index the
  original, un-normalised text.
"""

from __future__ import annotations

import unicodedata

import regex

# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TATWEEL = "\u0640"
# Bidi controls, zero-width characters, BOM, soft hyphen, Arabic letter mark.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"

_DELETE_CLASS = f"[{_DIACRITICS}{_TATWEEL}{_INVISIBLE}]"
_DELETE_RE = regex.compile(_DELETE_CLASS)
_INVISIBLE_RE = regex.compile(f"[{_INVISIBLE}]")
# Characters whose NFKC form differs in length or identity and matters for
# matching: Arabic presentation forms and full-width Latin/digits.
_SPECIAL_RE = regex.compile(f"{_DELETE_CLASS}|[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]")
# Markup left in pasted text.  Block-level tags act as line breaks.
_TAG_RE = regex.compile(r"</?([A-Za-z][A-Za-z0-9]{0,10})\b[^<>\n]{0,300}>")
_BLOCK_TAGS = frozenset(
    "p br div li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote section article header footer hr".split()
)
_WS_RE = regex.compile(r"\s+")


def _one_to_one_table() -> dict[int, str]:
    """Build the single-character folding table (same length in, same length out)."""
    table: dict[int, str] = {}
    for ch in "أإآٱٲٳ":
        table[ord(ch)] = "ا"
    table[ord("ؤ")] = "و"
    table[ord("ئ")] = "ي"
    table[ord("ة")] = "ه"
    table[ord("ى")] = "ي"
    table[ord("ی")] = "ي"  # Persian yeh
    table[ord("ۍ")] = "ي"
    table[ord("ک")] = "ك"  # keheh
    table[ord("ڪ")] = "ك"
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic
        table[0x06F0 + i] = str(i)  # Persian / Urdu
    table[0x066B] = "."  # Arabic decimal separator
    table[0x066C] = ","  # Arabic thousands separator
    table[0x066A] = "%"  # Arabic percent sign
    table[0x06D4] = "."  # Arabic full stop
    for ch in "\u2018\u2019\u201b\u2032":
        table[ord(ch)] = "'"
    for ch in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\f\v":
        table[ord(ch)] = " "
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    return table


_TABLE = _one_to_one_table()
# The search fold also deletes what the matching view deletes.
_FOLD_TABLE: dict[int, str | None] = dict(_TABLE)
for _cp in [*range(0x00A0, 0x0100), *range(0x0600, 0x0700), *range(0x1800, 0x1900), *range(0x2000, 0x2070), 0xFEFF]:
    if _DELETE_RE.fullmatch(chr(_cp)):
        _FOLD_TABLE[_cp] = None


def strip_invisible(text: str) -> str:
    """Remove bidi and zero-width marks (for display strings such as attributions)."""
    return _INVISIBLE_RE.sub("", text)


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible marks but keep the letters as written."""
    return _DELETE_RE.sub("", text)


def fold(text: str) -> str:
    """Fold text for search: NFKC, lower case, no diacritics/tatweel/marks, one alef, ASCII digits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.lower().translate(_FOLD_TABLE)
    return _WS_RE.sub(" ", text).strip()


def _fold_char(ch: str) -> str:
    """Fold one character that may expand or vanish (presentation forms, marks)."""
    if _DELETE_RE.fullmatch(ch):
        return ""
    out = unicodedata.normalize("NFKC", ch).lower().translate(_FOLD_TABLE)
    return out


def _blank_tags(text: str) -> str:
    """Replace HTML tags by spaces (block tags by a line break) keeping the length."""
    if "<" not in text:
        return text

    def repl(m: regex.Match[str]) -> str:
        n = len(m.group(0))
        if m.group(1).lower() in _BLOCK_TAGS:
            return "\n" + " " * (n - 1)
        return " " * n

    return _TAG_RE.sub(repl, text)


# What tweets and threads carry that is not the text's own words: links, handles, hashtags and thread
# counters ("4/6", "(2/5)") at the start or end of a line.  Their digits are not quantities.
_NOISE_RE = regex.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|co|ly|io|gov|me|news|info|tv|uk)/\S*"
    r"|(?<![\p{L}\p{N}_@])@[\p{L}\p{N}_]{1,30}"
    r"|(?<![\p{L}\p{N}_&#])#[\p{L}\p{N}_]{1,60}"
)
_COUNTER_RE = regex.compile(r"(?m)(?:^[ ]*\(?(\d{1,2})[ ]*/[ ]*(\d{1,2})\)?(?=[ ]|$)|(?<=[ ]|^)\(?(\d{1,2})/(\d{1,2})\)?[ ]*$)")


def _blank_noise(text: str) -> str:
    """Replace links, @handles, #hashtags and thread counters by spaces, keeping the length."""
    if "/" not in text and "@" not in text and "#" not in text:
        return text
    text = _NOISE_RE.sub(lambda m: " " * len(m.group(0)), text)

    def counter(m: regex.Match[str]) -> str:
        i, n = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return " " * len(m.group(0)) if 0 < int(i) <= int(n) and int(n) >= 2 else m.group(0)

    return _COUNTER_RE.sub(counter, text) if "/" in text else text


def mask_noise(text: str) -> str:
    """The text with links, handles, hashtags and thread counters blanked (same length)."""
    return _blank_noise(text)


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """Return the matching view of ``text`` and a view-index -> original-index map.

    The map is ``None`` when the view has the same length as the text (the
    common case: index i of the view is index i of the original).  Line breaks
    are kept so the view can be segmented; whitespace is not collapsed.
    """
    low = text.lower()
    if len(low) != len(text):
        # A few characters (e.g. U+0130) lower-case to two code points.
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    view = _blank_noise(_blank_tags(low.translate(_TABLE)))
    if not _SPECIAL_RE.search(view):
        return view, None
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _SPECIAL_RE.finditer(view):
        s = m.start()
        if s > pos:
            parts.append(view[pos:s])
            index.extend(range(pos, s))
        rep = _fold_char(m.group(0))
        if rep:
            parts.append(rep)
            index.extend([s] * len(rep))
        pos = m.end()
    if pos < len(view):
        parts.append(view[pos:])
        index.extend(range(pos, len(view)))
    index.append(len(text))  # sentinel so an end offset == len(view) maps too
    return "".join(parts), index


def map_span(index: list[int] | None, start: int, end: int, text_len: int) -> tuple[int, int]:
    """Map a [start, end) span of the view back to the original text."""
    if index is None:
        return start, end
    if end <= start:
        o = index[start] if start < len(index) else text_len
        return o, o
    return index[start], index[end - 1] + 1
