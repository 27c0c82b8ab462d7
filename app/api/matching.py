"""API v1: earlier fact-checks that answer a claim or a text, best first, with why."""

from __future__ import annotations

from flask import jsonify, request

from app.api import bp
from app.api.auth import endpoint
from app.api.openapi import NS, I, S, op, path_id, query, register_path, text
from app.i18n import _l
from app.models import User
from app.services import claims as claim_service
from app.services import matching
from app.services.validation import Checker


def _answer(found: list[matching.Match]):
    return jsonify({"matches": [m.as_dict() for m in found]})


def _limit(checker: Checker) -> int:
    return checker.integer("limit", minimum=1, maximum=matching.MAX_LIMIT) or 10


@bp.get("/claims/<int:claim_id>/matches")
@endpoint("read")
def claim_matches(user: User, claim_id: int):
    """Earlier fact-checks that answer this claim (words and meaning, across Arabic and English)."""
    checker = Checker(request.args)
    limit = _limit(checker)
    checker.raise_if_errors()
    claim = claim_service.get_claim(claim_id)
    return _answer(matching.matches_for_claim(claim, limit))


@bp.get("/factchecks/match")
@endpoint("read")
def match_factchecks(user: User):
    """Earlier fact-checks that answer a text: ?text=…&language=…&limit=…"""
    checker = Checker(request.args)
    value = checker.text("text", required=True, max_len=matching.MAX_TEXT)
    language = checker.text("language", max_len=8)
    limit = _limit(checker)
    checker.raise_if_errors(_l("The text to match is not valid."))
    return _answer(matching.match_text(value or "", (language or "").lower() or None, limit))


def _register() -> None:
    from app.api import openapi

    number = {"type": "number"}
    openapi.SCHEMAS["Match"] = {"type": "object", "required": [
        "id", "url", "claim_reviewed", "rating", "publisher", "date", "language", "score", "why"], "properties": {
        "id": I, "url": S, "claim_reviewed": S, "rating": NS, "publisher": NS, "date": NS, "language": NS,
        "score": number, "why": {"type": "object", "properties": {
            "figures": {"type": "array", "items": S}, "names": {"type": "array", "items": S},
            "words": {"type": "array", "items": S}, "meaning": {"type": ["number", "null"]},
            "words_score": number}}}}
    answer = {"type": "object", "required": ["matches"], "additionalProperties": False, "properties": {
        "matches": {"type": "array", "items": openapi.ref("Match")}}}
    limit = query("limit", {"anyOf": [{"type": "integer", "minimum": 1, "maximum": matching.MAX_LIMIT},
                                      {"enum": [""]}]})
    register_path("/api/v1/claims/{claim_id}/matches", {"get": op(
        "Earlier fact-checks that answer a claim", "200", answer, params=[path_id("claim_id"), limit])})
    text_param = {**query("text", text(matching.MAX_TEXT, nullable=False, min_len=1)), "required": True}
    register_path("/api/v1/factchecks/match", {"get": op(
        "Earlier fact-checks that answer a text", "200", answer,
        params=[text_param, query("language", text(8, nullable=False)), limit])})


_register()
