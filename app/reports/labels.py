"""The report's words in English and Arabic: a report speaks its article's language, whatever the UI's."""

from __future__ import annotations

from typing import Any

# ClaimReview reviewRating.ratingValue by verdict (SPEC, Values). `unverifiable` has no place on the
# scale: its Rating carries only the alternateName; `unverified` is not reviewed at all.
RATING_VALUES = {"false": 1, "likely_false": 2, "mixed": 3, "likely_true": 4, "confirmed": 5}
# The order verdicts are summed up in: the most serious first.
VERDICT_ORDER = ("false", "likely_false", "mixed", "likely_true", "confirmed", "unverifiable", "unverified")
STANCE_ORDER = ("supports", "contradicts", "context")

EN: dict[str, Any] = {
    "verdict": {
        "confirmed": "Confirmed", "likely_true": "Likely true", "mixed": "Mixed", "likely_false": "Likely false",
        "false": "False", "unverifiable": "Unverifiable", "unverified": "Unverified",
    },
    "state": {"open": "Open", "in_review": "In review", "awaiting_approval": "Awaiting approval",
              "approved": "Approved"},
    "kind": {"quantity": "Quantity", "duration": "Duration", "time": "Time", "place": "Place", "event": "Event",
             "attribution": "Attribution", "comparison": "Comparison", "other": "Other"},
    "confidence": {"low": "Low", "medium": "Medium", "high": "High"},
    "stance": {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"},
    "role": {"reviewer": "Reviewer", "editor": "Editor", "admin": "Admin"},
    "origin": {"manual": "Added by hand", "suggested": "Suggested by the desk", "import": "Imported"},
    "reliability": {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
                    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"},
    "credibility": {1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
                    5: "improbable", 6: "truth cannot be judged"},
    "history_action": {"created": "claim added", "verdict": "verdict set to {after}", "confidence":
                       "confidence set to {after}", "approved": "approved", "state": "moved to {after}"},
    "title": "Verification report",
    "article": "Article",
    "publisher": "Publisher",
    "url": "URL",
    "published": "Published",
    "language": "Language",
    "added": "Added to the desk",
    "summary": "Summary",
    "claims": "Claims",
    "by_verdict": "By verdict",
    "by_state": "By review state",
    "approved_by": "Approved by",
    "approvals": "Approvals",
    "no_approvals": "No claim approved yet.",
    "claim": "Claim",
    "quote": "Quote",
    "statement": "Statement",
    "kind_label": "Kind",
    "attributed_to": "Attributed to",
    "verdict_label": "Verdict",
    "confidence_label": "Confidence",
    "rationale": "Rationale",
    "state_label": "State",
    "evidence": "Evidence",
    "no_evidence": "No evidence attached.",
    "source": "Source",
    "grade": "Source grade",
    "credibility_label": "Information credibility",
    "reported": "Reported figure",
    "excerpt": "Excerpt",
    "history": "History",
    "not_approved": "Not yet approved",
    "no_claims": "This article has no claims yet.",
    "generated": "Generated at {at} by {by}",
    "archived_banner": "This article was archived on {at}. The report is kept for the record.",
    "unapproved_banner": "{n} of {total} claims are not yet approved; they are marked “Not yet approved”.",
    "published_by": "Published by {org} on {at}",
    "desk_member": "a desk member",
    "system": "the desk",
    "never": "—",
    "page": "Page",
    "rollup_none": "No claims.",
    "withdrawn_title": "Report withdrawn",
    "withdrawn_text": "The desk withdrew this report. It is no longer published.",
    "withdrawn_on": "Withdrawn on:",
    "withdrawn_reason": "The desk's reason: {reason}",
    "versions": "Versions of this report",
    "version_n": "Version {n}",
    "claim_of": "Claim {n} of {total}",
    "version_kind": {"first": "First publication", "correction": "Correction", "update": "Update"},
    "older_version": "You are reading version {n} of this report, as published on {at}. The latest version is {latest}.",
    "published_reports": "Published reports",
    "no_published": "No report is published at the moment.",
    "latest": "latest",
}

AR: dict[str, Any] = {
    "verdict": {
        "confirmed": "صحيح", "likely_true": "صحيح على الأرجح", "mixed": "مختلط", "likely_false": "خاطئ على الأرجح",
        "false": "خاطئ", "unverifiable": "لا يمكن التحقق منه", "unverified": "لم يُتحقق منه بعد",
    },
    "state": {"open": "مفتوح", "in_review": "قيد المراجعة", "awaiting_approval": "بانتظار الاعتماد",
              "approved": "معتمد"},
    "kind": {"quantity": "كمية", "duration": "مدة", "time": "زمن", "place": "مكان", "event": "حدث",
             "attribution": "إسناد", "comparison": "مقارنة", "other": "أخرى"},
    "confidence": {"low": "منخفضة", "medium": "متوسطة", "high": "عالية"},
    "stance": {"supports": "يؤيد", "contradicts": "يناقض", "context": "سياق"},
    "role": {"reviewer": "مراجِع", "editor": "محرر", "admin": "مدير"},
    "origin": {"manual": "أُضيف يدويًا", "suggested": "اقترحه المكتب", "import": "مستورد"},
    "reliability": {"A": "موثوق تمامًا", "B": "موثوق عادةً", "C": "موثوق إلى حد ما", "D": "غير موثوق عادةً",
                    "E": "غير موثوق", "F": "لا يمكن الحكم على موثوقيته"},
    "credibility": {1: "أكدته مصادر أخرى", 2: "صحيح على الأرجح", 3: "ربما يكون صحيحًا", 4: "مشكوك فيه",
                    5: "مستبعد", 6: "لا يمكن الحكم على صحته"},
    "history_action": {"created": "أُضيف الادعاء", "verdict": "عُيّن الحكم: {after}", "confidence":
                       "عُيّنت درجة الثقة: {after}", "approved": "اعتُمد", "state": "نُقل إلى: {after}"},
    "title": "تقرير التحقق",
    "article": "المقال",
    "publisher": "الناشر",
    "url": "الرابط",
    "published": "تاريخ النشر",
    "language": "اللغة",
    "added": "أُضيف إلى المكتب",
    "summary": "الملخص",
    "claims": "الادعاءات",
    "by_verdict": "حسب الحكم",
    "by_state": "حسب حالة المراجعة",
    "approved_by": "الاعتماد",
    "approvals": "الاعتماد",
    "no_approvals": "لم يُعتمد أي ادعاء بعد.",
    "claim": "الادعاء",
    "quote": "الاقتباس",
    "statement": "الصياغة",
    "kind_label": "النوع",
    "attributed_to": "منسوب إلى",
    "verdict_label": "الحكم",
    "confidence_label": "درجة الثقة",
    "rationale": "التعليل",
    "state_label": "الحالة",
    "evidence": "الأدلة",
    "no_evidence": "لا أدلة مرفقة.",
    "source": "المصدر",
    "grade": "تصنيف المصدر",
    "credibility_label": "مصداقية المعلومة",
    "reported": "الرقم الوارد في المصدر",
    "excerpt": "مقتطف",
    "history": "السجل",
    "not_approved": "لم تُعتمد بعد",
    "no_claims": "لا ادعاءات في هذا المقال بعد.",
    "generated": "أُنشئ في {at} بواسطة {by}",
    "archived_banner": "أُرشف هذا المقال في {at}، ويُحتفظ بالتقرير للتوثيق.",
    "unapproved_banner": "الادعاءات غير المعتمدة: {n} من {total}، وهي معلَّمة بعبارة «لم تُعتمد بعد».",
    "published_by": "النشر: {org}، {at}",
    "desk_member": "عضو في فريق التحقق",
    "system": "المكتب",
    "never": "—",
    "page": "صفحة",
    "rollup_none": "لا ادعاءات.",
    "withdrawn_title": "سُحب التقرير",
    "withdrawn_text": "سحب فريق التحقق هذا التقرير، ولم يعد منشورًا.",
    "withdrawn_on": "تاريخ السحب:",
    "withdrawn_reason": "السبب الذي ذكره فريق التحقق: {reason}",
    "versions": "نسخ هذا التقرير",
    "version_n": "النسخة {n}",
    "claim_of": "الادعاء {n} من {total}",
    "version_kind": {"first": "النشر الأول", "correction": "تصحيح", "update": "تحديث"},
    "older_version": "تقرأ النسخة {n} من هذا التقرير كما نُشرت في {at}. أحدث نسخة: {latest}.",
    "published_reports": "التقارير المنشورة",
    "no_published": "لا توجد تقارير منشورة حاليًا.",
    "latest": "الأحدث",
}

LANGUAGE_NAMES = {"en": {"ar": "Arabic", "en": "English"}, "ar": {"ar": "العربية", "en": "الإنجليزية"}}


def report_language(article_language: str | None) -> str:
    """The language a report is written in: Arabic for an Arabic article, English otherwise."""
    return "ar" if (article_language or "").lower().split("-")[0] == "ar" else "en"


def labels_for(language: str) -> dict[str, Any]:
    """The label set of a report language ('ar' or 'en')."""
    return AR if language == "ar" else EN


def verdict_name(verdict: str, language: str) -> str:
    """A verdict's alternateName in the report's language."""
    return labels_for(language)["verdict"].get(verdict, verdict)


def language_name(code: str, language: str) -> str:
    """The name of an article language, in the report's language (the code when unknown)."""
    return LANGUAGE_NAMES["ar" if language == "ar" else "en"].get(code, code)


def rollup(summary: dict, language: str) -> str:
    """One line summing the article up, e.g. "3 of 7 claims approved; 2 false, 1 mixed"."""
    total, approved = summary["total"], summary["approved"]
    if not total:
        return labels_for(language)["rollup_none"]
    parts = [(summary["by_verdict"].get(v, 0), v) for v in VERDICT_ORDER if summary["by_verdict"].get(v)]
    if language == "ar":
        # "label: count" avoids Arabic number agreement, which a template cannot get right for every count.
        counts = "، ".join(f"{verdict_name(v, 'ar')}: {n}" for n, v in parts)
        return f"المعتمد {approved} من {total}؛ {counts}"
    noun = "claim" if total == 1 else "claims"
    counts = ", ".join(f"{n} {verdict_name(v, 'en').lower()}" for n, v in parts)
    return f"{approved} of {total} {noun} approved; {counts}"
