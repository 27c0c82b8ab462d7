"""The PDF report: WeasyPrint from the same HTML; Arabic joined, right to left, in logical order in the text."""

import os
import re
import subprocess
from pathlib import Path

from app.extensions import db
from app.models import Claim
from app.reports.pdf import build_pdf
from app.services import articles as article_service
from app.services import evidence
from tests.conftest import CORPUS
from tests.reports.conftest import ARTIFACTS, model, pdf_lines, pdf_text, require_poppler, review_claim, squeeze


def test_the_corpus_report_keeps_every_arabic_quote_in_logical_order(corpus_text, people):
    require_poppler()
    article = article_service.import_file(None, Path(CORPUS)).article
    db.session.commit()
    claims = sorted(article.claims, key=lambda c: c.start)
    assert len(claims) == 20
    evidence.add_evidence(people["reviewer"], claims[6], {
        "url": "https://www.reuters.com/world/middle-east/qasrak", "stance": "contradicts", "title": "رويترز",
        "publisher": "Reuters", "reliability": "A", "credibility": 2, "excerpt": "نحو 100 شاحنة", "reported_value": "100",
        "reported_unit": "شاحنة"})
    review_claim(claims[6], people["reviewer"], people["editor"], verdict="likely_false", rationale="الصور تظهر قافلة أكبر.")
    pdf = build_pdf(model(article.id))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    flat = squeeze(text)
    # Plain pdftotext gives Arabic runs in logical order (marks and spaces set aside)...
    # (a quote it misses is one with a combining mark HarfBuzz placed as its own glyph: see pdf_lines)
    unfound = [c.quote for c in claims if squeeze(c.quote) not in flat]
    assert len(unfound) <= 2 and all(re.search("[\u064b-\u0652]", q) for q in unfound), unfound
    # ...and every quote, read line by line from the word boxes, is there in logical order.
    lines = squeeze("\n".join(pdf_lines(pdf)))
    missing = [c.quote for c in claims if squeeze(c.quote) not in lines]
    assert not missing, missing
    for label in ("تقرير التحقق", "الملخص", "الادعاءات", "لم تُعتمد بعد", "خاطئ على الأرجح", "Enab Baladi"):
        assert squeeze(label) in flat, label
    os.makedirs(ARTIFACTS, exist_ok=True)
    target = os.path.join(ARTIFACTS, "report-corpus-page1")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", target],
                   input=pdf, check=True)
    assert os.path.getsize(target + ".png") > 10_000
    with open(os.path.join(ARTIFACTS, "report-corpus.pdf"), "wb") as handle:
        handle.write(pdf)


def test_a_right_to_left_override_in_a_field_does_not_reorder_the_labels_around_it(make_article, make_claim,
                                                                                   make_user):
    mallory = make_user("reviewer", name="\u202eMallory")
    article = make_article(body="The base holds about 1,000 soldiers.", title="Override test", language="en")
    claim = make_claim(article, "about 1,000 soldiers", actor=mallory,
                       attributed_to="\u202eSTOLEN ORDER <script>x</script>")
    evidence.add_evidence(mallory, claim, {"url": "https://w.example/1", "stance": "supports",
                                           "title": "\u202eTitle \u2067here", "publisher": "Wire Agency"})
    db.session.commit()
    text = pdf_text(build_pdf(model(article.id)))
    lines = text.splitlines()
    # Each override reverses its own field and nothing else: the labels before and after keep their order.
    assert "Kind: Other · Attributed to: >tpircs/<x>tpircs< REDRO NELOTS" in lines  # the tag is text, not run
    assert any(line.endswith("eltiT · Wire Agency · https://w.example/1") for line in lines)
    assert any(re.fullmatch(r"• \w+ \d+, \d+, \d+:\d+ · yrollaM · claim added", line) for line in lines)
    assert text.index("Statement:") < text.index("Kind:") < text.index("Verdict:") < text.index("Evidence (1)")


def test_a_five_thousand_character_word_wraps_inside_the_page(make_article, make_claim, people):
    article = make_article(body="The base holds about 1,000 soldiers.", title="Long", language="en")
    claim = make_claim(article, "about 1,000 soldiers", actor=people["reviewer"])
    evidence.add_evidence(people["reviewer"], claim, {"url": "https://x.example/long", "stance": "supports",
                                                      "excerpt": "x" * 5000})
    db.session.commit()
    pdf = build_pdf(model(article.id))
    boxes = pdf_text(pdf, "-bbox")
    width = float(boxes.split('<page width="')[1].split('"')[0])
    right_edges = [float(chunk.split('"')[0]) for chunk in boxes.split('xMax="')[1:]]
    assert right_edges and max(right_edges) <= width
    assert squeeze(pdf_text(pdf)).count("x") >= 5000
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 3  # the claim breaks across pages, leaving none blank


def test_an_archived_empty_article_still_renders(make_article, people):
    article = make_article(title="Empty and archived")
    article_service.set_archived(people["editor"], article, True)
    db.session.commit()
    text = pdf_text(build_pdf(model(article.id)))
    assert "This article was archived on" in " ".join(text.split()) and "no claims yet" in text
    assert db.session.query(Claim).count() == 0
