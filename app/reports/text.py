"""Helpers the human formats (HTML, PDF, Markdown) share: people, times, bidi safety, short histories."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.localization import in_digits, moment_text, report_style
from app.reports.labels import AR, STANCE_ORDER, labels_for

# Embeddings/overrides are closed by PDF (U+202C), isolates by PDI (U+2069).
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_CLOSERS = {"\u202c", "\u2069"}
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def balance_bidi(text: str | None) -> str:
    """Text whose bidi embeddings, overrides and isolates are all closed inside it.

    A U+202E RIGHT-TO-LEFT OVERRIDE typed into one field must not reorder the rest of the line;
    markup isolation (<bdi>, unicode-bidi: isolate) does this in browsers, and closing what the text
    opens does it for every renderer (PDF, Markdown viewers, terminals). Stray closers are dropped.
    """
    if not text:
        return ""
    out: list[str] = []
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(_OPENERS[char])
        elif char in _CLOSERS:
            if not stack or stack[-1] != char:
                continue
            stack.pop()
        out.append(char)
    out.extend(reversed(stack))
    return "".join(out)


def strip_bidi(text: str) -> str:
    """Text without any bidi control character (for comparisons in tests and plain exports)."""
    return _BIDI_CONTROLS.sub("", text)


def style(model: dict, public: bool = False) -> dict:
    """The digits, zone and month names a report is shown in (app.localization.report_style)."""
    return report_style(model["language"], public)


def when(value: str | None, L: dict, shown: dict | None = None) -> str:
    """An ISO date or datetime in the report's language, its reader's (public: the desk's) zone and digits,
    e.g. «21 فبراير 2026، 12:30» or "21 Feb 2026, 12:30"; never a raw stamp."""
    if not value:
        return L["never"]
    shown = shown or report_style("ar" if L is AR else "en", True)
    moment = dt.date.fromisoformat(value) if "T" not in value else dt.datetime.fromisoformat(value)
    return moment_text(moment, locale=shown["language"], zone=shown["zone"], digit_style=shown["digits"],
                       months=shown["months"])


def num(value: Any, shown: dict) -> str:
    """A number (or a text of numbers) in the report's digits."""
    return in_digits("" if value is None else str(value), shown["digits"])


def desk_num(value: Any, language: str) -> str:
    """A number on a public page in `language`, in the desk's digits."""
    return num(value, report_style(language, True))


def who(ref: dict | None, L: dict) -> str:
    """A person's name for a report: the name, else the email (internal reports), else 'a desk member'."""
    if ref is None:
        return L["system"]
    return ref.get("name") or ref.get("email") or L["desk_member"]


def reliability_text(grade: str, L: dict) -> str:
    return f"{grade} – {L['reliability'].get(grade, '')}"


def credibility_text(value: int, L: dict, shown: dict | None = None) -> str:
    return f"{num(value, shown) if shown else value} – {L['credibility'].get(value, '')}"


def reported_text(item: dict) -> str:
    return " ".join(x for x in (item.get("reported_value"), item.get("reported_unit")) if x)


def evidence_by_stance(claim: dict) -> list[tuple[str, list[dict]]]:
    """The claim's evidence grouped by stance (supports, contradicts, context), empty groups left out."""
    groups = []
    for stance in STANCE_ORDER:
        items = [e for e in claim["evidence"] if e["stance"] == stance]
        if items:
            groups.append((stance, items))
    return groups


def short_histories(model: dict, shown: dict | None = None) -> dict[int, list[dict]]:
    """Per claim: who added it, who set the verdict (and confidence), who moved or approved it, and when."""
    L = labels_for(model["language"])
    shown = shown or style(model)
    actions = L["history_action"]
    result: dict[int, list[dict]] = {}
    for event in model["history"]:
        if event["object"] != "claim" or event["claim_id"] is None:
            continue
        text = None
        if event["action"] == "created":
            text = actions["created"]
        elif event["action"] == "updated" and event["field"] == "verdict":
            text = actions["verdict"].format(after=L["verdict"].get(event["after"], event["after"]))
        elif event["action"] == "updated" and event["field"] == "confidence" and event["after"]:
            text = actions["confidence"].format(after=L["confidence"].get(event["after"], event["after"]))
        elif event["action"] == "transition":
            text = actions["approved"] if event["after"] == "approved" else \
                actions["state"].format(after=L["state"].get(event["after"], event["after"]))
        if text:
            result.setdefault(event["claim_id"], []).append(
                {"at": when(event["at"], L, shown), "who": who(event["actor"], L), "text": text})
    return result


def context(model: dict, public: bool = False) -> dict[str, Any]:
    """What the HTML and Markdown templates need beside the model: labels, the style and derived views."""
    L = labels_for(model["language"])
    shown = style(model, public)
    return {"L": L, "shown": shown, "histories": short_histories(model, shown)}
