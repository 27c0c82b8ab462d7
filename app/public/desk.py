"""The desk's report routes: download a report (read), publish a version and withdraw it (publish). Logged-in only."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.jobs.tasks import pdf_is_a_job
from app.public import bp
from app.public.forms import PublishForm, WithdrawForm
from app.public.http import report_response
from app.reports import public_link, site_options
from app.services import articles as article_service
from app.services import reports
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.validation import Checker
from app.web import commit, page

# The public address of a publication as the desk shows it: the configured one, as readers are given it.
bp.add_app_template_global(public_link, "public_link")


@bp.get("/articles/<int:article_id>/report")
@page("read")
def download(article_id: int):
    """The article's report in ?format=html|pdf|md|csv|json|claimreview (&inline=1 to view HTML or PDF)."""
    checker = Checker(request.args)
    inline = checker.boolean("inline")
    fmt = request.args.get("format", "html")
    if pdf_is_a_job(article_id, fmt):  # an unknown article has no claims: build_report answers its 404
        return _pdf_job_page(article_id)
    rendered = reports.build_report(article_id, fmt, current_user, **site_options())
    return report_response(rendered, attachment=not (inline and rendered.filename.endswith((".html", ".pdf"))))


def _pdf_job_page(article_id: int):
    """A large article's PDF is made by a job (never in a request); a GET starts nothing, so it offers the button."""
    from app.admin.forms import ConfirmForm

    article = article_service.get_article(article_id)
    return render_template("reports/pdf_job.html", article=article, form=ConfirmForm(),
                           claim_count=article_service.claim_count(article.id))


def _publish_page(article, form: PublishForm, status: int, withdraw_form: WithdrawForm | None = None,
                  asking: str | None = None):
    """The publish page; `asking` ("publish" or "withdraw") when it is the step that asks to confirm."""
    pending = reports.unapproved_claims(article)
    publication = reports.current_publication(article.id)
    return render_template("reports/publish.html", article=article, form=form, pending=pending,
                           publication=publication, withdraw_form=withdraw_form or WithdrawForm(),
                           asking=asking), status


@bp.post("/articles/<int:article_id>/publish")
@page("publish")
def publish(article_id: int):
    """Publish the report, frozen as it is now: a new link, or the next version of the live one (with a note)."""
    article = article_service.get_article(article_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _publish_page(article, form, 400)
    if form.include_unapproved.data and not form.confirmed.data and reports.unapproved_claims(article):
        return _publish_page(article, form, 200, asking="publish")  # ask before unapproved claims go public
    try:
        options = reports.publication_options({"include_unapproved": form.include_unapproved.data,
                                               "note": form.note.data, "kind": form.kind.data or None})
        version = reports.publish(current_user, article, **options, **site_options())
        commit()
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _publish_page(article, form, 409)
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        for name, message in exc.fields.items():  # and beside the field it is about
            if name in form and name != "csrf_token":
                form[name].errors = [*form[name].errors, message]
        return _publish_page(article, form, 422)
    link = public_link(version.publication.token)
    if version.number == 1:
        flash(_("Report published: %(link)s", link=link), "info")
    else:
        flash(_("Version %(number)s published at the same link: %(link)s", number=version.number, link=link), "info")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.get("/articles/<int:article_id>/publish")
@page("publish")
def publish_form(article_id: int):
    """The publish page: claims not yet approved; while published, its versions, a new version and withdrawal."""
    article = article_service.get_article(article_id)
    return _publish_page(article, PublishForm(), 200)


@bp.post("/articles/<int:article_id>/withdraw")
@page("publish")
def withdraw(article_id: int):
    """Withdraw the published report: every version of its link answers 410 Gone from now on."""
    article = article_service.get_article(article_id)
    form = WithdrawForm()
    if form.validate_on_submit() and not form.confirmed.data:
        return _publish_page(article, PublishForm(formdata=None), 200, withdraw_form=form, asking="withdraw")
    if form.validate_on_submit():
        try:
            reports.withdraw(current_user, article, reason=form.reason.data)
            commit()
            flash(_("Report withdrawn: every version of its public link now says that it was withdrawn."), "info")
        except (NotFound, ValidationError) as exc:
            db.session.rollback()
            flash(exc.message, "error")
    else:
        flash(_("The form expired or its reason is too long; please try again."), "error")
    return redirect(url_for("articles.show", article_id=article.id))
