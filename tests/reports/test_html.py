"""The HTML report: contents a reader sees, self-contained and print-ready, user text inert."""

import re

from app.extensions import db
from app.reports.html import build_html, render_html
from app.reports.text import balance_bidi
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import evidence
from tests.reports.conftest import model

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & \u202eevil\u2066'


def html_of(article_id: int, **options) -> str:
    return build_html(model(article_id, **options)).decode("utf-8")


def test_an_english_report_reads_as_a_verification_report(reviewed, people):
    page = html_of(reviewed["article"].id, generated_by=people["editor"])
    assert '<html lang="en" dir="ltr">' in page
    for text in ("Troops and trucks", "News Example", "https://news.example/troops", "Feb 21, 2026",
                 "2 of 4 claims approved; 1 false, 1 mixed, 1 unverifiable, 1 unverified",
                 "about 1,000 soldiers", "Two reliable sources give about 900.", "Reuters, citing US officials",
                 "Wire story", "B – usually reliable", "1 – confirmed by other sources", "900 troops",
                 "About 900 troops remain.", "Omar Editor", "Generated at"):
        assert text in page, text
    # the verdict's label, never its code; evidence grouped by stance in the order supports, contradicts, context
    assert re.search(r'class="verdict v-false">False</span>', page) and "<code>false</code>" not in page
    claim_one = page.split('id="claim-')[1]
    assert claim_one.index("Supports (1)") < claim_one.index("Contradicts (2)")
    # claims not yet approved are marked, approved ones are not
    assert page.count("Not yet approved") == 2 + 1  # two claims, and the banner naming the mark
    assert "2 of 4 claims are not yet approved" in page
    # a short history: who set the verdict, who approved
    assert "verdict set to False" in claim_one and "approved" in claim_one and "Rana Reviewer" in claim_one


def test_html_is_self_contained_and_prints_well(reviewed):
    page = html_of(reviewed["article"].id)
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert not re.search(r'\ssrc=', page)
    assert "@page" in page and "page-break-inside: avoid" in page and "break-inside: avoid" in page
    assert "overflow-wrap: break-word" in page and "@media print" in page
    assert '"Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", sans-serif' in page


def test_an_arabic_article_gets_an_arabic_right_to_left_report(arabic):
    page = html_of(arabic["article"].id)
    assert '<html lang="ar" dir="rtl">' in page
    assert '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif' in page
    for text in ("تقرير التحقق", "الملخص", "خاطئ على الأرجح", "لم تُعتمد بعد", "21 فبراير 2026",
                 "عنب بلدي", "أكثر من 20 شاحنة فارغة", "يناقض", "B – موثوق عادةً", "100 شاحنة"):
        assert text in page, text
    # an English statement inside the Arabic report runs left to right
    assert '<bdi class="u" dir="ltr">The convoy had more than 20 empty trucks.</bdi>' in page


def test_an_empty_article_gives_a_valid_empty_report(make_article):
    page = html_of(make_article(title="Nothing yet").id)
    assert "This article has no claims yet." in page and "No claims." in page and "</html>" in page


def test_an_archived_article_says_so(reviewed, people):
    article_service.set_archived(people["editor"], reviewed["article"], True)
    db.session.commit()
    assert "This article was archived on" in html_of(reviewed["article"].id)


def test_user_text_is_escaped_and_its_bidi_controls_closed(make_article, make_claim, people):
    article = make_article(body="The base holds about 1,000 soldiers.", title=HOSTILE)
    claim = make_claim(article, "about 1,000 soldiers", actor=people["reviewer"], attributed_to=HOSTILE)
    claim_service.update_claim(people["reviewer"], claim, {"version": claim.version, "statement": HOSTILE,
                                                           "rationale": HOSTILE})
    evidence.add_evidence(people["reviewer"], claim, {"url": "https://x.example/", "stance": "supports",
                                                      "title": HOSTILE, "excerpt": HOSTILE, "publisher": HOSTILE})
    db.session.commit()
    page = html_of(article.id)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # every RLO and LRI typed is closed inside the element that holds it, so the rest of the line keeps its order
    fragments = ["".join(f) for f in re.findall(r"<bdi[^>]*>(.*?)</bdi>|class=\"[^\"]*\but\b[^>]*>(.*?)</", page, re.S)]
    hostile = [f for f in fragments if "\u202e" in f]
    assert len(hostile) >= 5
    assert all(balance_bidi(f) == f and f.endswith("evil\u2066\u2069\u202c") for f in hostile)


def test_the_public_rendering_embeds_claimreview_safely(reviewed):
    claim = reviewed["claims"][0]
    page = render_html(model(reviewed["article"].id, public=True), public=True, embed_claimreview=True)
    assert page.count('<script type="application/ld+json">') == 1
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert '"ClaimReview"' in block and str(claim.statement) in block
    assert "Checked with the wire desk." not in page  # comments stay inside the desk
    assert "@" not in re.sub(r'"@(context|type)"|@media|@page|@bottom-center', "", page)  # no emails
