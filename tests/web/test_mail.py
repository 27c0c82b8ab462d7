"""E-mail of notifications through a real SMTP server on loopback (aiosmtpd), as a job after the commit."""

import email
import email.policy
import socket

import pytest

from app.extensions import db
from app.jobs import drain
from app.models import Job, Notification
from app.services import claims as claim_service
from app.services import evidence, notifications, review
from tests.conftest import login
from tests.services.test_notifications import ready

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Sink:
    """Keeps every message it is given; answers `reply` to DATA (a failing server: a 5xx)."""

    def __init__(self, reply: str = "250 OK"):
        self.reply, self.messages = reply, []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.reply.startswith("250"):
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.original_content,
                                                                               policy=email.policy.default)))
        return self.reply


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """Start an SMTP server on 127.0.0.1 and point the desk at it; returns a function making it fail."""
    sink = Sink()
    port = free_port()
    controller = aiosmtpd.Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "desk@newsroom.example")
    notifications.configure(app.config)
    yield sink
    controller.stop()


def ask_for_approval_through_the_page(client, make_claim, make_user):
    """A reviewer gets a claim ready and asks for approval on the claim page; returns the claim."""
    reviewer = make_user("reviewer")
    claim = make_claim()
    evidence.add_evidence(reviewer, claim, {"url": "https://wire.example/m", "stance": "supports"})
    review.transition(reviewer, claim, {"to": "in_review"})
    claim_service.update_claim(reviewer, claim, {"version": claim.version, "verdict": "likely_false",
                                                 "confidence": "medium", "rationale": "The wire says fewer."})
    db.session.commit()
    login(client, reviewer)
    response = client.post(f"/claims/{claim.id}/transition", data={"to": "awaiting_approval",
                                                                   "version": claim.version})
    assert response.status_code == 302
    assert drain(timeout=120)  # the e-mail job runs on the job threads, never inside the request
    db.session.expire_all()
    return claim


def test_an_arabic_editor_receives_the_approval_request_by_mail(client, smtp, make_claim, make_user):
    editor = make_user("editor", name="ريم الحسن")
    editor.locale = "ar"
    quiet = make_user("editor")
    notifications.set_preferences(quiet, {"mail_kinds": []})  # inbox only
    db.session.commit()
    claim = ask_for_approval_through_the_page(client, make_claim, make_user)

    assert [to for to, _ in smtp.messages] == [[editor.email]]
    (_, message), = smtp.messages
    assert message["From"] == "desk@newsroom.example"
    assert "طُلب اعتماد الادعاء" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"http://127.0.0.1:5000/claims/{claim.id}"
    assert "طُلب اعتماد الادعاء" in text and link in text and "افتحه في المكتب" in text
    assert f'href="{link}"' in html and 'dir="rtl"' in html
    job = db.session.query(Job).filter_by(kind="mail.notification").one()
    assert job.state == "finished"
    assert {n.recipient_id: n.mail_state for n in db.session.query(Notification)} == {editor.id: "sent",
                                                                                     quiet.id: None}


def test_without_a_mail_server_nothing_is_sent_and_the_inbox_still_tells(client, app, make_claim, make_user):
    assert not app.config.get("MAIL_SERVER")
    editor = make_user("editor")
    ask_for_approval_through_the_page(client, make_claim, make_user)
    assert db.session.query(Job).filter_by(kind="mail.notification").count() == 0
    (item,) = db.session.query(Notification).all()
    assert item.recipient_id == editor.id and item.mail_state is None and item.read_at is None


def test_a_failing_smtp_server_fails_the_job_and_keeps_the_notification(client, smtp, make_claim, make_user):
    smtp.reply = "554 5.3.0 Mailbox unavailable"
    editor = make_user("editor")
    ask_for_approval_through_the_page(client, make_claim, make_user)
    assert smtp.messages == []
    job = db.session.query(Job).filter_by(kind="mail.notification").one()
    assert job.state == "failed" and job.error_code == "mail_failed"
    (item,) = db.session.query(Notification).all()
    assert item.recipient_id == editor.id and item.mail_state == "failed" and item.read_at is None
    assert notifications.unread_count(editor.id) == 1


def test_mail_is_queued_only_after_the_commit(app, smtp, make_claim, make_user):
    """A rollback drops the notification and its e-mail: nothing is queued for work that never happened."""
    make_user("editor")
    claim = make_claim()
    reviewer = make_user("reviewer")
    with app.test_request_context():
        ready(claim, reviewer)  # commits: one e-mail is ready
        assert len(notifications.take_mail_ready()) == 1
        notifications.approval_requested(reviewer, claim)
        db.session.rollback()
        assert notifications.take_mail_ready() == []
