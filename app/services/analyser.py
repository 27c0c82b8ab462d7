"""The one text analyser of the desk's search: the same terms feed PostgreSQL's tsvector and SQLite's FTS5.

A text becomes a list of terms, each with the span of the original text it came from:

* words are runs of letters (with their diacritics and tatweel) or of digits;
* each word is folded as the desk folds text (app.suggest.normalize.fold: NFKC, lower case, no diacritics,
  one alef, ta marbuta as ha, alef maqsura as ya, Arabic-Indic digits as Western ones);
* Arabic words lose a leading و or ف before the article or a preposition (والإخلاء, فبالجيش), then the
  Snowball Arabic stemmer takes the article, the prepositions and attached pronouns and plural endings
  (الإخلاء, بالإخلاء, انسحابها, الانسحابات); a last light rule maps the verbal nouns of forms VII and VIII to
  their verb's stem (انسحاب -> انسحب, اجتماع -> اجتمع), so a verb and its noun meet, and a final ha
  left on a stem of four letters or more goes (ta marbuta typed as ha: قاعده, القاعدة);
* Latin words go through the Snowball English stemmer (withdrawals -> withdraw);
* digits stay digits; thousands separators inside a number are dropped (1,500 -> 1500).

No stop words are removed, so a phrase's terms stand at consecutive positions in the index and in the query.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import regex
import snowballstemmer

from app.suggest.normalize import fold, strip_marks

# A number (with thousands separators) or a run of letters with their marks; anything else separates words.
_WORD_RE = regex.compile(r"\p{Nd}{1,3}(?:[,\u066c]\p{Nd}{3})+(?!\p{Nd})|\p{Nd}+|[\p{L}\p{M}\u0640\u200c\u200d]+")
_SEPARATORS = str.maketrans("", "", ",\u066c")
_ARABIC_RE = regex.compile(r"\p{Arabic}")
# و / ف before the article or a preposition that Snowball strips: Snowball leaves «والإخلاء» whole.
_CONJUNCTION_RE = regex.compile(r"^[وف](?=(?:ال|بال|كال|لل)..)")
# Forms VII and VIII verbal nouns (انفعال, افتعال): the alef before the last letter goes.
_VERBAL_NOUN_RE = regex.compile(r"^(ا...)ا(.)$")
MAX_TERM_LEN = 60  # longer runs are not words (and PostgreSQL refuses lexemes past 2 KB)

_arabic = snowballstemmer.stemmer("arabic")
_english = snowballstemmer.stemmer("english")


class Term(NamedTuple):
    """One term of a text and the [start, end) span of the original text it came from."""

    term: str
    start: int
    end: int


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The term of one word (letters or digits, no spaces, diacritics already removed)."""
    folded = fold(word).translate(_SEPARATORS)
    if folded.isdigit() or not folded:
        return folded
    if _ARABIC_RE.search(word):
        # Snowball reads hamza and ta marbuta to find prefixes and endings: it gets the word as written,
        # and its stem is folded afterwards.
        stemmed = fold(_arabic.stemWord(_CONJUNCTION_RE.sub("", word)))
        # ta marbuta typed as ha (قاعده for قاعدة) is not Snowball's ending: a final ha goes from a long stem
        if len(stemmed) >= 4 and stemmed.endswith("ه"):
            stemmed = stemmed[:-1]
        return _VERBAL_NOUN_RE.sub(r"\1\2", stemmed) or folded
    return _english.stemWord(folded) or folded


@functools.lru_cache(maxsize=131072)
def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word as written (NFKC turns a few ligatures into several words: ﷺ)."""
    pieces = unicodedata.normalize("NFKC", strip_marks(word)).split()
    return tuple(t for t in (stem(p) for p in pieces if len(p) <= MAX_TERM_LEN) if t)


def analyse(text: str) -> list[Term]:
    """Every term of ``text`` in order, with its span in ``text``."""
    return [Term(term, m.start(), m.end()) for m in _WORD_RE.finditer(text or "") for term in _word_terms(m.group(0))]


def index_text(*parts: str | None) -> str:
    """The analysed terms of the given texts, space-separated: what both databases index."""
    return " ".join(term for part in parts if part for word in _WORD_RE.findall(part) for term in _word_terms(word))


@dataclass
class Query:
    """A parsed search: words that must all appear (any order) and phrases whose words must be adjacent."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    number: int | None = None  # the query is a claim's number (42, #42, ٤٢)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def terms(self) -> frozenset[str]:
        """Every term the query looks for (for highlighting)."""
        return frozenset(self.words) | frozenset(t for p in self.phrases for t in p)


MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
_NUMBER_RE = regex.compile(r"\s*#?\s*(\p{Nd}{1,9})\s*")


def parse_query(text: str | None) -> Query:
    """Words in any order; "quoted phrases"; an unbalanced quote runs to the end. Never fails."""
    text = (text or "")[:MAX_QUERY_CHARS]
    query = Query()
    number = _NUMBER_RE.fullmatch(text)
    if number:
        query.number = int(fold(number.group(1)))
    for index, chunk in enumerate(regex.split(r"[\"\u201c\u201d\u00ab\u00bb]", text)):
        terms = [t.term for t in analyse(chunk)]
        if index % 2 and len(terms) > 1:
            query.phrases.append(terms[:MAX_QUERY_TERMS])
        else:
            query.words.extend(t for t in terms if t not in query.words)
    # a bounded query: a pasted page is cut, not sent to the database whole
    query.words = query.words[:MAX_QUERY_TERMS]
    query.phrases = query.phrases[:8]
    return query


def marked_spans(text: str, terms: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """The spans of ``text`` whose terms are among ``terms``, in order, adjacent spans kept apart."""
    if not terms:
        return []
    return [(t.start, t.end) for t in analyse(text) if t.term in terms]


def excerpt(text: str, terms: frozenset[str] | set[str], width: int = 280) -> str:
    """A part of a long text about ``width`` characters long, around its first matching word, cut at spaces."""
    if len(text) <= width:
        return text
    spans = marked_spans(text, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
