"""E-mail of notifications: one job per message, queued after the commit that made the notification, sent over
SMTP (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER)
in the recipient's language, as plain text and HTML, with an absolute link to what it is about.

A failed send fails the job (retried by an RQ worker) and marks the notification's e-mail failed; the
notification itself stays in the inbox.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from app.extensions import db
from app.jobs.core import JobError, Progress, enqueue, handler
from app.models import Notification
from app.services import desk_settings, notifications

log = logging.getLogger("claimdesk.mail")
MAIL_RETRY = (60, 300, 1800)


def queue_ready() -> list[int]:
    """Queue a job for each notification committed since the last call that is to be mailed (after a commit:
    the web layer's after_request, and jobs that notify). Never waits for the sending."""
    ids = notifications.take_mail_ready()
    if ids and not current_app.config.get("MAIL_SERVER"):
        return []
    for notification_id in ids:
        enqueue("mail.notification", {"notification_id": notification_id}, wait=False)
    return ids


def link_for(item: Notification) -> str:
    """The absolute address a message links to (CLAIMDESK_PUBLIC_BASE_URL): the claim, else the inbox."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if item.claim_id is not None:
        return f"{base}/claims/{item.claim_id}"
    return f"{base}/inbox/"


def compose(item: Notification) -> EmailMessage:
    """The message in the recipient's language (their setting, else the desk's)."""
    config = current_app.config
    recipient = item.recipient
    language = recipient.locale or desk_settings.value("language")
    with force_locale(language):
        context = {"n": item, "link": link_for(item), "desk": desk_settings.value("org_name"), "lang": language}
        subject = render_template("mail/subject.txt", **context).strip()
        text = render_template("mail/notification.txt", **context)
        html = render_template("mail/notification.html", **context)
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())[:200]
    message["From"] = config.get("MAIL_DEFAULT_SENDER") or "claimdesk@localhost"
    message["To"] = formataddr((recipient.name or "", recipient.email))
    message["Message-ID"] = make_msgid(domain="claimdesk")
    message["Content-Language"] = language
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    """Hand the message to the configured SMTP server."""
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT") or 10)
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


@handler("mail.notification", retry=MAIL_RETRY, timeout=120)
def mail_notification(payload: dict, progress: Progress) -> dict:
    """Send one notification by e-mail."""
    item = db.session.get(Notification, int(payload["notification_id"]))
    if item is None or item.mail_state == "sent":
        return {"sent": False, "reason": "gone or already sent"}
    if not current_app.config.get("MAIL_SERVER"):
        item.mail_state = None
        return {"sent": False, "reason": "no MAIL_SERVER"}
    message = compose(item)
    progress(0.5)
    try:
        send(message)
    except (OSError, smtplib.SMTPException) as exc:
        item.mail_state = "failed"
        db.session.commit()  # the notification and its failed e-mail are kept though the job fails
        log.warning("Mail for notification %s failed: %s", item.id, exc)
        raise JobError("mail_failed", f"The SMTP server refused or could not be reached ({type(exc).__name__}: "
                                      f"{str(exc)[:200]}).", transient=True) from exc
    item.mail_state = "sent"
    return {"sent": True, "notification_id": item.id, "to": item.recipient.email}
