"""Inbox pages, the header's unread count, and the e-mail jobs queued once a request has committed."""

from __future__ import annotations

from flask import Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.admin.forms import ConfirmForm
from app.inbox import bp
from app.services import notifications
from app.services.validation import Checker
from app.web import commit, page, safe_next

PER_PAGE = 30


@bp.get("/")
@page("read")
def index():
    """The person's notifications, newest first; unread ones marked, each with a button to mark it read."""
    checker = Checker(request.args)
    number = checker.integer("page", minimum=1, maximum=100_000) or 1
    unread_only = checker.boolean("unread")
    items, total = notifications.inbox(current_user, page=number, per_page=PER_PAGE, unread_only=unread_only)
    args = {"unread": 1} if unread_only else {}
    return render_template("inbox/index.html", items=items, total=total, page=number, per_page=PER_PAGE,
                           args=args, unread_only=unread_only, confirm=ConfirmForm())


@bp.post("/read")
@page("read")
def mark_read():
    """Mark the notifications posted as `n` read (all of them with `all=1`)."""
    back = safe_next(request.form.get("next"), url_for("inbox.index"))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(back)
    if request.form.get("all") == "1":
        count = notifications.mark_read(current_user)
    else:
        ids = [int(v) for v in request.form.getlist("n") if v.isascii() and v.isdigit() and len(v) < 10]
        count = notifications.mark_read(current_user, ids) if ids else 0
    commit()
    if count:
        flash(ngettext("%(num)d notification marked read.", "%(num)d notifications marked read.", count), "info")
    return redirect(back)


def unread_count() -> int:
    """The signed-in reader's unread notifications: one COUNT, once per request."""
    if not current_user.is_authenticated:
        return 0
    if "claimdesk_unread" not in g:
        g.claimdesk_unread = notifications.unread_count(current_user.id)
    return g.claimdesk_unread


def _queue_mail(response):
    """After the request's commit: one e-mail job per notification it made that is to be mailed."""
    from app.extensions import db
    from app.jobs.mail import queue_ready

    if db.session.registry.has():  # a request that never opened a session (public pages) made nothing to send
        queue_ready()
    return response


def register(app: Flask) -> None:
    app.jinja_env.globals["unread_notifications"] = unread_count
    app.jinja_env.globals["notification_kind"] = lambda kind: str(notifications.KIND_NAMES.get(kind, kind))
    app.after_request(_queue_mail)
