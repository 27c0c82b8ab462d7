"""Fixtures for the reports: a reviewed article in English and in Arabic, and PDF text helpers."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from app.extensions import db
from app.reports.data import load_report
from app.services import claims as claim_service
from app.services import comments, evidence, review

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
EN_BODY = ("The base holds about 1,000 soldiers. The convoy had more than 20 empty trucks. "
           "The evacuation will take a month. The base is the largest in the region.")
AR_BODY = ("ضمّت القافلة أكثر من 20 شاحنة فارغة. ويُتوقع أن تستغرق عملية الإخلاء نحو شهر كامل. "
           "ونقلت وكالة رويترز عن مسؤولين أن نحو ألف جندي ما زالوا في سوريا.")


def review_claim(claim, setter, approver=None, *, verdict: str, confidence: str = "medium", rationale: str = ""):
    """Take a claim through review: verdict set by `setter`, approved by `approver` when given.

    Asking for approval needs a rationale and evidence (SPEC): a claim that has none gets a plain
    rationale and, unless unverifiable, one source, so that it can be approved.
    """
    if approver is not None:
        rationale = rationale or "Checked against the sources."
        if verdict != "unverifiable" and not claim.evidence:
            evidence.add_evidence(setter, claim, {"url": f"https://check.example/{claim.id}", "stance": "context",
                                                  "reliability": "C", "credibility": 3})
    review.transition(setter, claim, {"to": "in_review"})
    claim_service.update_claim(setter, claim, {"version": claim.version, "verdict": verdict,
                                               "confidence": confidence, "rationale": rationale})
    if approver is not None:
        review.transition(setter, claim, {"to": "awaiting_approval"})
        review.transition(approver, claim, {"to": "approved"})
    db.session.commit()


@pytest.fixture
def people(make_user):
    return {"reviewer": make_user("reviewer", name="Rana Reviewer"),
            "editor": make_user("editor", name="Omar Editor"),
            "editor2": make_user("editor", name="Lina Editor")}


@pytest.fixture
def reviewed(make_article, make_claim, people):
    """An English article: claim 1 approved false (3 sources), claim 2 mixed awaiting approval,
    claim 3 unverifiable approved, claim 4 untouched."""
    r, ed = people["reviewer"], people["editor"]
    article = make_article(body=EN_BODY, title="Troops and trucks", url="https://news.example/troops",
                           publisher="News Example", published_at="2026-02-21", language="en")
    c1 = make_claim(article, "about 1,000 soldiers", actor=r, kind="quantity", attributed_to="Reuters, citing US officials")
    c2 = make_claim(article, "more than 20 empty trucks", actor=r, kind="quantity", attributed_to="a correspondent")
    c3 = make_claim(article, "The evacuation will take a month", actor=r, kind="duration")
    c4 = make_claim(article, "The base is the largest in the region", actor=r, kind="comparison")
    evidence.add_evidence(r, c1, {"url": "https://wire.example/a", "stance": "contradicts", "title": "Wire story",
                                  "publisher": "Wire", "reliability": "B", "credibility": 2,
                                  "excerpt": "About 900 troops remain.", "reported_value": "900",
                                  "reported_unit": "troops"})
    evidence.add_evidence(r, c1, {"url": "https://paper.example/b", "stance": "contradicts", "title": "Paper",
                                  "publisher": "Paper", "reliability": "A", "credibility": 1})
    evidence.add_evidence(r, c1, {"url": "https://blog.example/c", "stance": "supports", "reliability": "E",
                                  "credibility": 5, "excerpt": "A thousand soldiers, we hear."})
    evidence.add_evidence(r, c2, {"url": "https://photo.example/d", "stance": "context", "title": "Photos",
                                  "reliability": "C", "credibility": 3})
    comments.add_comment(r, c1, {"body": "Checked with the wire desk."})
    db.session.commit()
    review_claim(c1, r, ed, verdict="false", confidence="high", rationale="Two reliable sources give about 900.")
    review_claim(c2, r, verdict="mixed", rationale="The photos show fewer trucks.")
    review.transition(r, c2, {"to": "awaiting_approval"})
    review_claim(c3, r, ed, verdict="unverifiable", confidence="low")
    db.session.commit()
    return {"article": article, "claims": [c1, c2, c3, c4]}


@pytest.fixture
def arabic(make_article, make_claim, people):
    """An Arabic article with one approved claim (likely_false) and one open claim."""
    r, ed = people["reviewer"], people["editor"]
    article = make_article(body=AR_BODY, title="قافلة إلى قاعدة قسرك", publisher="عنب بلدي",
                           published_at="2026-02-21", language="ar")
    c1 = make_claim(article, "أكثر من 20 شاحنة فارغة", actor=r, kind="quantity", attributed_to="مراسل في الحسكة",
                    statement="The convoy had more than 20 empty trucks.")
    c2 = make_claim(article, "نحو شهر كامل", actor=r, kind="duration")
    evidence.add_evidence(r, c1, {"url": "https://ar.example/x", "stance": "contradicts", "title": "تقرير مصور",
                                  "publisher": "وكالة", "reliability": "B", "credibility": 2,
                                  "excerpt": "نحو 100 شاحنة", "reported_value": "100", "reported_unit": "شاحنة"})
    db.session.commit()
    review_claim(c1, r, ed, verdict="likely_false", rationale="الصور تظهر نحو مئة شاحنة.")
    return {"article": article, "claims": [c1, c2]}


def model(article_id: int, **options) -> dict:
    """The report model, as the builders receive it."""
    options.setdefault("base_url", "https://desk.example")
    options.setdefault("organisation", {"name": "Test Desk", "url": "https://org.example"})
    return load_report(article_id, **options)


# ---- PDF text -------------------------------------------------------------------------------------------

_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def require_poppler() -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils")


def pdf_text(pdf: bytes, *args: str) -> str:
    """pdftotext's UTF-8 text of a PDF."""
    require_poppler()
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, "-", "-"], input=pdf, capture_output=True,
                            check=True)
    return result.stdout.decode("utf-8")


