"""The earlier fact-checks page (admins): what the desk holds, and every way to bring more in."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import ConfirmForm
from app.earlier_checks import bp
from app.earlier_checks.forms import FeedForm, FetchForm, ImportForm
from app.fetch import policy_from_config
from app.jobs.factchecks import queue_fetch, queue_pull
from app.services import factchecks
from app.services.errors import DomainError
from app.services.validation import Checker
from app.web import apply_errors, commit, page

PER_PAGE = 50


def _index(import_form=None, fetch_form=None, feed_form=None, outcome=None, status=200):
    checker = Checker(request.args)
    language = checker.text("language", max_len=8) or None
    publisher = checker.text("publisher", max_len=300) or None
    number = checker.integer("page", minimum=1, maximum=1_000_000) or 1
    if checker.errors:
        language = publisher = None
        number = 1
    listing = factchecks.list_checks(current_user, language=language, publisher=publisher, page=number,
                                     per_page=PER_PAGE)
    args = {k: v for k, v in (("language", language), ("publisher", publisher)) if v}
    return render_template(
        "earlier_checks/index.html", listing=listing, args=args, language=language, publisher=publisher,
        publishers=factchecks.publishers(), feeds=factchecks.feeds(), confirm=ConfirmForm(),
        import_form=import_form or ImportForm(formdata=None), fetch_form=fetch_form or FetchForm(formdata=None),
        feed_form=feed_form or FeedForm(formdata=None), outcome=outcome, csv_columns=factchecks.CSV_COLUMNS), status


@bp.get("/")
@page("import_factchecks")
def index():
    """Earlier fact-checks, filtered by language and publisher, with the import, fetch and feed forms."""
    return _index()


@bp.post("/import")
@page("import_factchecks")
def import_file():
    """Import an uploaded ClaimReview/DataFeed or CSV file; bad rows are listed, good ones kept."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            outcome = factchecks.import_file(current_user, upload.filename or "upload",
                                             upload.read(factchecks.MAX_FILE_BYTES + 1))
            commit()
            return _index(outcome=outcome)
        except DomainError as exc:
            apply_errors(form, exc)
            if not exc.fields:
                form.file.errors = [*form.file.errors, exc.message]
    return _index(import_form=form, status=422)


@bp.post("/fetch")
@page("import_factchecks")
def fetch_pages():
    """Read fact-check pages by URL: a job, whose page shows how it went."""
    form = FetchForm()
    if form.validate_on_submit():
        try:
            urls = factchecks.checked_urls(form.urls.data.split(), policy_from_config(current_app.config))
            job = queue_fetch(urls, user_id=current_user.id)
            return redirect(url_for("jobs.show", job_id=job.id))
        except DomainError as exc:
            form.urls.errors = [*form.urls.errors, *exc.fields.values()] or [exc.message]
    return _index(fetch_form=form, status=422)


@bp.post("/feeds")
@page("import_factchecks")
def subscribe():
    """Subscribe to a partner's feed: pulled now by a job, then on the worker's schedule."""
    form = FeedForm()
    if form.validate_on_submit():
        try:
            feed, created = factchecks.subscribe(current_user, form.url.data, title=form.title.data,
                                                 policy=policy_from_config(current_app.config))
            commit()
            if not created:
                flash(_("The desk already follows this feed; it is pulled again now."), "info")
            return redirect(url_for("jobs.show", job_id=queue_pull(feed.id, user_id=current_user.id).id))
        except DomainError as exc:
            apply_errors(form, exc)
    return _index(feed_form=form, status=422)


@bp.post("/feeds/<int:feed_id>/pull")
@page("import_factchecks")
def pull(feed_id: int):
    """Pull one feed now, as a job."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("earlier_checks.index"))
    feed = factchecks.get_feed(feed_id)
    return redirect(url_for("jobs.show", job_id=queue_pull(feed.id, user_id=current_user.id).id))
