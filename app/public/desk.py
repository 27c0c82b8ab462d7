"""The desk's report routes: download a report (read), publish and withdraw it (publish). Logged-in only."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import ConfirmForm
from app.extensions import db
from app.public import bp
from app.public.forms import PublishForm
from app.public.http import report_response
from app.reports import site_options
from app.services import articles as article_service
from app.services import reports
from app.services.errors import NotFound, ValidationError
from app.services.validation import Checker
from app.web import commit, page


@bp.get("/articles/<int:article_id>/report")
@page("read")
def download(article_id: int):
    """The article's report in ?format=html|pdf|md|csv|json|claimreview (&inline=1 to view HTML or PDF)."""
    checker = Checker(request.args)
    inline = checker.boolean("inline")
    rendered = reports.build_report(article_id, request.args.get("format", "html"), current_user, **site_options())
    return report_response(rendered, attachment=not (inline and rendered.filename.endswith((".html", ".pdf"))))


def _publish_page(article, form: PublishForm, status: int):
    pending = reports.unapproved_claims(article)
    return render_template("reports/publish.html", article=article, form=form, pending=pending), status


@bp.post("/articles/<int:article_id>/publish")
@page("publish")
def publish(article_id: int):
    """Publish the report at a new public link; with unapproved claims only when the box is ticked."""
    article = article_service.get_article(article_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _publish_page(article, form, 400)
    try:
        publication = reports.publish(current_user, article, include_unapproved=form.include_unapproved.data)
        commit()
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _publish_page(article, form, 422)
    link = url_for("public.published", token=publication.token, _external=True)
    flash(_("Report published: %(link)s", link=link), "info")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.get("/articles/<int:article_id>/publish")
@page("publish")
def publish_form(article_id: int):
    """The publish form with the list of claims not yet approved."""
    article = article_service.get_article(article_id)
    return _publish_page(article, PublishForm(), 200)


@bp.post("/articles/<int:article_id>/withdraw")
@page("publish")
def withdraw(article_id: int):
    """Withdraw the published report: its link answers 410 Gone from now on."""
    article = article_service.get_article(article_id)
    if ConfirmForm().validate_on_submit():
        try:
            reports.withdraw(current_user, article)
            commit()
            flash(_("Report withdrawn: its public link now answers that it was withdrawn."), "info")
        except NotFound as exc:
            flash(exc.message, "error")
    else:
        flash(_("The form expired; please try again."), "error")
    return redirect(url_for("articles.show", article_id=article.id))
