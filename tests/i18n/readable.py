"""What a reader of a page or an export reads that is the desk's own (not a person's text, not an address),
and the faults in it for an Arabic reader who chose Arabic-Indic digits: a Western digit, a middle dot between
digits (it reads as an Arabic-Indic zero), an English word outside the allowlist. The browser tests run the
same rules over the rendered page (tests/e2e/test_arabic_digits_browser.py); the export tests over each format."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Names that stay as they are in every language: the product, formats, schema, the source grades (A–F).
ALLOWED_WORDS = {"ClaimDesk", "PDF", "CSV", "JSON", "HTML", "Markdown", "ClaimReview", "HTTP", "SHA", "WARC",
                 "ZIP", "JSON-LD", "DataFeed", "API", "UTC", "txt", "html", "json", "A", "B", "C", "D", "E", "F",
                 "English",  # the language switch names each language in its own
                 "K", "Shift",  # the keys the keyboard hint names, as printed on the keys
                 "qwerty"}  # a keyboard sequence the password rules name, not a word
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)
# Not the desk's words: a time zone's name (Asia/Damascus), the sample of Western digits in the digit choice,
# and the English report's own mark quoted “like this” in a sentence about it.
NOT_WORDS = re.compile(r"\b[A-Z][\w+-]*(?:/[\w+-]+)+|\(0123456789\)|“[^”]*”")
WESTERN_DIGIT = re.compile(r"[0-9]")
DOT_BETWEEN_DIGITS = re.compile(r"[0-9٠-٩]\s*\u00b7\s*[0-9٠-٩]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
# Elements whose text a person typed or a source wrote (or the machine reads): never judged.
SKIP_TAGS = {"script", "style", "textarea", "code", "kbd", "pre", "blockquote", "noscript", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def faults(text: str, *, western_ok: bool = False, words: bool = True) -> list[str]:
    """The faults of a piece of the desk's own text (addresses removed first)."""
    text = NOT_WORDS.sub(" ", ADDRESS.sub(" ", text))
    found = []
    if not western_ok and WESTERN_DIGIT.search(text):
        found.append("western digit")
    if DOT_BETWEEN_DIGITS.search(text):
        found.append("middle dot between digits")
    english = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS] if words else []
    if english:
        found.append("english: " + " ".join(english[:5]))
    return found


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) someone's text?
        self.parts: list[tuple[str, bool]] = []  # (text, are its words the desk's?)
        self.in_title = False

    def _skipping(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        user = (self._skipping() or tag in SKIP_TAGS or attributes.get("dir") == "auto"
                or {"ut", "u"} & set((attributes.get("class") or "").split()) or "data-user" in attributes
                or (attributes.get("lang") not in (None, "ar") and tag != "html"))
        if not user:
            self.parts.extend((attributes[name], True) for name in SHOWN_ATTRIBUTES if attributes.get(name))
        self.in_title = tag == "title"
        if tag not in VOID:
            self.stack.append(user)

    def handle_startendtag(self, tag, attrs):
        if not self._skipping():
            attributes = dict(attrs)
            self.parts.extend((attributes[name], True) for name in SHOWN_ATTRIBUTES if attributes.get(name))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()
        self.in_title = False

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            # a page's title holds a person's title of an article: its digits are judged, not its words
            self.parts.append((data, not self.in_title))


def desk_text(html: str) -> list[tuple[str, bool]]:
    """The pieces of text of an HTML page a reader reads that are the desk's own."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.parts


def page_faults(html: str, *, western_ok: bool = False) -> list[str]:
    """Every fault of an HTML page, with the text it is in."""
    return [f"{fault}: {part.strip()[:80]!r}" for part, words in desk_text(html)
            for fault in faults(part, western_ok=western_ok, words=words)]
