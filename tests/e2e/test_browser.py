"""In a real browser: log in, select a span of the Arabic article with the mouse, make it a claim, see it highlighted."""

import os

import pytest

from app.extensions import db
from app.models import Claim

pytestmark = pytest.mark.e2e

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
ARABIC = ("وقالت المصادر إن القافلة ضمّت أكثر من ٢٠ شاحنة فارغة، وإن الإخلاء سيستغرق نحو شهر كامل.\n\n"
          "ونقلت وكالة «رويترز» عن مسؤولين أن نحو ألف جندي ما زالوا في سوريا.")


def log_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/queue/**")


def char_rects(page, start, end):
    """Screen rectangles of body[start:end] (code points) in the article text."""
    return page.evaluate(
        """([start, end]) => {
          const body = document.getElementById('article-body');
          const segs = Array.from(body.querySelectorAll('[data-s]'));
          function locate(offset) {
            for (const seg of segs) {
              const s = parseInt(seg.dataset.s, 10); const chars = Array.from(seg.textContent);
              if (offset >= s && offset <= s + chars.length) {
                return [seg.firstChild, chars.slice(0, offset - s).join('').length];
              }
            }
          }
          const [a, ao] = locate(start); const [b, bo] = locate(end);
          const range = document.createRange(); range.setStart(a, ao); range.setEnd(b, bo);
          return Array.from(range.getClientRects()).map(r => ({x: r.x, y: r.y, w: r.width, h: r.height}));
        }""",
        [start, end],
    )


def test_select_an_arabic_span_and_make_it_a_claim(live_server, browser, make_user, make_article):
    user = make_user("reviewer")
    article = make_article(body=ARABIC, title="قافلة وانسحاب", language="ar")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    log_in(page, live_server, user)
    page.goto(f"{live_server}/articles/{article.id}")
    assert page.get_attribute("#article-body", "dir") == "rtl"

    quote = "أكثر من ٢٠ شاحنة فارغة"
    start = ARABIC.index(quote)
    rects = char_rects(page, start, start + len(quote))
    # One line, in several bidi runs (the Arabic-Indic digits are a run of their own): take their union.
    assert len({round(r["y"]) for r in rects}) == 1, "the phrase sits on one line"
    left, right = min(r["x"] for r in rects), max(r["x"] + r["w"] for r in rects)
    y = rects[0]["y"] + rects[0]["h"] / 2
    # Right to left: the phrase begins at its right edge and ends at its left edge.
    page.mouse.move(right - 1, y)
    page.mouse.down()
    page.mouse.move((left + right) / 2, y, steps=5)
    page.mouse.move(left + 1, y, steps=5)
    page.mouse.up()

    assert page.input_value("#quote") == quote
    assert page.input_value("input[name=start]") == str(start)
    assert page.input_value("input[name=end]") == str(start + len(quote))
    page.select_option("select[name=kind]", "quantity")
    page.fill("textarea[name=statement]", "ضمّت القافلة أكثر من ٢٠ شاحنة فارغة")
    page.click("#claim-form input[type=submit]")
    page.wait_for_selector("a.hl")

    highlight = page.locator("a.hl").first
    assert highlight.inner_text() == quote
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "article-rtl-claim.png"), full_page=True)
    claim = db.session.query(Claim).one()
    assert (claim.quote, claim.kind, claim.start) == (quote, "quantity", start)
    assert highlight.get_attribute("href") == f"/claims/{claim.id}"

    # The claim page opens from the highlight, right to left, with the quote in its context.
    highlight.click()
    page.wait_for_url(f"{live_server}/claims/{claim.id}")
    assert page.locator("blockquote.context mark").inner_text() == quote


def test_keyboard_selection_makes_a_span(live_server, browser, make_user, make_article):
    user = make_user("reviewer")
    article = make_article(body=ARABIC, title="قافلة", language="ar")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, user)
    page.goto(f"{live_server}/articles/{article.id}")
    page.focus("#article-body")
    page.keyboard.press("k")
    assert page.get_attribute("#article-body", "contenteditable") == "true"
    # Put the caret at the very start of the text, then extend the selection by 6 characters (RTL).
    page.keyboard.press("Control+Home")
    for _ in range(6):
        page.keyboard.press("Shift+ArrowLeft")  # right to left: visually left is logically forward
    page.keyboard.press("Enter")
    quote = page.input_value("#quote")
    assert quote and ARABIC.startswith(quote)
    assert page.input_value("input[name=start]") == "0"
    # Typing is ignored: the article text cannot be edited by accident.
    page.focus("#article-body")
    page.keyboard.type("xyz")
    assert "xyz" not in page.inner_text("#article-body")


def test_accepting_and_rejecting_suggestions_with_the_buttons(live_server, browser, make_user, make_article):
    user = make_user("reviewer")
    article = make_article(body=ARABIC, title="قافلة", language="ar")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, user)
    page.goto(f"{live_server}/articles/{article.id}")
    boxes = page.locator("#suggestions-form input[name=s]")
    count = boxes.count()
    assert count >= 2, "the engine suggests claims in this article"
    boxes.nth(0).check()
    page.click("#suggestions-form button[value=accept]")
    page.wait_for_selector("a.hl")
    assert "1 claim added from suggestions." in page.inner_text("main")
    page.locator("#suggestions-form input[name=s]").nth(0).check()
    page.click("#suggestions-form button[value=reject]")
    page.wait_for_load_state()
    assert "rejected" in page.inner_text("main")
    assert page.locator("#suggestions-form input[name=s]").count() == count - 2
    claim = db.session.query(Claim).one()
    assert claim.origin == "suggested"
