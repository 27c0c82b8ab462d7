"""Claim page and its forms. A stale version re-shows the form with what changed and by whom."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import history as history_text
from app.admin.forms import ConfirmForm
from app.claims import bp
from app.claims.forms import AssignForm, ClaimEditForm, CommentForm, CopyForm, EvidenceForm, LinkCheckForm, TransitionForm
from app.forms import choices
from app.localization import label, ngettext
from app.services import claim_places, comments, evidence, matching, review, similar, users
from app.services import claims as claim_service
from app.services import figures as figure_service
from app.services.errors import Conflict, DomainError, PermissionDenied
from app.services.permissions import can
from app.services.validation import check_version
from app.web import apply_errors, commit, error_text, page, render_part


def _context_window(claim, width: int = 240) -> tuple[str, str, str]:
    body = claim.article.body
    before = body[max(0, claim.start - width): claim.start]
    after = body[claim.end: claim.end + width]
    return ("…" if claim.start > width else "") + before, claim.quote, after + ("…" if claim.end + width < len(body) else "")


def _say_if_revoked(was: str, claim) -> None:
    """After a change: tell the person when it sent an approved or submitted claim back to review."""
    if was in ("approved", "awaiting_approval") and claim.state == "in_review":
        if was == "approved":
            flash(_("The approval was revoked: the claim is back in review and needs approving again."), "warning")
        else:
            flash(_("The request for approval was withdrawn: the claim is back in review."), "warning")


HISTORY_SHOWN = 10  # the claim page shows the latest changes; the whole history has its own page

FORM_FIELDS = ("statement", "kind", "attributed_to", "verdict", "confidence", "rationale", "recheck_on")


def _as_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _shown_values(claim) -> dict[str, str]:
    return {name: _as_text(getattr(claim, name)) for name in FORM_FIELDS}


def _edit_form(claim, mine: dict | None = None) -> ClaimEditForm:
    """The claim form on the claim as it is now, with `mine` (this person's unsaved changes) on top."""
    form = ClaimEditForm(formdata=None, obj=claim, version=claim.version, confidence=claim.confidence or "",
                         original=json.dumps(_shown_values(claim), ensure_ascii=False))
    for name, value in (mine or {}).items():
        form[name].data = value
    return form


def _render(claim, *, edit_form=None, evidence_form=None, comment_form=None, conflict=None, status=200):
    edit_form = edit_form or _edit_form(claim)
    assign_form = AssignForm(version=claim.version, assignee_id=str(claim.assignee_id or ""))
    people = users.people()
    assign_form.assignee_id.choices = choices([""] + [u.id for u in people],
                                              {"": _("nobody"), **{u.id: u.display_name for u in people}}, people=True)
    figures = figure_service.figures_table(claim)
    evidence_list = render_part("claims/_evidence.html", claim_id=claim.id, evidence=evidence.evidence_rows(claim.id),
                                editable=can(current_user, "add_evidence"))
    return render_template(
        "claims/show.html", claim=claim, article=claim.article, context=_context_window(claim),
        edit_form=edit_form, evidence_form=evidence_form or EvidenceForm(), comment_form=comment_form or CommentForm(),
        transition_form=TransitionForm(version=claim.version), assign_form=assign_form,
        copy_form=CopyForm(version=claim.version), confirm=ConfirmForm(), evidence_list=evidence_list, figures=figures,
        suggested=review.suggested_verdict(claim), targets=review.allowed_targets(current_user, claim),
        history=history_text.history_html("claim", claim.id, latest=HISTORY_SHOWN), conflict=conflict,
        field_name=history_text.field_name,
        missing=review.missing_for_approval(claim), place=claim_places.place(claim.id),
    ), status


@bp.get("/<int:claim_id>")
@page("read")
def show(claim_id: int):
    """Statement, quote in context, evidence by stance, figures, verdict form, review, comments, recent history."""
    return _render(claim_service.get_claim(claim_id, detail=True))


@bp.get("/<int:claim_id>/history")
@page("read")
def history(claim_id: int):
    """Every change to the claim, its evidence and its comments, as sentences."""
    claim = claim_service.get_claim(claim_id)
    return render_template("claims/history.html", claim=claim, article=claim.article,
                           history=history_text.history_html("claim", claim.id))


@bp.get("/<int:claim_id>/similar")
@page("read")
def similar_list(claim_id: int):
    """Claims in other articles that say the same thing, with the action that copies their evidence and verdict.
    Worked out when asked for, not on every view of the claim page."""
    claim = claim_service.get_claim(claim_id)
    return render_template("claims/similar.html", claim=claim, article=claim.article,
                           similar=similar.similar_claims(claim), copy_form=CopyForm(version=claim.version))


PART_SHOWN = 3  # earlier fact-checks shown on the claim page itself


@bp.get("/<int:claim_id>/earlier-checks")
@page("read")
def earlier_checks(claim_id: int):
    """Earlier fact-checks that answer the claim, best first, with why and the action that links one as
    evidence. Worked out when asked for, not on every view of the claim page."""
    claim = claim_service.get_claim(claim_id)
    linked = {row.url for row in evidence.evidence_rows(claim.id)}
    part = request.args.get("part") == "1"  # the claim page's part: the best few and a link to all
    found = matching.matches_for_claim(claim, PART_SHOWN if part else 10)
    return render_template("claims/_matches_part.html" if part else "claims/earlier_checks.html", claim=claim,
                           article=claim.article, matches=found, linked=linked, link_form=LinkCheckForm())


@bp.post("/<int:claim_id>/earlier-checks/<int:check_id>/link")
@page("add_evidence")
def link_earlier_check(claim_id: int, check_id: int):
    """Link an earlier fact-check as evidence: the check as the source, the stance from its rating."""
    claim = claim_service.get_claim(claim_id)
    form = LinkCheckForm()
    if form.validate_on_submit():
        was = claim.state
        try:
            _item, created = matching.link_as_evidence(current_user, claim, matching.get_check(check_id))
            commit()
            flash(_("The earlier fact-check is linked as evidence.") if created
                  else _("This earlier fact-check was already linked as evidence."), "info")
            _say_if_revoked(was, claim)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("claims.earlier_checks", claim_id=claim_id))
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor="evidence"))


