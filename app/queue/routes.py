"""Queue: filter, sort, paginate; my queue; due re-checks; bulk assign and bulk state change."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import ConfirmForm
from app.extensions import db
from app.localization import ngettext
from app.queue import bp
from app.services import claim_places, queue, review, users
from app.services import claims as claim_service
from app.services.analyser import parse_query
from app.services.errors import DomainError, ValidationError
from app.services.permissions import can
from app.services.validation import DIGITS, INT_MAX, utc_today
from app.web import commit, page, render_part, safe_next

FILTER_KEYS = ("verdict", "state", "kind", "article_id", "assignee", "approver", "language", "q", "due", "evidence_gone",
               "sort", "per_page")


@bp.get("/")
@page("read")
def index():
    """Every claim across articles; filters by verdict, state, kind, article, assignee, language and text."""
    try:
        filters = queue.parse_filters(request.args)
        error = None
    except ValidationError as exc:
        filters, error = queue.QueueFilters(), exc
    result = queue.page_rows(filters, viewer=current_user, raw=True)
    may_edit = can(current_user, "edit_claims")
    items = [queue.QueueItem(row) for row in result.items]
    rows = render_part("queue/_rows.html", items=items, today=utc_today(), places=claim_places.places(c.id for c in items),
                       may_edit=may_edit, terms=parse_query(filters.q).terms if filters.q else None)
    # Only the queue's own filters travel to the pager links (never url_for's own keywords).
    args = {k: v for k, v in request.args.items() if k in FILTER_KEYS and v}
    people = users.people()
    filter_form = render_part("queue/_filters.html", filters=filters, people=people)
    bulk_fields = render_part("queue/_bulk.html", people=people) if may_edit and result.items else None
    return render_template("queue/index.html", result=result, rows=rows, filters=filters, args=args, error=error,
                           filter_form=filter_form, bulk_fields=bulk_fields, may_edit=may_edit,
                           confirm=ConfirmForm(), landed=_landing_note(filters)), 422 if error else 200


def _landing_note(filters: queue.QueueFilters) -> str | None:
    """Why the reader sees this list after logging in (the home page sent them here: ?landed=1)."""
    if request.args.get("landed") != "1":
        return None
    if filters.approver == "me":
        return _("These claims wait for your approval; your own claims are under “My queue”.")
    if filters.assignee == "none":
        return _("No claim is assigned to you: here are the open claims nobody has taken yet. Assign one to yourself "
                 "from its page or with the boxes below.")
    return None


@bp.post("/bulk")
@page("edit_claims")
def bulk():
    """Assign, or change the state of, the ticked claims; each is checked against the version shown."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("queue.index"))
    action = request.form.get("action")
    ids = [int(i) for i in request.form.getlist("claim") if DIGITS.fullmatch(i) and int(i) <= INT_MAX][:500]
    back = safe_next(request.form.get("next"), url_for("queue.index"))
    if not ids:
        flash(_("Tick at least one claim."), "error")
        return redirect(back)
    assignee = request.form.get("assignee_id") or ""
    if action == "assign" and not assignee:
        # No silent default: unassigning is a choice of its own ("none"), never what an untouched select means.
        flash(_("Choose whom to assign the ticked claims to (or “Nobody” to unassign them)."), "error")
        return redirect(back)
    done, failed = 0, []
    for claim_id in ids:
        try:
            claim = claim_service.get_claim(claim_id)
            # The version the page showed: a claim changed since then is not touched (and is reported).
            version = request.form.get(f"v{claim_id}")
            if not version:
                raise ValidationError(_("Claim #%(id)s was not on the page you saw; reload and try again.", id=claim_id))
            if action == "assign":
                claim_service.update_claim(current_user, claim, {"version": version,
                                                                 "assignee_id": None if assignee == "none" else assignee})
            elif action == "state":
                review.transition(current_user, claim, {"to": request.form.get("to"),
                                                        "reason": request.form.get("reason"), "version": version})
            else:
                raise ValidationError(_("Unknown bulk action."))
            commit()
            done += 1
        except DomainError as exc:
            db.session.rollback()
            failed.append(_("Claim #%(id)s: %(message)s", id=claim_id, message=exc.message))
    if done:
        flash(ngettext("%(num)d claim updated.", "%(num)d claims updated.", done), "info")
    for message in failed[:20]:
        flash(message, "error")
    return redirect(back)
