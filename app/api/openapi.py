"""The OpenAPI 3 document of API v1 (a test proves it covers every route)."""

from __future__ import annotations

import copy

from flask import jsonify

from app.api import bp
from app.api.auth import endpoint
from app.models import User
from app.models.base import CONFIDENCES, CREDIBILITY, KINDS, RELIABILITY, STANCES, STATES, VERDICTS
from app.services.queue import SORTS
from app.services.settings import LIMITS
from app.services.validation import INT_MAX, TEXT_PATTERN

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
        "reported_value": NS, "reported_unit": NS, "note": S, "source": ref("Source"),
        "approval_revoked": {"type": "boolean"}, "claim_state": enum(STATES)}},
    "Claim": {"type": "object", "required": ["id", "article_id", "start", "end", "quote", "version"], "properties": {
        "id": I, "article_id": I, "start": I, "end": I, "quote": S, "statement": S, "kind": enum(KINDS),
        "attributed_to": NS, "verdict": enum(VERDICTS), "confidence": enum(CONFIDENCES, nullable=True),
        "rationale": S, "state": enum(STATES), "origin": enum(("manual", "suggested", "import")),
        "assignee_id": {"type": ["integer", "null"]}, "recheck_on": DATE, "version": I,
        "evidence": {"type": "array", "items": ref("Evidence")},
        "approval_revoked": {"type": "boolean", "description": "in answers to a change: it sent an approved "
                                                               "claim back to review"}}},
    "Article": {"type": "object", "required": ["id", "title", "language"], "properties": {
        "id": I, "title": S, "body": S, "language": S, "dir": enum(("ltr", "rtl")), "url": NS, "publisher": NS,
        "published_at": DATE, "archived": {"type": "boolean"}, "claims": {"type": "array", "items": ref("Claim")}}},
    "Event": {"type": "object", "properties": {"id": I, "at": S, "actor": NS, "action": S, "field": NS,
                                               "object": S, "object_id": {"type": ["integer", "null"]}}},
    "Suggestion": {"type": "object", "properties": {"start": I, "end": I, "quote": S, "kind": enum(KINDS),
                                                    "score": {"type": "number"}, "attributed_to": NS,
                                                    "values": {"type": "object"}, "reason": S}},
}



def text(max_len: int, *, nullable: bool = True, min_len: int = 0) -> dict:
    """An input text field as the Checker reads it: control characters refused, at most max_len characters,
    and null taken as "not given" (so it is declared)."""
    schema: dict = {"type": ["string", "null"] if nullable else "string", "maxLength": max_len,
                    "pattern": TEXT_PATTERN}
    if min_len:
        schema["minLength"] = min_len
    return schema


def nullable(schema: dict) -> dict:
    """A schema that also takes null: the Checker reads null as "not given"."""
    if "enum" in schema:
        return {"enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def input_schemas() -> dict:
    """Request bodies, from the limits in force (LIMITS follows the configuration)."""
    body_text, long_text = LIMITS.max_body_chars, LIMITS.max_text_chars
    return {
        "ClaimInput": {"type": "object", "properties": {
            "quote": text(long_text), "start": nullable({"type": "integer", "minimum": 0, "maximum": INT_MAX}),
            "end": nullable({"type": "integer", "minimum": 1, "maximum": INT_MAX}), "statement": text(long_text),
            "kind": nullable(enum(KINDS)), "attributed_to": text(500), "recheck_on": DATE}},
        "ArticleInput": {"type": "object", "required": ["title", "body"], "properties": {
            "title": text(LIMITS.max_title_chars, nullable=False, min_len=1),
            "body": text(body_text, nullable=False, min_len=1), "language": text(16),
            "url": nullable({"type": "string", "format": "uri", "maxLength": 2048}), "publisher": text(200),
            "published_at": DATE, "suggest": nullable({"type": "boolean"}),
            "claims": nullable({"type": "array", "items": ref("ClaimInput"), "maxItems": 2000})}},
        "ClaimPatch": {"type": "object", "required": ["version"], "additionalProperties": False, "properties": {
            "version": {"type": "integer", "minimum": 1, "maximum": INT_MAX}, "statement": text(long_text),
            "kind": nullable(enum(KINDS)), "attributed_to": text(500), "verdict": nullable(enum(VERDICTS)),
            "confidence": enum(CONFIDENCES, nullable=True), "rationale": text(long_text),
            "assignee_id": {"type": ["integer", "null"], "minimum": 0, "maximum": INT_MAX},
            "assignee": text(254), "recheck_on": DATE,
            "start": nullable({"type": "integer", "minimum": 0, "maximum": INT_MAX}),
            "end": nullable({"type": "integer", "minimum": 0, "maximum": INT_MAX}), "quote": text(long_text)}},
        "EvidenceInput": {"type": "object", "required": ["url", "stance"], "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": 2048}, "stance": enum(STANCES),
            "title": text(500), "publisher": text(200), "published_at": DATE,
            "reliability": nullable(enum(RELIABILITY)), "credibility": nullable(enum(CREDIBILITY)),
            "excerpt": text(long_text), "note": text(long_text), "reported_value": text(200),
            "reported_unit": text(60)}},
        "EvidencePatch": {"type": "object", "properties": {
            "stance": enum(STANCES), "credibility": nullable(enum(CREDIBILITY)), "excerpt": text(long_text),
            "note": text(long_text), "reported_value": text(200), "reported_unit": text(60)}},
        "Transition": {"type": "object", "required": ["to"], "properties": {
            "to": enum(STATES), "reason": text(2000),
            "version": nullable({"type": "integer", "minimum": 1, "maximum": INT_MAX})}},
        "Comment": {"type": "object", "required": ["body"], "properties": {"body": text(5000, nullable=False, min_len=1)}},
        "Copy": {"type": "object", "required": ["from_claim_id", "version"], "properties": {
            "from_claim_id": {"type": "integer", "minimum": 1, "maximum": INT_MAX},
            "version": {"type": "integer", "minimum": 1, "maximum": INT_MAX},
            "evidence": nullable({"type": "boolean"}), "verdict": nullable({"type": "boolean"})}},
    }


