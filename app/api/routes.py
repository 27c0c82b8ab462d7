"""API v1 routes: thin wrappers around the services, the same ones the pages use."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for

from app.api import bp
from app.api.auth import endpoint, json_body
from app.api.serialize import article_dict, claim_dict, comment_dict, evidence_dict, queue_rows_json, user_dict
from app.i18n import _l
from app.models import User
from app.services import articles as article_service
from app.services import audit, checkworthiness, comments, evidence, queue, review, similar, suggestions
from app.services import claims as claim_service
from app.services.errors import ValidationError
from app.services.validation import Checker


def _page_args(max_per_page: int | None = None) -> tuple[int, int]:
    checker = Checker(request.args)
    page = checker.integer("page", minimum=1, maximum=1_000_000) or 1
    per_page = checker.integer("per_page", minimum=1, maximum=max_per_page or current_app.config["PER_PAGE_MAX"]) or 50
    checker.raise_if_errors(_l("The pagination is not valid."))
    return page, per_page


def _revoked(was: str, claim) -> dict:
    """`approval_revoked`: whether this change sent an approved claim back to review (the API's "says so after")."""
    return {"approval_revoked": was == "approved" and claim.state != "approved", "state": claim.state}


def _created(body: dict, location: str):
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


@bp.get("/me")
@endpoint("read")
def me(user: User):
    """The token's user."""
    return jsonify(user_dict(user))


@bp.get("/articles")
@endpoint("read")
def list_articles(user: User):
    """Articles, newest first, paginated."""
    page, per_page = _page_args()
    checker = Checker(request.args)
    include_archived = checker.boolean("include_archived")
    q = checker.text("q", max_len=200)
    checker.raise_if_errors()
    listing = article_service.list_articles(page=page, per_page=per_page, include_archived=include_archived, q=q)
    return jsonify({"items": [article_dict(a, claim_count=n) for a, n in listing.rows],
                    "page": page, "per_page": per_page, "total": listing.total, "total_exact": listing.exact})


@bp.post("/articles")
@endpoint("add_articles")
def create_article(user: User):
    """Create an article with its claims (or the suggested ones); a known URL answers the existing article.

    A url without a body is fetched by a job (app/api/live.py); a large body with suggest runs as a job too.
    """
    data = json_body()
    from app.api.live import create_from_url, import_job
    from app.jobs.tasks import import_is_a_job

    if "body" not in data and data.get("url") is not None:
        return create_from_url(user, data)
    if import_is_a_job(data):
        return import_job(user, data)
    result = article_service.create_article(user, data)
    if result.created:
        checkworthiness.schedule_scoring(result.article)  # whole-article scoring on a worker, when there is one
    body = article_dict(result.article, claims=True)
    location = url_for("api.get_article", article_id=result.article.id)
    if not result.created:
        body["existing"] = True
        response = jsonify(body)
        response.headers["Location"] = location
        return response
    return _created(body, location)


@bp.get("/articles/<int:article_id>")
@endpoint("read")
def get_article(user: User, article_id: int):
    """An article with its body and claims."""
    return jsonify(article_dict(article_service.get_article(article_id), claims=True))


@bp.post("/articles/<int:article_id>/archive")
@endpoint("archive")
def archive_article(user: User, article_id: int):
    """Archive (or with {"archived": false} unarchive) an article."""
    article = article_service.get_article(article_id)
    checker = Checker(json_body() if request.data else {})
    archived = checker.boolean("archived", default=True)
    checker.raise_if_errors()
    article_service.set_archived(user, article, archived)
    return jsonify(article_dict(article))


@bp.get("/articles/<int:article_id>/suggestions")
@endpoint("read")
def article_suggestions(user: User, article_id: int):
    """The engine's suggested claims for an article (not stored)."""
    article = article_service.get_article(article_id)
    items = suggestions.pending(article, keep=True)
    return jsonify({"article_id": article.id, "items": [s.to_dict() for s in items]})


@bp.get("/articles/<int:article_id>/history")
@endpoint("read")
def article_history(user: User, article_id: int):
    """Every recorded change to the article and its claims."""
    article_service.get_article(article_id)
    return jsonify({"items": [audit.event_dict(e) for e in audit.article_history(article_id)]})


@bp.post("/articles/<int:article_id>/claims")
@endpoint("edit_claims")
def create_claim(user: User, article_id: int):
    """Anchor a claim to a span (start+end, or a quote found once)."""
    article = article_service.get_article(article_id)
    data = json_body()
    origin = data.pop("origin", "manual")
    if origin not in ("manual", "suggested"):
        raise ValidationError(_l("Unknown origin."), {"origin": _l("Must be manual or suggested.")})
    claim = claim_service.create_claim(user, article, data, origin=origin)
    return _created(claim_dict(claim, evidence=True), url_for("api.get_claim", claim_id=claim.id))


@bp.get("/claims")
@endpoint("read")
def list_claims(user: User):
    """The claim queue: filters verdict, state, kind, q, article_id, assignee, language, due; paginated."""
    filters = queue.parse_filters(request.args, max_per_page=current_app.config["PER_PAGE_MAX"])
    result = queue.page_rows(filters, viewer=user, raw=True)
    dumps = current_app.json.dumps
    tail = dumps({"page": result.page, "per_page": result.per_page, "total": result.total, "pages": result.pages,
                  "total_exact": result.total_exact})
    body = '{"items":' + queue_rows_json(result.items, dumps) + "," + tail[1:]
    return current_app.response_class(body + "\n", mimetype=current_app.json.mimetype)


@bp.get("/claims/<int:claim_id>")
@endpoint("read")
def get_claim(user: User, claim_id: int):
    """A claim with its evidence, sources, comments and the verdict the evidence suggests."""
    claim = claim_service.get_claim(claim_id, detail=True)
    suggested = review.suggested_verdict(claim)
    body = claim_dict(claim, evidence=True)
    body["suggested_verdict"] = {"verdict": suggested.verdict, "confidence": suggested.confidence,
                                 "reason": str(suggested.reason)}
    body["allowed_transitions"] = review.allowed_targets(user, claim)
    return jsonify(body)


@bp.patch("/claims/<int:claim_id>")
@endpoint("edit_claims")
def update_claim(user: User, claim_id: int):
    """Edit a claim; `version` is required and a stale one answers 409 without changing anything."""
    claim = claim_service.get_claim(claim_id)
    was = claim.state
    claim_service.update_claim(user, claim, json_body())
    return jsonify(claim_dict(claim, evidence=True) | _revoked(was, claim))


@bp.delete("/claims/<int:claim_id>")
@endpoint("edit_claims")
def delete_claim(user: User, claim_id: int):
    """Delete a claim made by mistake (?version= required); its history stays."""
    claim = claim_service.get_claim(claim_id)
    from app.services.validation import check_version

    claim_service.delete_claim(user, claim, check_version(request.args))
    return "", 204


@bp.post("/claims/<int:claim_id>/evidence")
@endpoint("add_evidence")
def add_evidence(user: User, claim_id: int):
    """Attach a source by URL with a stance (one evidence per claim and source)."""
    claim = claim_service.get_claim(claim_id)
    was = claim.state
    item = evidence.add_evidence(user, claim, json_body())
    revoked = {"approval_revoked": was == "approved" and claim.state != "approved", "claim_state": claim.state}
    from app.jobs.tasks import capture_on_attach

    body = evidence_dict(item) | revoked
    job = capture_on_attach(item.source_id, claim_id=claim.id, user_id=user.id)  # commits the evidence first
    if job is not None:
        from app import jobs

        body["capture_job"] = jobs.job_dict(job)
    return _created(body, url_for("api.get_claim", claim_id=claim.id))


@bp.patch("/evidence/<int:evidence_id>")
@endpoint("add_evidence")
def update_evidence(user: User, evidence_id: int):
    """Change an evidence item's stance, credibility, excerpt, figure or note."""
    item = evidence.get_evidence(evidence_id)
    was = item.claim.state
    evidence.update_evidence(user, item, json_body())
    return jsonify(evidence_dict(item) | {"approval_revoked": was == "approved" and item.claim.state != "approved"})


@bp.delete("/evidence/<int:evidence_id>")
@endpoint("add_evidence")
def delete_evidence(user: User, evidence_id: int):
    """Detach a source from a claim."""
    evidence.remove_evidence(user, evidence.get_evidence(evidence_id))
    return "", 204


@bp.post("/claims/<int:claim_id>/transitions")
@endpoint("edit_claims")
def transition(user: User, claim_id: int):
    """Move a claim through open → in_review → awaiting_approval → approved (four eyes)."""
    claim = claim_service.get_claim(claim_id)
    review.transition(user, claim, json_body())
    return jsonify(claim_dict(claim, evidence=True))


@bp.get("/claims/<int:claim_id>/history")
@endpoint("read")
def claim_history(user: User, claim_id: int):
    """Every change to the claim, its evidence and comments, with actor and time."""
    claim_service.get_claim(claim_id)
    return jsonify({"claim_id": claim_id, "items": [audit.event_dict(e) for e in audit.claim_history(claim_id)]})


@bp.post("/claims/<int:claim_id>/comments")
@endpoint("comment")
def add_comment(user: User, claim_id: int):
    """Comment on a claim."""
    claim = claim_service.get_claim(claim_id)
    comment = comments.add_comment(user, claim, json_body())
    return _created(comment_dict(comment), url_for("api.get_claim", claim_id=claim.id))


@bp.get("/claims/<int:claim_id>/similar")
@endpoint("read")
def similar_claims(user: User, claim_id: int):
    """Claims in other articles that say the same thing, with a score and a reason."""
    claim = claim_service.get_claim(claim_id)
    found = similar.similar_claims(claim)
    return jsonify({"claim_id": claim_id, "items": [
        {"score": s.score, "reason": str(s.reason),
         "claim": claim_dict(s.claim) | {"article": {"id": s.claim.article.id, "title": s.claim.article.title,
                                                     "language": s.claim.article.language}}}
        for s in found]})


@bp.post("/claims/<int:claim_id>/copy")
@endpoint("edit_claims")
def copy_from_similar(user: User, claim_id: int):
    """Copy a similar claim's evidence and verdict: {from_claim_id, version, evidence?, verdict?}."""
    claim = claim_service.get_claim(claim_id)
    was = claim.state
    result = similar.copy_from(user, claim, json_body())
    return jsonify({"copied": result, "claim": claim_dict(claim, evidence=True)} | _revoked(was, claim))
