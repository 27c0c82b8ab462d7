"""Helpers the human formats (HTML, PDF, Markdown) share: people, times, bidi safety, short histories."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.reports.labels import STANCE_ORDER, labels_for

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


def when(value: str | None, L: dict) -> str:
    """An ISO date or datetime as a reader sees it: 2026-02-21 or 2026-02-21 09:30 UTC."""
    if not value:
        return L["never"]
    if "T" not in value:
        return value
    moment = dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def who(ref: dict | None, L: dict) -> str:
    """A person's name for a report: the name, else the email (internal reports), else 'a desk member'."""
    if ref is None:
        return L["system"]
    return ref.get("name") or ref.get("email") or L["desk_member"]


def reliability_text(grade: str, L: dict) -> str:
    return f"{grade} – {L['reliability'].get(grade, '')}"


def credibility_text(value: int, L: dict) -> str:
    return f"{value} – {L['credibility'].get(value, '')}"


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


def short_histories(model: dict) -> dict[int, list[dict]]:
    """Per claim: who added it, who set the verdict (and confidence), who moved or approved it, and when."""
    L = labels_for(model["language"])
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
                {"at": when(event["at"], L), "who": who(event["actor"], L), "text": text})
    return result


def context(model: dict) -> dict[str, Any]:
    """What the HTML and Markdown templates need beside the model: labels and derived views."""
    L = labels_for(model["language"])
    return {"L": L, "histories": short_histories(model)}