ERRORS = {
    "401": {"description": "Missing or invalid token", "content": {"application/json": {"schema": ref("Error")}}},
    "403": {"description": "The token's role may not do this", "content": {"application/json": {"schema": ref("Error")}}},
    "404": {"description": "Unknown id", "content": {"application/json": {"schema": ref("Error")}}},
    "422": {"description": "Invalid fields", "content": {"application/json": {"schema": ref("Error")}}},
}


def page_of(schema: str) -> dict:
    return {"type": "object", "properties": {"items": {"type": "array", "items": ref(schema)}, "page": I,
                                             "per_page": I, "total": I,
                                             "total_exact": {"type": "boolean", "description":
                                                             "false: there are more than total (counting stops)"}}}


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
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": INT_MAX}}


def query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


# Empty means the default (first page, the desk's page size), as a form with an empty field sends it.
PAGING = [query("page", {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1_000_000}, {"enum": [""]}]}),
          query("per_page", {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 200}, {"enum": [""]}]})]


def choice_filter(values) -> dict:
    """A query filter taking one of `values`; empty means no filter (as the queue page's form sends it)."""
    return {"type": "string", "enum": [*values, ""]}
CONFLICT = {"409": {"description": "Stale version: nothing changed", "content": {"application/json": {"schema": ref("Error")}}}}

