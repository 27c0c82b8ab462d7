"""Queue: filter, sort, paginate; my queue; due re-checks; bulk assign and bulk state change."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin.forms import ConfirmForm
from app.extensions import db
from app.queue import bp
from app.services import claims as claim_service
from app.services import queue, review, users
from app.services.errors import DomainError, ValidationError
from app.services.validation import DIGITS, INT_MAX
from app.web import commit, page, safe_next

FILTER_KEYS = ("verdict", "state", "kind", "article_id", "assignee", "language", "q", "due", "evidence_gone", "sort", "per_page")


@bp.get("/")
@page("read")
def index():
    """Every claim across articles; filters by verdict, state, kind, article, assignee, language and text."""
    try:
        filters = queue.parse_filters(request.args)
        error = None
    except ValidationError as exc:
        filters, error = queue.QueueFilters(), exc
    result = queue.list_claims(filters, viewer=current_user)
    # Only the queue's own filters travel to the pager links (never url_for's own keywords).
    args = {k: v for k, v in request.args.items() if k in FILTER_KEYS and v}
    people = [u for u in users.list_users() if u.active]
    return render_template("queue/index.html", result=result, filters=filters, args=args, error=error,
                           people=people, confirm=ConfirmForm()), 422 if error else 200


@bp.post("/bulk")
@page("edit_claims")
def bulk():
    """Assign, or change the state of, the ticked claims; each is checked against the version shown."""
    if not ConfirmForm().validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(url_for("queue.index"))
    action = request.form.get("action")
    ids = [int(i) for i in request.form.getlist("claim") if DIGITS.fullmatch(i) and int(i) <= INT_MAX][:500]
    back = safe_next(request.form.get("next"), url_for("queue.index"))
    if not ids:
        flash("Tick at least one claim.", "error")
        return redirect(back)
    done, failed = 0, []
    for claim_id in ids:
        try:
            claim = claim_service.get_claim(claim_id)
            # The version the page showed: a claim changed since then is not touched (and is reported).
            version = request.form.get(f"v{claim_id}")
            if not version:
                raise ValidationError(f"Claim #{claim_id} was not on the page you saw; reload and try again.")
            if action == "assign":
                claim_service.update_claim(current_user, claim, {"version": version,
                                                                 "assignee_id": request.form.get("assignee_id") or None})
            elif action == "state":
                review.transition(current_user, claim, {"to": request.form.get("to"),
                                                        "reason": request.form.get("reason"), "version": version})
            else:
                raise ValidationError("Unknown bulk action.")
            commit()
            done += 1
        except DomainError as exc:
            db.session.rollback()
            failed.append(f"#{claim_id}: {exc.message}")
    if done:
        flash(f"{done} claim(s) updated.", "info")
    for message in failed[:20]:
        flash(message, "error")
    return redirect(back)
