"""The Markdown report: the same contents as the HTML, with user text that cannot become markup."""

from app.extensions import db
from app.reports.markdown import build_markdown, md
from app.services import claims as claim_service
from tests.reports.conftest import model


def test_the_markdown_report_holds_what_the_html_holds(reviewed):
    text = build_markdown(model(reviewed["article"].id)).decode("utf-8")
    assert text.startswith("# Verification report: Troops and trucks\n")
    for fragment in ("**2 of 4 claims approved; 1 false, 1 mixed, 1 unverifiable, 1 unverified**",
                     f"### Claim 1 of 4 (#{reviewed['claims'][0].id}) — False — ✓ Approved", "> about 1,000 soldiers",
                     "**Contradicts (2)**", "Wire story · Wire · <https://wire.example/a>",
                     "B – usually reliable", "Reported figure: 900 troops", "verdict set to False",
                     "- **Approved by:** Omar Editor (2,", "<https://news.example/troops>"):
        assert fragment in text, fragment
    assert text.count("**⚠ Not yet approved**") == 2


def test_an_arabic_markdown_report_is_in_arabic_with_dates_kept_whole(arabic):
    text = build_markdown(model(arabic["article"].id)).decode("utf-8")
    assert "# تقرير التحقق: قافلة إلى قاعدة قسرك" in text and "**⚠ لم تُعتمد بعد**" in text
    assert "خاطئ على الأرجح" in text and "likely_false" not in text
    # a date in words, no code beside a label, Arabic commas, and no invisible isolate marks
    assert "- **تاريخ النشر:** 21 فبراير 2026" in text
    assert "\u2066" not in text and "\u2069" not in text and " · " not in text and "(`ar`)" not in text


def test_user_text_cannot_make_markdown_or_html(make_article, make_claim, people):
    article = make_article(body="The base holds about 1,000 soldiers.", title="# [click](javascript:x) <b>")
    claim = make_claim(article, "about 1,000 soldiers", actor=people["reviewer"])
    claim_service.update_claim(people["reviewer"], claim, {"version": claim.version,
                                                           "statement": "*bold* <script>x</script> | `code`",
                                                           "rationale": "- a list?\n# a heading?\n\u202eflipped"})
    db.session.commit()
    text = build_markdown(model(article.id)).decode("utf-8")
    assert "# Verification report: \\# \\[click\\](javascript:x) \\<b\\>" in text
    assert "\\*bold\\* \\<script\\>x\\</script\\> \\| \\`code\\`" in text
    assert "  > \\- a list?" in text and "  > \\# a heading?" in text and "\u202eflipped\u202c" in text
    assert md("a\nb") == "a b"


def test_an_empty_article_gives_a_short_valid_report(make_article):
    text = build_markdown(model(make_article(title="Empty").id)).decode("utf-8")
    assert "## Claims (0)" in text and "This article has no claims yet." in text
