"""The OpenAPI 3 document of API v1 (a test proves it covers every route)."""

from __future__ import annotations

from flask import jsonify

from app.api import bp
from app.api.auth import endpoint
from app.models import User
from app.models.base import CONFIDENCES, CREDIBILITY, KINDS, RELIABILITY, STANCES, STATES, VERDICTS

S = {"type": "string"}
I = {"type": "integer"}
NS = {"type": ["string", "null"]}
DATE = {"type": ["string", "null"], "format": "date"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def enum(values, nullable: bool = False) -> dict:
    values = list(values)
    if nullable:
        return {"enum": values + [None]}
    return {"type": "string" if isinstance(values[0], str) else "integer", "enum": values}


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"],
        "properties": {"code": S, "message": S, "fields": {"type": "object", "additionalProperties": S}}}}},
    "User": {"type": "object", "properties": {"id": I, "email": S, "name": S, "role": S, "active": {"type": "boolean"}}},
    "Source": {"type": "object", "properties": {"id": I, "url": S, "title": NS, "publisher": NS,
                                                "published_at": DATE, "reliability": enum(RELIABILITY)}},
    "Evidence": {"type": "object", "properties": {
        "id": I, "claim_id": I, "stance": enum(STANCES), "credibility": enum(CREDIBILITY), "excerpt": S,
        "reported_value": NS, "reported_unit": NS, "note": S, "source": ref("Source")}},
    "Claim": {"type": "object", "required": ["id", "article_id", "start", "end", "quote", "version"], "properties": {
        "id": I, "article_id": I, "start": I, "end": I, "quote": S, "statement": S, "kind": enum(KINDS),
        "attributed_to": NS, "verdict": enum(VERDICTS), "confidence": enum(CONFIDENCES, nullable=True),
        "rationale": S, "state": enum(STATES), "origin": enum(("manual", "suggested", "import")),
        "assignee_id": {"type": ["integer", "null"]}, "recheck_on": DATE, "version": I,
        "evidence": {"type": "array", "items": ref("Evidence")}}},
    "Article": {"type": "object", "required": ["id", "title", "language"], "properties": {
        "id": I, "title": S, "body": S, "language": S, "dir": enum(("ltr", "rtl")), "url": NS, "publisher": NS,
        "published_at": DATE, "archived": {"type": "boolean"}, "claims": {"type": "array", "items": ref("Claim")}}},
    "ClaimInput": {"type": "object", "properties": {
        "quote": S, "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 1},
        "statement": S, "kind": enum(KINDS), "attributed_to": NS, "recheck_on": DATE}},
    "ArticleInput": {"type": "object", "required": ["title", "body"], "properties": {
        "title": {"type": "string", "minLength": 1}, "body": {"type": "string", "minLength": 1}, "language": S,
        "url": {"type": "string", "format": "uri"}, "publisher": S, "published_at": DATE,
        "suggest": {"type": "boolean"}, "claims": {"type": "array", "items": ref("ClaimInput")}}},
    "ClaimPatch": {"type": "object", "required": ["version"], "properties": {
        "version": {"type": "integer", "minimum": 1}, "statement": S, "kind": enum(KINDS), "attributed_to": NS,
        "verdict": enum(VERDICTS), "confidence": enum(CONFIDENCES, nullable=True), "rationale": S,
        "assignee_id": {"type": ["integer", "null"]}, "recheck_on": DATE, "start": I, "end": I, "quote": S}},
    "EvidenceInput": {"type": "object", "required": ["url", "stance"], "properties": {
        "url": {"type": "string", "format": "uri"}, "stance": enum(STANCES), "title": S, "publisher": S,
        "published_at": DATE, "reliability": enum(RELIABILITY), "credibility": enum(CREDIBILITY), "excerpt": S,
        "note": S, "reported_value": S, "reported_unit": S}},
    "EvidencePatch": {"type": "object", "properties": {
        "stance": enum(STANCES), "credibility": enum(CREDIBILITY), "excerpt": S, "note": S,
        "reported_value": NS, "reported_unit": NS}},
    "Transition": {"type": "object", "required": ["to"], "properties": {
        "to": enum(STATES), "reason": S, "version": {"type": "integer", "minimum": 1}}},
    "Comment": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "minLength": 1}}},
    "Copy": {"type": "object", "required": ["from_claim_id", "version"], "properties": {
        "from_claim_id": {"type": "integer", "minimum": 1}, "version": {"type": "integer", "minimum": 1},
        "evidence": {"type": "boolean"}, "verdict": {"type": "boolean"}}},
    "Event": {"type": "object", "properties": {"id": I, "at": S, "actor": NS, "action": S, "field": NS,
                                               "object": S, "object_id": {"type": ["integer", "null"]}}},
    "Suggestion": {"type": "object", "properties": {"start": I, "end": I, "quote": S, "kind": enum(KINDS),
                                                    "score": {"type": "number"}, "attributed_to": NS,
                                                    "values": {"type": "object"}, "reason": S}},
}

ERRORS = {
    "401": {"description": "Missing or invalid token", "content": {"application/json": {"schema": ref("Error")}}},
    "403": {"description": "The token's role may not do this", "content": {"application/json": {"schema": ref("Error")}}},
    "404": {"description": "Unknown id", "content": {"application/json": {"schema": ref("Error")}}},
    "422": {"description": "Invalid fields", "content": {"application/json": {"schema": ref("Error")}}},
}


def page_of(schema: str) -> dict:
    return {"type": "object", "properties": {"items": {"type": "array", "items": ref(schema)}, "page": I,
                                             "per_page": I, "total": I}}


