"""The Markdown report: the same contents as the HTML report, as plain text a person can read and diff."""

from __future__ import annotations

import re

from app.reports import text
from app.reports.labels import VERDICT_ORDER, labels_for, language_name

# Markdown and inline HTML that user text must not produce: emphasis, links, code, tables, tags, headings.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def md(value: object) -> str:
    """User text made inert in Markdown: special characters escaped, bidi controls closed, one line."""
    raw = text.balance_bidi("" if value is None else str(value))
    return " ".join(_SPECIAL.sub(r"\\\1", raw).split())


def md_url(url: str) -> str:
    """An http(s) URL as a Markdown autolink; anything else as escaped text."""
    if re.fullmatch(r"https?://[^\s<>]+", url, re.IGNORECASE):
        return f"<{url}>"
    return md(url)


def md_block(value: object, prefix: str = "> ") -> str:
    """A multi-line user text as a Markdown block quote, each line escaped."""
    raw = text.balance_bidi("" if value is None else str(value))
    lines = []
    for line in raw.split("\n"):
        escaped = _SPECIAL.sub(r"\\\1", line)
        lines.append(prefix + _LINE_START.sub(r"\1\\\2", escaped).rstrip())
    return "\n".join(lines)


def build_markdown(model: dict) -> bytes:
    """The `md` format: the report in Markdown (UTF-8), in the article's language."""
    L = labels_for(model["language"])
    shown = text.style(model)
    comma = "، " if model["language"] == "ar" else ", "
    sep = "، " if model["language"] == "ar" else " · "

    def when(value: str | None) -> str:
        # words and digits in the report's language: nothing a right-to-left line could reorder
        return text.when(value, L, shown)

    def num(value: object) -> str:
        return text.num(value, shown)

    a, s = model["article"], model["summary"]
    histories = text.short_histories(model, shown)
    out: list[str] = []
    add = out.append
    add(f"# {L['title']}: {md(a['title'])}")
    add("")
    add(f"{md(model['organisation'].get('logo_text') or model['organisation']['name'])}{sep}{L['article']} #{num(a['id'])}")
    add("")
    if a["archived"]:
        add(f"> **{L['archived_banner'].format(at=when(a['archived_at']))}**")
        add("")
    if s["not_approved"]:
        add(f"> **{L['unapproved_banner'].format(n=num(s['not_approved']), total=num(s['total']))}**")
        add("")
    add(f"- **{L['publisher']}:** {md(a['publisher']) or L['never']}")
    add(f"- **{L['url']}:** {md_url(a['url']) if a['url'] else L['never']}")
    add(f"- **{L['published']}:** {when(a['published_at'])}")
    add(f"- **{L['language']}:** {language_name(a['language'], model['language'])}")
    add("")
    add(f"## {L['summary']}")
    add("")
    add(f"**{md(num(s['rollup']))}**")
    add("")
    if s["total"]:
        add(f"- **{L['by_verdict']}:** " + comma.join(
            f"{L['verdict'][v]}: {num(s['by_verdict'][v])}" for v in VERDICT_ORDER if s["by_verdict"].get(v)))
        add(f"- **{L['by_state']}:** " + comma.join(
            f"{L['state'][st]}: {num(n)}" for st, n in s["by_state"].items() if n))
        approvals = comma.join(f"{md(text.who(ap['user'], L))} ({num(ap['claims'])}{comma}{when(ap['last_at'])})"
                               for ap in s["approvals"]) or L["no_approvals"]
        add(f"- **{L['approved_by']}:** {approvals}")
        add("")
    add(f"## {L['claims']} ({num(s['total'])})")
    add("")
    if not model["claims"]:
        add(L["no_claims"])
        add("")
    for c in model["claims"]:
        mark = f"✓ {L['state']['approved']}" if c["approved"] else f"**⚠ {L['not_approved']}**"
        place = L["claim_of"].format(n=num(c["number"]), total=num(s["total"]))
        add(f"### {place} (#{num(c['id'])}) — {L['verdict'][c['verdict']]} — {mark}")
        add("")
        add(md_block(c["quote"]))
        add("")
        add(f"- **{L['statement']}:** {md(c['statement'])}")
        add(f"- **{L['kind_label']}:** {L['kind'][c['kind']]}")
        if c["attributed_to"]:
            add(f"- **{L['attributed_to']}:** {md(c['attributed_to'])}")
        confidence = L["confidence"][c["confidence"]] if c["confidence"] else L["never"]
        add(f"- **{L['verdict_label']}:** {L['verdict'][c['verdict']]}{sep}"
            f"**{L['confidence_label']}:** {confidence}{sep}**{L['state_label']}:** {L['state'][c['state']]}")
        if c["rationale"]:
            add(f"- **{L['rationale']}:**")
            add("")
            add(md_block(c["rationale"], "  > "))
        add("")
        add(f"#### {L['evidence']} ({num(len(c['evidence']))})")
        add("")
        groups = text.evidence_by_stance(c)
        if not groups:
            add(L["no_evidence"])
            add("")
        for stance, items in groups:
            add(f"**{L['stance'][stance]} ({num(len(items))})**")
            add("")
            for e in items:
                src = e["source"]
                title = md(src["title"] or src["url"])
                line = f"- {title}" + (f"{sep}{md(src['publisher'])}" if src["publisher"] else "")
                line += f"{sep}{md_url(src['url'])}" if src["title"] else ""
                add(line)
                add(f"  - {L['grade']}: {text.reliability_text(src['reliability'], L)}{sep}"
                    f"{L['credibility_label']}: {text.credibility_text(e['credibility'], L, shown)}")
                if text.reported_text(e):
                    add(f"  - {L['reported']}: {md(text.reported_text(e))}")
                if e["excerpt"]:
                    add(md_block(e["excerpt"], "  > "))
            add("")
        if histories.get(c["id"]):
            add(f"#### {L['history']}")
            add("")
            for h in histories[c["id"]]:
                add(f"- {h['at']}{sep}{md(h['who'])}{sep}{h['text']}")
            add("")
    add("---")
    add("")
    if model["publication"]:
        add(L["published_by"].format(org=md(model["organisation"]["name"]),
                                     at=when(model["publication"]["published_at"])))
        add("")
    by = text.who(model["generated_by"], L) if model["generated_by"] else model["organisation"]["name"]
    add(L["generated"].format(at=when(model["generated_at"]), by=md(by)))
    add("")
    return "\n".join(out).encode("utf-8")