@bp.post("/<int:claim_id>/edit")
@page("edit_claims")
def edit(claim_id: int):
    """Save the claim form; based on a stale version it is shown again with the other person's changes."""
    claim = claim_service.get_claim(claim_id)
    form = ClaimEditForm()
    if not form.validate_on_submit():
        return _render(claim, edit_form=form, status=422)
    try:
        shown = json.loads(form.original.data or "null")
    except ValueError:
        shown = None
    submitted = {name: form[name].data for name in FORM_FIELDS}
    if isinstance(shown, dict):
        mine = {n: v for n, v in submitted.items() if _as_text(v) != shown.get(n, _as_text(v) + "\0")}
    else:  # a form from before this field existed: everything it holds counts as changed
        mine = submitted
    was = claim.state
    try:
        changed = claim_service.update_claim(current_user, claim, {"version": form.version.data, **mine})
        commit()
    except Conflict as exc:
        # Shown again on the claim as it is now, with only this person's changes on top of it:
        # saving again cannot undo what the other person did.
        claim = claim_service.get_claim(claim_id)
        return _render(claim, edit_form=_edit_form(claim, mine), conflict=exc, status=409)
    except DomainError as exc:
        apply_errors(form, exc)
        return _render(claim_service.get_claim(claim_id), edit_form=form, status=422)
    if changed:
        flash(_("Saved: %(fields)s.", fields=_(", ").join(history_text.field_name(name) for name in changed)), "info")
    else:
        flash(_("Nothing changed."), "info")
    _say_if_revoked(was, claim)
    return redirect(url_for("claims.show", claim_id=claim.id, _anchor="verdict-heading"))


@bp.post("/<int:claim_id>/evidence")
@page("add_evidence")
def add_evidence(claim_id: int):
    """Attach a source to the claim."""
    claim = claim_service.get_claim(claim_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        data = {name: form[name].data for name in ("url", "stance", "title", "publisher", "published_at",
                                                   "reliability", "credibility", "excerpt", "reported_value",
                                                   "reported_unit", "note")}
        was = claim.state
        try:
            item = evidence.add_evidence(current_user, claim, data)
            commit()
            flash(_("Source attached."), "info")
            _say_if_revoked(was, claim)
            from app.jobs.tasks import capture_on_attach

            job = capture_on_attach(item.source_id, claim_id=claim.id, user_id=current_user.id)
            return redirect(url_for("claims.show", claim_id=claim.id, job=job.id if job else None,
                                    _anchor="evidence"))
        except DomainError as exc:
            apply_errors(form, exc)
            claim = claim_service.get_claim(claim_id)
    return _render(claim, evidence_form=form, status=422)


@bp.post("/evidence/<int:evidence_id>/delete")
@page("add_evidence")
def delete_evidence(evidence_id: int):
    """Detach a source from the claim."""
    item = evidence.get_evidence(evidence_id)
    claim_id = item.claim_id
    claim, was = item.claim, item.claim.state
    if ConfirmForm().validate_on_submit():
        try:
            evidence.remove_evidence(current_user, item)
            commit()
            flash(_("Source detached."), "info")
            _say_if_revoked(was, claim)
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor="evidence"))


