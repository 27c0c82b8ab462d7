"""Every page, in Arabic (rtl) and English (ltr), at 390 px and 1,366 px: no sideways scrolling, and axe-core
finds no serious or critical accessibility violation. Figures per page go to test-artifacts/pages.json,
screenshots of the article, claim and queue pages to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import json
import os
from urllib.parse import quote

import pytest

from app.extensions import db
from app.services import claims as claim_service
from app.services import comments, evidence, reports, review
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1366)
HEIGHT = 860
AR_BODY = ("وقالت المصادر إن القافلة ضمّت أكثر من ٢٠ شاحنة فارغة، وإن الإخلاء سيستغرق نحو شهر كامل.\n\n"
           "ونقلت وكالة «رويترز» عن مسؤولين أميركيين أن نحو ألف جندي ما زالوا في القاعدة حتى 12 مارس 2026، "
           "بحسب ما نشره موقع https://news.example.org/reports/2026/03/a-very-long-address-that-must-wrap-on-a-phone "
           "وأكّده المتحدث John Smith في رسالة إلى press@ministry.example.\n\n"
           "وأضافت المصادر أن نسبة الانسحاب بلغت 40٪ خلال أسبوعين، وأن الطريق إلى الحسكة أُغلق ثلاث مرات.")
EN_BODY = ("The base holds about 1,000 soldiers, according to Reuters, citing US officials. "
           "The convoy had more than 20 empty trucks. The evacuation will take a month.\n\n"
           "A spokesman, أحمد الخطيب, told https://very-long-domain-name-for-testing-wrapping.example.com/path/segment/another "
           "that the base is the largest in the region.")


def _review(claim, setter, approver=None, verdict="likely_true"):
    review.transition(setter, claim, {"to": "in_review"})
    claim_service.update_claim(setter, claim, {"version": claim.version, "verdict": verdict, "confidence": "medium",
                                               "rationale": "مصدران مستقلان يؤكدان الرقم."})
    if approver is not None:
        review.transition(setter, claim, {"to": "awaiting_approval"})
        review.transition(approver, claim, {"to": "approved"})


@pytest.fixture
def desk(make_user, make_article, make_claim):
    """A small desk: an Arabic and an English article with claims in every state, evidence, history,
    assignments, a due re-check, comments and a published report."""
    admin = make_user("admin", email="maha@desk.example", name="مها العلي")
    reviewer = make_user("reviewer", name="Rana Reviewer")
    editor = make_user("editor", name="عمر المحرر")
    ar = make_article(body=AR_BODY, title="قافلة فارغة وانسحاب يستغرق شهرًا من القاعدة", language="ar",
                      url="https://news.example.org/ar/convoy", publisher="وكالة الأنباء", published_at="2026-03-12",
                      actor=editor)
    en = make_article(body=EN_BODY, title="Troops, trucks and a month-long evacuation", language="en",
                      url="https://news.example/troops", publisher="News Example", actor=reviewer)
    a1 = make_claim(ar, "أكثر من ٢٠ شاحنة فارغة", actor=reviewer, kind="quantity", attributed_to="المصادر")
    a2 = make_claim(ar, "الإخلاء سيستغرق نحو شهر كامل", actor=reviewer, kind="duration",
                    recheck_on=(dt.date.today() - dt.timedelta(days=1)).isoformat())
    a3 = make_claim(ar, "نحو ألف جندي ما زالوا في القاعدة", actor=reviewer, kind="quantity",
                    attributed_to="وكالة «رويترز» عن مسؤولين أميركيين")
    e1 = make_claim(en, "about 1,000 soldiers", actor=reviewer, kind="quantity",
                    attributed_to="Reuters, citing US officials")
    e2 = make_claim(en, "more than 20 empty trucks", actor=reviewer, kind="quantity")
    for claim in (a1, e1):
        evidence.add_evidence(reviewer, claim, {
            "url": "https://wire.example/a-long-path/that-goes/on-and-on/2026/03/12/story.html", "stance": "supports",
            "title": "تقرير الوكالة عن القافلة", "publisher": "Wire", "reliability": "B", "credibility": 2,
            "excerpt": "Around 20 trucks, all empty, left the base.", "reported_value": "20", "reported_unit": "trucks"})
        evidence.add_evidence(reviewer, claim, {
            "url": "https://monitor.example/b", "stance": "contradicts", "publisher": "المرصد", "reliability": "D",
            "credibility": 4, "reported_value": "٣٥", "reported_unit": "شاحنة"})
    _review(a1, reviewer, editor)
    _review(e1, reviewer)
    review.transition(reviewer, e1, {"to": "awaiting_approval"})
    _review(a3, editor, verdict="false")
    claim_service.update_claim(reviewer, a3, {"version": a3.version, "statement":
                                              "ما زال نحو ألف وخمسمئة جندي في القاعدة بحسب رويترز"})
    for claim in (a1, a2, e1, e2):
        claim_service.update_claim(editor, claim, {"version": claim.version, "assignee_id": admin.id})
    comments.add_comment(editor, a1, {"body": "راجعتُ المصدر الثاني: الرقم 35 وليس 20."})
    publication = reports.publish(editor, ar, include_unapproved=True)
    db.session.commit()
    return {"admin": admin, "reviewer": reviewer, "ar": ar, "en": en, "claim_ar": a1, "claim_en": e1,
            "token": publication.token}


def _pages(d):
    """(name, path, expected status, logged in?) for every kind of page the desk serves."""
    ar, en = d["ar"].id, d["en"].id
    return [
        ("login", "/login", 200, False),
        ("public-report", f"/r/{d['token']}", 200, False),
        ("public-missing", "/r/no-such-report", 404, False),
        ("queue", "/queue/", 200, True),
        ("search", "/search/?q=" + quote("قاعدة"), 200, True),
        ("my-queue", "/queue/?assignee=me", 200, True),
        ("rechecks-due", "/queue/?due=1&sort=recheck", 200, True),
        ("articles", "/articles/", 200, True),
        ("article-new", "/articles/new", 200, True),
        ("article-ar", f"/articles/{ar}", 200, True),
        ("article-en", f"/articles/{en}", 200, True),
        ("article-history", f"/articles/{ar}/history", 200, True),
        ("claim-ar", f"/claims/{d['claim_ar'].id}", 200, True),
        ("claim-en", f"/claims/{d['claim_en'].id}", 200, True),
        ("claim-history", f"/claims/{d['claim_ar'].id}/history", 200, True),
        ("claim-similar", f"/claims/{d['claim_ar'].id}/similar", 200, True),
        ("publish", f"/articles/{en}/publish", 200, True),
        ("report-html", f"/articles/{ar}/report?format=html&inline=1", 200, True),
        ("admin-users", "/admin/users", 200, True),
        ("admin-user", f"/admin/users/{d['reviewer'].id}", 200, True),
        ("earlier-checks", "/admin/factchecks/", 200, True),
        ("settings", "/account/settings", 200, True),
        ("admin-desk", "/admin/desk", 200, True),
        ("inbox", "/inbox/", 200, True),
        ("password", "/password", 200, True),
        ("error-404", "/articles/2147483000", 404, True),
    ]


SCREENSHOTS = {"article-ar", "article-en", "claim-ar", "claim-en", "claim-history", "claim-similar", "queue",
               "search"}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length}));
}"""