def op(summary: str, ok: str, schema: dict | None, *, body: str | None = None, params: list | None = None,
       extra: dict | None = None) -> dict:
    responses = {ok: {"description": summary}}
    if schema is not None:
        responses[ok]["content"] = {"application/json": {"schema": schema}}
    responses.update(ERRORS)
    responses["400"] = {"description": "Malformed request", "content": {"application/json": {"schema": ref("Error")}}}
    if extra:
        responses.update(extra)
    operation: dict = {"summary": summary, "responses": responses}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    if params:
        operation["parameters"] = params
    return operation


def path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


PAGING = [query("page", {"type": "integer", "minimum": 1}), query("per_page", {"type": "integer", "minimum": 1, "maximum": 200})]
CONFLICT = {"409": {"description": "Stale version: nothing changed", "content": {"application/json": {"schema": ref("Error")}}}}

PATHS: dict[str, dict] = {
    "/api/v1/me": {"get": op("The token's user", "200", ref("User"))},
    "/api/v1/articles": {
        "get": op("List articles", "200", page_of("Article"),
                  params=PAGING + [query("q", S), query("include_archived", {"type": "boolean"})]),
        "post": op("Create an article with claims", "201", ref("Article"), body="ArticleInput",
                   extra={"200": {"description": "The URL is already in the desk: the existing article",
                                  "content": {"application/json": {"schema": ref("Article")}}}}),
    },
    "/api/v1/articles/{article_id}": {"get": op("An article with its claims", "200", ref("Article"),
                                                params=[path_id("article_id")])},
    "/api/v1/articles/{article_id}/archive": {"post": op("Archive or unarchive", "200", ref("Article"),
                                                         params=[path_id("article_id")])},
    "/api/v1/articles/{article_id}/suggestions": {"get": op(
        "Suggested claims (not stored)", "200",
        {"type": "object", "properties": {"items": {"type": "array", "items": ref("Suggestion")}}},
        params=[path_id("article_id")])},
    "/api/v1/articles/{article_id}/history": {"get": op(
        "The article's history", "200", {"type": "object", "properties": {"items": {"type": "array", "items": ref("Event")}}},
        params=[path_id("article_id")])},
    "/api/v1/articles/{article_id}/claims": {"post": op("Anchor a claim to a span", "201", ref("Claim"),
                                                        body="ClaimInput", params=[path_id("article_id")])},
    "/api/v1/claims": {"get": op("The claim queue", "200", page_of("Claim"), params=PAGING + [
        query("verdict", enum(VERDICTS)), query("state", enum(STATES)), query("kind", enum(KINDS)),
        query("q", S), query("article_id", {"type": "integer", "minimum": 1}), query("assignee", S),
        query("language", S), query("due", {"type": "boolean"}), query("evidence_gone", {"type": "boolean"}),
        query("sort", enum(("newest", "oldest", "updated", "recheck", "article")))])},
    "/api/v1/claims/{claim_id}": {
        "get": op("A claim with evidence and sources", "200", ref("Claim"), params=[path_id("claim_id")]),
        "patch": op("Edit a claim (version required)", "200", ref("Claim"), body="ClaimPatch",
                    params=[path_id("claim_id")], extra=CONFLICT),
        "delete": op("Delete a claim (version required)", "204", None,
                     params=[path_id("claim_id"), {**query("version", {"type": "integer", "minimum": 1}), "required": True}],
                     extra=CONFLICT),
    },
    "/api/v1/claims/{claim_id}/evidence": {"post": op("Attach a source", "201", ref("Evidence"), body="EvidenceInput",
                                                      params=[path_id("claim_id")])},
    "/api/v1/evidence/{evidence_id}": {
        "patch": op("Edit evidence", "200", ref("Evidence"), body="EvidencePatch", params=[path_id("evidence_id")]),
        "delete": op("Detach a source", "204", None, params=[path_id("evidence_id")]),
    },
    "/api/v1/claims/{claim_id}/transitions": {"post": op("Change the review state", "200", ref("Claim"),
                                                         body="Transition", params=[path_id("claim_id")], extra=CONFLICT)},
    "/api/v1/claims/{claim_id}/history": {"get": op(
        "The claim's history", "200", {"type": "object", "properties": {"items": {"type": "array", "items": ref("Event")}}},
        params=[path_id("claim_id")])},
    "/api/v1/claims/{claim_id}/comments": {"post": op("Comment", "201", {"type": "object"}, body="Comment",
                                                      params=[path_id("claim_id")])},
    "/api/v1/claims/{claim_id}/similar": {"get": op("Similar claims in other articles", "200", {"type": "object"},
                                                    params=[path_id("claim_id")])},
    "/api/v1/claims/{claim_id}/copy": {"post": op("Copy a similar claim's evidence and verdict", "200",
                                                  {"type": "object"}, body="Copy", params=[path_id("claim_id")],
                                                  extra=CONFLICT)},
    "/api/v1/openapi.json": {"get": op("This document", "200", {"type": "object"})},
}


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "ClaimDesk API", "version": "1.0.0",
                 "description": "Claim verification desk. Authenticate with 'Authorization: Bearer TOKEN' "
                                "(create one with `flask --app wsgi tokens create EMAIL`)."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": SCHEMAS},
        "paths": PATHS,
    }


def register_path(path: str, operations: dict) -> None:
    """Let a feature (reports, suggestions review) add its routes to the document."""
    PATHS.setdefault(path, {}).update(operations)


@bp.get("/openapi.json")
@endpoint("read")
def openapi(user: User):
    """The OpenAPI 3 document of this API."""
    return jsonify(document())