PATHS: dict[str, dict] = {
    "/api/v1/me": {"get": op("The token's user", "200", ref("User"))},
    "/api/v1/articles": {
        "get": op("List articles", "200", page_of("Article"),
                  params=PAGING + [query("q", text(200, nullable=False)), query("include_archived", {"type": "boolean"})]),
        "post": op("Create an article with claims", "201", ref("Article"), body="ArticleInput",
                   extra={"200": {"description": "The URL is already in the desk: the existing article",
                                  "content": {"application/json": {"schema": ref("Article")}}}}),
    },
    "/api/v1/articles/{article_id}": {"get": op("An article with its claims", "200", ref("Article"),
                                                params=[path_id("article_id")])},
    "/api/v1/articles/{article_id}/archive": {"post": {
        **op("Archive or unarchive", "200", ref("Article"), params=[path_id("article_id")]),
        "requestBody": {"required": False, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"archived": {"type": ["boolean", "null"], "default": True}}}}}}}},
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
        query("verdict", choice_filter(VERDICTS)), query("state", choice_filter(STATES)),
        query("kind", choice_filter(KINDS)), query("q", text(500, nullable=False)),
        query("article_id", {"type": "integer", "minimum": 1, "maximum": INT_MAX}),
        query("assignee", {"type": "string", "pattern": "^(me|none|[0-9]{1,10})?$"}),
        query("language", text(16, nullable=False)), query("due", {"type": "boolean"}),
        query("evidence_gone", {"type": "boolean"}),
        query("sort", choice_filter(SORTS))])},
    "/api/v1/claims/{claim_id}": {
        "get": op("A claim with evidence and sources", "200", ref("Claim"), params=[path_id("claim_id")]),
        "patch": op("Edit a claim (version required)", "200", ref("Claim"), body="ClaimPatch",
                    params=[path_id("claim_id")], extra=CONFLICT),
        "delete": op("Delete a claim (version required)", "204", None,
                     params=[path_id("claim_id"),
                             {**query("version", {"type": "integer", "minimum": 1, "maximum": INT_MAX}), "required": True}],
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


def operation_id(method: str, path: str) -> str:
    """A stable operationId from the method and path: get /api/v1/claims/{claim_id} -> get_claims_claim_id."""
    words = path.removeprefix("/api/v1/").replace("{", "").replace("}", "").replace(".", "_").split("/")
    return "_".join([method, *filter(None, words)])


ARTICLE_ID = {"article_id": "$response.body#/id"}
CLAIM_ID = {"claim_id": "$response.body#/id"}
VERSION = {"version": "$response.body#/version"}
# Where an answer's ids lead (OpenAPI links): what lets schemathesis run stateful sequences on real rows.
# (source path, method, status) -> {link name: (target method, target path, parameters, request body)}
LINKS: dict[tuple[str, str, str], dict[str, tuple]] = {
    ("/api/v1/articles", "post", "201"): {
        "GetArticle": ("get", "/api/v1/articles/{article_id}", ARTICLE_ID, None),
        "AddClaim": ("post", "/api/v1/articles/{article_id}/claims", ARTICLE_ID, None),
        "Suggestions": ("get", "/api/v1/articles/{article_id}/suggestions", ARTICLE_ID, None),
        "History": ("get", "/api/v1/articles/{article_id}/history", ARTICLE_ID, None),
        "Archive": ("post", "/api/v1/articles/{article_id}/archive", ARTICLE_ID, None),
        "Report": ("get", "/api/v1/articles/{article_id}/report", ARTICLE_ID, None),
    },
    ("/api/v1/articles/{article_id}/claims", "post", "201"): {
        "GetClaim": ("get", "/api/v1/claims/{claim_id}", CLAIM_ID, None),
        "EditClaim": ("patch", "/api/v1/claims/{claim_id}", CLAIM_ID, VERSION),
        "DeleteClaim": ("delete", "/api/v1/claims/{claim_id}", {**CLAIM_ID, "query.version": "$response.body#/version"},
                        None),
        "AddEvidence": ("post", "/api/v1/claims/{claim_id}/evidence", CLAIM_ID, None),
        "Transition": ("post", "/api/v1/claims/{claim_id}/transitions", CLAIM_ID, VERSION),
        "Comment": ("post", "/api/v1/claims/{claim_id}/comments", CLAIM_ID, None),
        "ClaimHistory": ("get", "/api/v1/claims/{claim_id}/history", CLAIM_ID, None),
        "Similar": ("get", "/api/v1/claims/{claim_id}/similar", CLAIM_ID, None),
    },
    ("/api/v1/claims/{claim_id}", "patch", "200"): {
        "EditAgain": ("patch", "/api/v1/claims/{claim_id}", CLAIM_ID, VERSION),
        "GetClaim": ("get", "/api/v1/claims/{claim_id}", CLAIM_ID, None),
    },
    ("/api/v1/claims/{claim_id}/evidence", "post", "201"): {
        "EditEvidence": ("patch", "/api/v1/evidence/{evidence_id}", {"evidence_id": "$response.body#/id"}, None),
        "DeleteEvidence": ("delete", "/api/v1/evidence/{evidence_id}", {"evidence_id": "$response.body#/id"}, None),
    },
}


def _with_ids_and_links(paths: dict) -> dict:
    paths = copy.deepcopy(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            operation.setdefault("operationId", operation_id(method, path))
    for (path, method, status), links in LINKS.items():
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is None:
            continue
        response["links"] = {}
        for name, (target_method, target_path, parameters, body) in links.items():
            if target_method not in paths.get(target_path, {}):
                continue
            link: dict = {"operationId": operation_id(target_method, target_path), "parameters": parameters}
            if body:
                link["requestBody"] = body
            response["links"][name] = link
    return paths


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "ClaimDesk API", "version": "1.0.0",
                 "description": "Claim verification desk. Authenticate with 'Authorization: Bearer TOKEN' "
                                "(create one with `flask --app wsgi tokens create EMAIL`)."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": {**SCHEMAS, **input_schemas()}},
        "paths": _with_ids_and_links(PATHS),
    }


def register_path(path: str, operations: dict) -> None:
    """Let a feature (reports, suggestions review) add its routes to the document."""
    PATHS.setdefault(path, {}).update(operations)


@bp.get("/openapi.json")
@endpoint("read")
def openapi(user: User):
    """The OpenAPI 3 document of this API."""
    return jsonify(document())