WIDEST = """() => {
  // What sticks out (for the failure message): the element whose right or left edge is furthest outside.
  const w = window.innerWidth; let worst = null; let by = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const out = Math.max(r.right - w, -r.left);
    if (out > by + 0.5 && r.width > 0) { by = out; worst = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''); }
  }
  return worst ? worst + ' by ' + Math.round(by) + 'px' : '';
}"""


def _measure(page, lang, name, width, axe_source, record):
    page.set_viewport_size({"width": width, "height": HEIGHT})
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth, document.documentElement.dir]")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    entry = {"page": name, "lang": lang, "width": width, "scrollWidth": sizes[0], "innerWidth": sizes[1], "dir": sizes[2],
             "axe": violations, "sticks_out": page.evaluate(WIDEST) if sizes[0] > sizes[1] else ""}
    record.append(entry)
    if name in SCREENSHOTS:
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, f"{name}-{lang}-{width}.png"), full_page=True)
    return entry


def _problems(entries):
    out = []
    for e in entries:
        where = f"{e['page']} [{e['lang']} {e['width']}px]"
        if e["scrollWidth"] > e["innerWidth"]:
            out.append(f"{where}: {e['scrollWidth']} px wide in a {e['innerWidth']} px window ({e['sticks_out']})")
        expected = "rtl" if e["lang"] == "ar" else "ltr"
        if e["page"] not in ("report-html", "public-report") and e["dir"] != expected:
            out.append(f"{where}: dir={e['dir']!r}, expected {expected}")
        for v in e["axe"]:
            if v["impact"] in ("serious", "critical"):
                out.append(f"{where}: axe {v['impact']} {v['id']} ({v['help']}) x{v['count']}: {v['nodes']}")
    return out


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_fits_both_widths_and_passes_axe(lang, live_server, browser, axe_source, desk):
    desk["admin"].locale = lang
    db.session.commit()
    # bypass_csp: the pages' CSP (script-src 'self') would refuse the injected axe-core script.
    context = browser.new_context(locale=lang, bypass_csp=True, extra_http_headers={"Accept-Language": lang},
                                  viewport={"width": WIDTHS[0], "height": HEIGHT})
    page = context.new_page()
    # axe really runs: a page with a known fault is caught (so an empty result below means no fault).
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    page.add_script_tag(content=axe_source)
    assert "image-alt" in {v["id"] for v in page.evaluate(AXE_RUN)}
    record: list[dict] = []
    logged_in = False
    try:
        for name, path, status, needs_login in _pages(desk):
            if needs_login and not logged_in:
                page.goto(f"{live_server}/login")
                page.fill("input[name=email]", desk["admin"].email)
                page.fill("input[name=password]", PASSWORD)
                page.click("form.card [type=submit]")
                page.wait_for_load_state()
                logged_in = True
            response = page.goto(f"{live_server}{path}")
            assert response is not None and response.status == status, f"{name}: {response and response.status}"
            for width in WIDTHS:
                _measure(page, lang, name, width, axe_source, record)
    finally:
        context.close()
        _save(lang, record)
    problems = _problems(record)
    assert not problems, "\n".join(problems)
    assert len({e["page"] for e in record}) == len(_pages(desk))


def _save(lang, record):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, "pages.json")
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        data = {}
    data[lang] = record
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
