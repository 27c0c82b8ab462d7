"""The "Add article" form with a URL alone: refused at once on the form, or fetched by a job whose page shows it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import jobs
from app.articles.forms import UploadForm
from app.fetch import policy_from_config
from app.services import articles as article_service
from app.services.errors import DomainError
from app.services.fetching import refuse_early
from app.services.urls import normalise_url
from app.web import apply_errors


def fetch_from_form(form):
    try:
        url = normalise_url(form.url.data)
        existing = article_service.find_by_url(url)
        if existing is not None:
            flash(_("This URL is already in the desk: here is the existing article."), "info")
            return redirect(url_for("articles.show", article_id=existing.id))
        refuse_early(url, policy_from_config(current_app.config))
    except DomainError as exc:
        apply_errors(form, exc)
        return render_template("articles/new.html", paste=form, upload=UploadForm(prefix="upload")), 422
    job = jobs.enqueue("articles.fetch", {"url": url, "language": form.language.data or None},
                       user_id=current_user.id)
    return redirect(url_for("jobs.show", job_id=job.id))
