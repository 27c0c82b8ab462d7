"""Source pages. Views load, check, call a service or queue a job, and redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import jobs
from app.admin.forms import ConfirmForm
from app.services import captures
from app.sources import bp
from app.web import page, safe_next


@bp.get("/<int:source_id>/captures/<int:capture_id>")
@page("read")
def capture(source_id: int, capture_id: int):
    """A capture's text, read inside the desk as plain text (never the page's own markup or scripts)."""
    source = captures.get_source(source_id)
    item = captures.get_capture(source, capture_id)
    return render_template("sources/capture.html", source=source, capture=item, confirm=ConfirmForm(),
                           claim_id=request.args.get("claim", type=int))


@bp.get("/<int:source_id>/captures/<int:capture_id>/warc")
@page("read")
def warc(source_id: int, capture_id: int):
    """The capture's WARC file."""
    from app.api.live import warc_response

    return warc_response(captures.get_capture(captures.get_source(source_id), capture_id))


@bp.post("/<int:source_id>/capture")
@page("add_evidence")
def capture_again(source_id: int):
    """Capture the source again; back to the claim page, which shows the job's progress."""
    source = captures.get_source(source_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(safe_next(request.form.get("next"), url_for("main.index")))
    job = jobs.enqueue("sources.capture", {"source_id": source.id,
                                           "claim_id": request.form.get("claim_id", type=int)},
                       user_id=current_user.id)
    target = safe_next(request.form.get("next"), "")
    if not target:
        return redirect(url_for("jobs.show", job_id=job.id))
    return redirect(f"{target.split('#')[0].split('?')[0]}?job={job.id}#evidence")


def page_job(job_id) -> dict | None:
    """The job named in ?job= for the page to follow, if the viewer may see it."""
    from app.jobs.routes import page_dict

    if not isinstance(job_id, str) or not job_id.isdigit() or len(job_id) > 10:
        return None
    job = jobs.get_job(int(job_id))
    return page_dict(job) if job is not None and jobs.can_see(current_user, job) else None


@bp.app_context_processor
def _helpers():
    return {"page_job": page_job}