def squeeze(value: str) -> str:
    """Text reduced to what survives any PDF extraction: presentation forms folded (NFKC), bidi marks,
    combining marks (harakat, which pdftotext may put before their letter) and all white space removed."""
    value = unicodedata.normalize("NFKC", value)
    value = _MARKS.sub("", value)
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Mn")


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def pdf_lines(pdf: bytes) -> list[str]:
    """The PDF's lines in reading order, rebuilt from word boxes (`pdftotext -bbox`).

    pdftotext's plain mode gives Arabic in logical order, but it files a combining mark that HarfBuzz
    placed as its own glyph (the tanween of رسميًا) on a line of its own and moves the word with it.
    Word boxes do not have that problem: words on one baseline make a line, read right to left when
    the line is mostly Arabic (a box's Arabic letters come in visual order, so they are reversed).
    """
    lines: list[str] = []
    for page in pdf_text(pdf, "-bbox").split("<page ")[1:]:
        words = [(float(x0), (float(y0) + float(y1)) / 2, html.unescape(t))
                 for x0, y0, x1, y1, t in _WORD.findall(page) if float(x1) - float(x0) > 0.5]
        words.sort(key=lambda w: w[1])
        rows: list[list[tuple[float, float, str]]] = []
        for word in words:
            if rows and abs(word[1] - rows[-1][0][1]) < 4:
                rows[-1].append(word)
            else:
                rows.append([word])
        for row in rows:
            arabic = sum(len(_ARABIC.findall(t)) for _, _, t in row)
            rtl = arabic * 2 > sum(len(t) for _, _, t in row)
            row.sort(key=lambda w: -w[0] if rtl else w[0])
            lines.append(" ".join(t[::-1] if _ARABIC.search(t) else t for _, _, t in row))
    return lines
