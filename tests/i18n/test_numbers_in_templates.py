"""Every number a template puts in a sentence goes through the reader's digits (app/localization.py): a
placeholder of a message (id=, num=, n=, count=…) and a bare {{ x.id }} or {{ x|length }} in text must be
filtered (|number, |digits) or made by idno(). Attributes that are not read (href, value, id, name…) may
hold them as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
# The report speaks its own language and digits (app/reports/text.py num()).
NOT_INTERFACE = {"reports/report.html"}
NUMBER_NAMES = ("id", "n", "num", "count", "total", "page", "pages", "number", "start", "end", "version",
                "done", "size", "limit", "position", "shown", "left", "seconds", "minutes", "days")
PLACEHOLDER = re.compile(r"\b({})=([^,()]+(?:\([^()]*\))?[^,()]*)".format("|".join(NUMBER_NAMES)))
FORMATTED = re.compile(r"\|\s*(number|digits|date|datetime|when|reltime|time)\b|idno\(|num\(|\bnumber\(")
MESSAGE = re.compile(r"(?:\b_|\bgettext|\bngettext)\((.*?)\)\s*\}\}", re.S)
BARE = re.compile(r">[^<>{]*\{\{\s*([\w.]+(?:\.id|\|length|\.version|\.number|_count|\.total))\s*\}\}")


def unformatted(source: str) -> list[str]:
    found = []
    for call in MESSAGE.findall(source):
        for name, value in PLACEHOLDER.findall(call):
            if not FORMATTED.search(value) and not value.strip().startswith(("'", '"')):
                found.append(f"{name}={value.strip()}")
    found += [f"{{{{ {m} }}}}" for m in BARE.findall(source)]
    return found


def test_the_scan_catches_a_bare_number_and_lets_a_formatted_one_through():
    assert unformatted("{{ _('Claim %(id)s', id=c.id) }}") == ["id=c.id"]
    assert unformatted("<td>{{ c.id }}</td>") == ["{{ c.id }}"]
    assert unformatted("<td>{{ items|length }}</td>") == ["{{ items|length }}"]
    assert unformatted("{{ _('Claim %(id)s', id=c.id|number) }} {{ idno(c.id) }}") == []
    assert unformatted('<a href="/claims/{{ c.id }}">') == []


@pytest.mark.parametrize("name", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                                        if str(p.relative_to(TEMPLATES)) not in NOT_INTERFACE))
def test_numbers_in_sentences_follow_the_readers_digits(name):
    found = unformatted((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not found, f"{name}: numbers shown in Western digits whatever the reader chose: {found}"
