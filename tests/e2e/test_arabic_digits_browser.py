"""An Arabic reader who chose Arabic-Indic digits, on a desk that chose them for its public pages, at 390 and
1,366 px: every page shows no Western digit, no middle dot between digits and no English word outside people's
text and addresses (the rules of tests/i18n/readable.py, run over what the browser lays out), and no word is
broken inside its letters at either width. The same rules over every export format. Screenshots of the queue,
claim, article and public report pages go to test-artifacts/arabic-digits/."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile

import pytest

from app.extensions import db
from tests.conftest import PASSWORD, login
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_pages_fit import desk  # noqa: F401 - the e2e desk, used as a fixture here
from tests.i18n.readable import faults, page_faults

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1366)
SHOTS = os.path.join(ARTIFACTS, "arabic-digits")

# The text nodes the desk wrote (people's text, code and addresses left out), and every word that the layout
# broke across two lines (its letters' boxes on more than one line).
READ = r"""() => {
  const skip = 'script,style,textarea,code,kbd,pre,blockquote,[dir=auto],.ut,.u,[data-user],[lang]:not([lang=ar])';
  const own = [], broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node, checked = 0;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || !node.data.trim() || parent.closest('script,style,textarea')) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!parent.closest(skip)) own.push(node.data);
    if (style.overflowWrap === 'anywhere') continue;  // an address or a token: it may break anywhere
    const words = /[\p{L}\p{M}]{2,}/gu;
    let m;
    while ((m = words.exec(node.data)) && checked < 6000) {
      checked++;
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set();
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 4));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  // a numbered list's markers are the layout's text too: they count in the reader's digits
  const markers = [...document.querySelectorAll('ol')].map(ol => getComputedStyle(ol).listStyleType)
    .filter(type => type !== 'none' && type !== 'arabic-indic');
  return {own, broken, markers};
}"""


@pytest.fixture
def arabic_desk(app, monkeypatch):
    monkeypatch.setitem(app.config, "DEFAULT_DIGITS", "arabic")


def _pages(d):
    ar = d["ar"].id
    return [("queue", "/queue/"), ("article", f"/articles/{ar}"), ("claim", f"/claims/{d['claim_ar'].id}"),
            ("claim-history", f"/claims/{d['claim_ar'].id}/history"), ("article-history", f"/articles/{ar}/history"),
            ("similar", f"/claims/{d['claim_ar'].id}/similar"), ("publish", f"/articles/{ar}/publish"),
            ("public-report", f"/r/{d['token']}"), ("published", "/published")]


def test_arabic_pages_speak_one_number_system_at_both_widths(arabic_desk, desk, live_server, browser):  # noqa: F811
    admin = desk["admin"]
    admin.locale, admin.digits = "ar", "arabic"
    db.session.commit()
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"},
                                  viewport={"width": WIDTHS[0], "height": 860})
    page = context.new_page()
    problems: list[str] = []
    os.makedirs(SHOTS, exist_ok=True)
    try:
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", admin.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.card [type=submit]")
        page.wait_for_load_state()
        for name, path in _pages(desk):
            response = page.goto(f"{live_server}{path}")
            assert response is not None and response.status == 200, name
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 860})
                found = page.evaluate(READ)
                problems += [f"{name} [{width}px]: {fault}: {text.strip()[:70]!r}"
                             for text in found["own"] for fault in faults(text)]
                problems += [f"{name} [{width}px]: word broken inside its letters: {word!r}"
                             for word in found["broken"]]
                problems += [f"{name} [{width}px]: a numbered list counts in {style}" for style in found["markers"]]
                if name in ("queue", "article", "claim", "public-report"):
                    page.screenshot(path=os.path.join(SHOTS, f"{name}-ar-{width}.png"), full_page=True)
        # the selection hint, written by the page's script, counts in the reader's digits too
        page.goto(f"{live_server}/articles/{desk['ar'].id}")
        hint = page.evaluate("""() => { const b = document.getElementById('article-body');
            const r = document.createRange(); const t = b.querySelector('[data-s]').firstChild;
            r.setStart(t, 0); r.setEnd(t, Math.min(12, t.data.length));
            const s = getSelection(); s.removeAllRanges(); s.addRange(r);
            b.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return document.getElementById('span-info').textContent; }""")
        assert hint and not re.search(r"[0-9]", hint) and re.search(r"[٠-٩]", hint), hint
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _user_words(model: dict) -> set[str]:
    """Every word people typed or sources wrote in a report (titles, quotes, names, addresses…)."""
    words: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in USER_FIELDS:
            words.update(w.strip("()«»:،,.") for w in re.findall(r"[\w.:/@+-]+", value))
    walk(model)
    return words


USER_FIELDS = {"title", "url", "publisher", "quote", "statement", "rationale", "attributed_to", "excerpt", "note",
               "name", "email", "reported_value", "reported_unit", "desk_url"}


def _own_text(text: str, user: set[str]) -> str:
    return " ".join(w for w in re.findall(r"\S+", text) if w.strip("()«»:،,.") not in user
                    and not any(w.strip("()«»:،,.").startswith(u) for u in user if len(u) > 6))


def test_every_export_of_an_arabic_report_speaks_one_number_system(arabic_desk, desk, client, app):  # noqa: F811
    from app.reports.data import load_report
    from app.reports.pdf import build_pdf

    admin = desk["admin"]
    admin.locale, admin.digits = "ar", "arabic"
    db.session.commit()
    login(client, admin)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    article = desk["ar"].id
    user = _user_words(load_report(article))
    problems = []
    html = client.get(f"/articles/{article}/report?format=html").get_data(as_text=True)
    problems += [f"html: {p}" for p in page_faults(html)]
    public = client.get(f"/r/{desk['token']}").get_data(as_text=True)
    problems += [f"public: {p}" for p in page_faults(public)]
    markdown = client.get(f"/articles/{article}/report?format=md").get_data(as_text=True)
    assert "\u2066" not in markdown and "\u2069" not in markdown and "\u00b7" not in markdown
    for line in markdown.splitlines():
        problems += [f"md: {p}: {line[:70]!r}" for p in faults(_own_text(line, user))]
    # the PDF (a job renders it for the desk; built here as the job does, in the desk's digits)
    pdf = build_pdf(load_report(article, organisation={"name": "مكتب التحقق", "url": None}))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)  # the order marks pdftotext adds
    for line in text.splitlines():
        problems += [f"pdf: {p}: {line[:70]!r}" for p in faults(_own_text(line, user))]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/articles/{article}/report?format=csv").data))
    for name in archive.namelist():
        rows = archive.read(name).decode("utf-8-sig").splitlines()
        header = rows[0].split(",")
        for row in rows[1:]:
            cells = row.split(",")
            for column, cell in zip(header, cells, strict=False):
                if column.endswith("_label"):  # a label in the report's language: never an English word
                    problems += [f"csv {name} {column}: {p}" for p in faults(cell, western_ok=True)]
    document = json.loads(client.get(f"/articles/{article}/report?format=json").data)
    problems += [f"json rollup: {p}" for p in faults(document["summary"]["rollup"], western_ok=True)]
    assert not problems, "\n".join(problems)
