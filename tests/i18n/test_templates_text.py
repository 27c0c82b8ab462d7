"""No template holds text a person reads outside _()/ngettext/{% trans %}: text nodes and the attributes that
screen readers and browsers show (aria-label, title, placeholder, alt) are checked with Jinja's lexer and an
HTML parser. Brand and format names may stay as they are."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
# Names that are the same in every language: the product, file formats, the schema.org type.
ALLOWED = {"ClaimDesk", "PDF", "CSV", "JSON", "HTML", "Markdown", "ClaimReview", "URL", "HTTP", "SHA-256", "WARC"}
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description", "aria-roledescription"}
MARK = "0"  # stands for whatever a {{ … }} puts there: never letters of the template's own
LETTERS = re.compile(r"[^\W\d_]")
# The verification report speaks its article's language through the label table, not the catalogue.
NOT_INTERFACE = {"reports/report.html"}


def _template_text(source: str, env: Environment) -> str:
    """The template with every expression and tag replaced by MARK, and {% trans %} blocks (translated) too."""
    out, in_trans = [], 0
    tokens = list(env.lex(source))
    i = 0
    while i < len(tokens):
        _, kind, value = tokens[i]
        if kind == "block_begin":
            name = next((v for _, k, v in tokens[i + 1:i + 3] if k == "name"), "")
            if name == "trans":
                in_trans += 1
            elif name == "endtrans":
                in_trans -= 1
            while i < len(tokens) and tokens[i][1] != "block_end":
                i += 1
            out.append(" ")  # a tag may sit inside an HTML tag: <tr{% if x %} class="y"{% endif %}>
        elif kind == "variable_begin":
            while i < len(tokens) and tokens[i][1] != "variable_end":
                i += 1
            out.append(MARK)
        elif kind == "data":
            out.append(MARK if in_trans else value)
        i += 1
    return "".join(out)


def _untranslated(text: str) -> str | None:
    words = text.split()
    left = [w for w in words if LETTERS.search(w) and w.strip(".,:;()·–—«»\"'") not in ALLOWED]
    return " ".join(left) if left else None


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and (bad := _untranslated(value)):
                self.found.append(f'<{tag} {name}="{bad}">')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and (bad := _untranslated(data)):
            self.found.append(bad)


def untranslated_text(source: str) -> list[str]:
    env = Environment(extensions=["jinja2.ext.i18n"])
    finder = _Finder()
    finder.feed(_template_text(source, env))
    finder.close()
    return finder.found


def _templates():
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                  if str(p.relative_to(TEMPLATES)) not in NOT_INTERFACE)


def test_the_checker_catches_bare_text_and_attributes_and_lets_translated_text_through():
    assert untranslated_text("<p>Claims</p>") == ["Claims"]
    assert untranslated_text('<input placeholder="reason">') == ['<input placeholder="reason">']
    assert untranslated_text('<nav aria-label="{{ _(\'Pages\') }}">{{ _("Next") }} →</nav>') == []
    assert untranslated_text("{% trans n=3 %}{{ n }} claims{% endtrans %}<b>PDF</b> · ClaimDesk") == []
    assert untranslated_text("<script>const x = 'text';</script>") == []
    assert untranslated_text("<p>{{ claim.id }} · {{ 'Draft' if x }}</p>") == []


@pytest.mark.parametrize("name", _templates())
def test_template_text_goes_through_the_catalogue(name):
    found = untranslated_text((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not found, f"{name}: text outside _() / {{% trans %}}: {found}"