@bp.post("/<int:claim_id>/transition")
@page("edit_claims")
def transition(claim_id: int):
    """Move the claim to another review state."""
    claim = claim_service.get_claim(claim_id)
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            review.transition(current_user, claim, {"to": form.to.data, "reason": form.reason.data,
                                                    "version": form.version.data})
            commit()
            flash(_("The claim is now %(state)s.", state=label("state", claim.state)), "info")
        except PermissionDenied as exc:
            if not can(current_user, "approve"):
                raise  # a role problem: 403
            flash(exc.message, "error")  # four eyes: the editor stays on the claim with the reason
        except DomainError as exc:
            flash(error_text(exc), "error")
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor="review"))


@bp.post("/<int:claim_id>/assign")
@page("edit_claims")
def assign(claim_id: int):
    """Assign the claim to a person (or nobody)."""
    claim = claim_service.get_claim(claim_id)
    form = AssignForm()
    form.assignee_id.choices = []
    if form.validate_on_submit():
        try:
            claim_service.update_claim(current_user, claim, {"version": form.version.data,
                                                             "assignee_id": form.assignee_id.data or None})
            commit()
            flash(_("Assignment saved."), "info")
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for("claims.show", claim_id=claim_id))


@bp.post("/<int:claim_id>/comments")
@page("comment")
def comment(claim_id: int):
    """Add a comment."""
    claim = claim_service.get_claim(claim_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comments.add_comment(current_user, claim, {"body": form.body.data})
            commit()
            return redirect(url_for("claims.show", claim_id=claim.id, _anchor="comments"))
        except DomainError as exc:
            apply_errors(form, exc)
    return _render(claim, comment_form=form, status=422)


def _copy_confirmation(claim, form):
    """The step that asks before a copy overwrites: what this claim has now, and what would replace it."""
    try:
        other = claim_service.get_claim(int(form.from_claim_id.data))
    except (DomainError, ValueError):
        flash(_("The claim to copy from no longer exists."), "error")
        return redirect(url_for("claims.similar_list", claim_id=claim.id))
    attached = {item.source_id for item in claim.evidence}
    new_evidence = [item for item in other.evidence if item.source_id not in attached]
    return render_template("claims/copy_confirm.html", claim=claim, other=other, form=form,
                           new_evidence=new_evidence, article=claim.article)


@bp.post("/<int:claim_id>/copy")
@page("edit_claims")
def copy(claim_id: int):
    """Copy a similar claim's evidence and verdict onto this one."""
    claim = claim_service.get_claim(claim_id)
    form = CopyForm()
    if form.validate_on_submit() and not form.confirmed.data:
        return _copy_confirmation(claim, form)
    if form.validate_on_submit():
        was = claim.state
        try:
            result = similar.copy_from(current_user, claim, {"version": form.version.data,
                                                             "from_claim_id": form.from_claim_id.data})
            commit()
            if result["fields"]:
                flash(ngettext("Copied %(num)d evidence item and the verdict.",
                               "Copied %(num)d evidence items and the verdict.", result["evidence"]), "info")
            else:
                flash(ngettext("Copied %(num)d evidence item.", "Copied %(num)d evidence items.", result["evidence"]),
                      "info")
            _say_if_revoked(was, claim)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("claims.similar_list", claim_id=claim_id))
    return redirect(url_for("claims.show", claim_id=claim_id))


@bp.post("/<int:claim_id>/delete")
@page("edit_claims")
def delete(claim_id: int):
    """Delete a claim made by mistake (its history stays in the log)."""
    claim = claim_service.get_claim(claim_id)
    article_id = claim.article_id
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            claim_service.delete_claim(current_user, claim, check_version(request.form))
            commit()
            flash(_("Claim #%(id)s deleted.", id=claim_id), "info")
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("claims.show", claim_id=claim_id))
    return redirect(url_for("articles.show", article_id=article_id))
