"""History as sentences (app/history.py), without HTTP: the events the services write, read as a person would."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from app import history
from app.extensions import db
from app.services import articles as article_service
from app.services import audit, comments, evidence, review
from app.services import claims as claim_service


def plain(markup) -> str:
    """The text a person reads (tags stripped)."""
    return re.sub(r"<[^>]+>", "", str(markup)).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/"):
        yield


def lines_for(claim_id: int, lang: str = "en"):
    with force_locale(lang):
        return history.sentences(audit.claim_history(claim_id))


def test_a_verdict_change_names_the_person_and_both_labels(request_ctx, make_user, make_claim):
    amal = make_user("reviewer", name="أمل")
    claim = make_claim(actor=amal)
    claim_service.update_claim(amal, claim, {"version": claim.version, "verdict": "likely_true"})
    db.session.commit()
    lines = lines_for(claim.id, "en")
    texts = [plain(line.text) for line in lines]
    assert texts[0] == "أمل added the claim"
    assert "أمل set the verdict from «Unverified» to «Likely true»" in texts
    assert all("likely_true" not in t and "unverified" not in t for t in texts), texts
    # the name is isolated, so an Arabic name cannot reorder the English sentence
    assert '<bdi class="actor" dir="auto">أمل</bdi>' in str(lines[1].text)


def test_arabic_reader_gets_the_arabic_labels(request_ctx, make_user, make_claim):
    user = make_user("reviewer", name="Sam")
    claim = make_claim(actor=user)
    claim_service.update_claim(user, claim, {"version": claim.version, "verdict": "likely_true"})
    db.session.commit()
    text = " ".join(plain(line.text) for line in lines_for(claim.id, "ar"))
    assert "«لم يُتحقق منه بعد»" in text and "«صحيح على الأرجح»" in text


def test_text_fields_show_a_word_level_diff_escaped(request_ctx, make_user, make_claim):
    user = make_user("reviewer", name="Sam")
    claim = make_claim(actor=user, statement="The base holds about 1,000 soldiers")
    claim_service.update_claim(user, claim, {"version": claim.version,
                                             "statement": "The base holds about 2,000 <b>soldiers</b>"})
    db.session.commit()
    line = next(line for line in lines_for(claim.id) if line.diff is not None)
    assert plain(line.text) == "Sam edited the statement"
    diff = str(line.diff)
    assert "<del>1,000 soldiers</del>" in diff or "<del>1</del>" in diff
    assert "<ins>" in diff and "&lt;b&gt;" in diff and "<b>" not in diff
    assert "The base holds about" in diff  # unchanged words stay, unmarked


def test_long_unchanged_runs_are_elided():
    before = " ".join(f"w{i}" for i in range(100)) + " end"
    after = " ".join(f"w{i}" for i in range(100)) + " finish"
    diff = str(history.word_diff(before, after))
    assert "w0 " not in diff and "w99" in diff and "<del>end</del><ins>finish</ins>" in diff
    assert "…" in diff


def test_an_article_creation_is_one_line_without_its_body(request_ctx, make_user):
    user = make_user("editor", name="Nour")
    body = "الفقرة الأولى.\n\nالفقرة الثانية فيها نص طويل."
    article = article_service.create_article(user, {"title": "عنوان المقال", "body": body}).article
    db.session.commit()
    with force_locale("en"):
        lines = history.sentences(audit.article_history(article.id))
    assert len(lines) == 1
    text = plain(lines[0].text)
    assert text == "Nour added the article «عنوان المقال»"
    assert "الفقرة" not in str(lines[0].text) and "\\n" not in str(lines[0].text)


def test_review_moves_evidence_assignment_and_comments(request_ctx, make_user, make_claim):
    reviewer = make_user("reviewer", name="Rana")
    editor = make_user("editor", name="Omar")
    claim = make_claim(actor=reviewer)
    evidence.add_evidence(reviewer, claim, {"url": "https://example.org/report", "stance": "supports",
                                            "reliability": "B"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "confirmed", "confidence": "high",
                                                 "rationale": "Two sources agree."})
    review.transition(reviewer, claim, {"to": "awaiting_approval", "version": claim.version})
    review.transition(editor, claim, {"to": "approved", "version": claim.version})
    review.transition(editor, claim, {"to": "in_review", "version": claim.version, "reason": "نحتاج مصدرًا ثالثًا"})
    claim_service.update_claim(editor, claim, {"version": claim.version, "assignee_id": reviewer.id})
    comments.add_comment(editor, claim, {"body": "private note"})
    db.session.commit()
    texts = [plain(line.text) for line in lines_for(claim.id)]
    joined = "\n".join(texts)
    assert "Rana attached the source https://example.org/report (Supports)" in joined
    assert "Rana wrote the rationale: «Two sources agree.»" in joined
    assert "Rana asked for approval" in joined
    assert "Omar approved the claim" in joined
    assert "Omar sent the claim back to review (reason: «نحتاج مصدرًا ثالثًا»)" in joined
    assert "Omar assigned the claim to «Rana»" in joined
    assert "Omar commented" in joined and "private note" not in joined
    assert "assignee_id" not in joined and "in_review" not in joined
    # the URL reads left to right inside an Arabic line too
    ar = " ".join(str(line.text) for line in lines_for(claim.id, "ar"))
    assert '<bdi dir="ltr">https://example.org/report</bdi>' in ar


def test_machine_notes_read_as_reasons_not_codes(request_ctx, make_user, make_claim):
    reviewer = make_user("reviewer", name="Rana")
    editor = make_user("editor", name="Omar")
    claim = make_claim(actor=reviewer)
    evidence.add_evidence(reviewer, claim, {"url": "https://example.org/a", "stance": "supports"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "confirmed", "confidence": "high",
                                                 "rationale": "x"})
    review.transition(reviewer, claim, {"to": "awaiting_approval", "version": claim.version})
    review.transition(editor, claim, {"to": "approved", "version": claim.version})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "mixed"})
    db.session.commit()
    joined = "\n".join(plain(line.text) for line in lines_for(claim.id))
    assert "sent the claim back to review (because the verdict changed)" in joined
    assert "changed: verdict" not in joined


def test_unknown_events_still_read_as_a_sentence(request_ctx, make_user, make_claim):
    user = make_user("reviewer", name="Sam")
    claim = make_claim(actor=user)
    audit.record(user, "frobnicated", claim)
    audit.record(None, "updated", claim, field="recheck_on", before=None, after="2027-01-05")
    db.session.commit()
    texts = [plain(line.text) for line in lines_for(claim.id)]
    assert texts[-2] == "Sam recorded frobnicated"
    assert texts[-1].startswith("The desk set the re-check date to «") and "2027" in texts[-1]


SUGGESTED_BODY = ("Officials said about 1,000 troops remain in Syria, and the withdrawal will take two months. "
                  "A convoy of more than 20 trucks crossed from Iraq on Saturday.")


def test_each_way_a_claim_comes_from_the_suggestions_reads_differently(request_ctx, make_user, make_article):
    from app.services import suggestions

    reem = make_user("reviewer", name="ريم الحسن")
    firsts = {}

    def first_line(claim, lang):
        return plain(lines_for(claim.id, lang)[0].text)

    article = make_article(body=SUGGESTED_BODY)
    found = suggestions.pending(article)
    assert len(found) >= 3
    a, b, c = found[0], found[1], found[2]
    firsts["accepted"] = suggestions.accept(reem, article, [{"start": a.start, "end": a.end}])[0]
    firsts["edited"] = suggestions.accept(reem, article, [{"start": c.start, "end": c.end - 1}])[0]
    firsts["manual"] = claim_service.create_claim(reem, article, {"start": 0, "end": 9})
    db.session.commit()
    other = make_article(body=SUGGESTED_BODY)
    spans = sorted((s.start, s.end) for s in suggestions.pending(other))
    firsts["merged"] = suggestions.merge(reem, other, spans[:2])
    third = make_article(body=SUGGESTED_BODY)
    s = suggestions.pending(third)[0]
    firsts["split"] = suggestions.split(reem, third, (s.start, s.end), (s.start + s.end) // 2)[0]
    db.session.commit()
    del b
    for lang in ("en", "ar"):
        texts = {how: first_line(claim, lang) for how, claim in firsts.items()}
        assert len(set(texts.values())) == len(texts), texts  # five kinds, five sentences
        assert all("ريم الحسن" in text for text in texts.values())
    arabic = {how: first_line(claim, "ar") for how, claim in firsts.items()}
    assert arabic["merged"] == "ريم الحسن: دمج اقتراحات في ادعاء واحد"
    assert arabic["split"] == "ريم الحسن: تقسيم اقتراح إلى ادعاءات"
    # no verb that agrees with the person's gender: a noun after their name
    assert not any(re.search(r"(أضاف|قبل|دمج|قسّم)ه?\s+ريم", text) for text in arabic.values())
    english = {how: first_line(claim, "en") for how, claim in firsts.items()}
    assert english["accepted"] == "ريم الحسن accepted a suggested claim"
    assert english["edited"] == "ريم الحسن accepted a suggested claim with its span changed"
    assert english["manual"] == "ريم الحسن added the claim"


def test_a_copy_is_told_in_the_history_not_written_into_the_rationale(request_ctx, make_user, make_claim):
    from app.services import similar

    reem = make_user("editor", name="ريم الحسن")
    source = make_claim(actor=reem)
    claim_service.update_claim(reem, source, {"version": source.version, "verdict": "false", "confidence": "high",
                                              "rationale": "نفى المتحدث الرقم."})
    target = make_claim(actor=reem)
    db.session.commit()
    similar.copy_from(reem, target, {"version": target.version, "from_claim_id": source.id, "evidence": True,
                                    "verdict": True})
    db.session.commit()
    assert target.rationale == "نفى المتحدث الرقم."
    arabic = [plain(line.text) for line in lines_for(target.id, "ar")]
    assert any(f"#{source.id}" in text and "ريم الحسن" in text for text in arabic), arabic
