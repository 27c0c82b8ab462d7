"""Notifications: made where the desk's work happens (assignments, approval requests, send-backs, re-checks
due, sources gone), read in the inbox, and sent by e-mail to whoever chose that kind.

E-mail is never sent here: a notification to be mailed is marked `pending`, and its id waits on the database
session until the transaction commits; the web layer and the jobs then queue one `mail.notification` job each
(app/jobs/mail.py). A rollback drops them with the notifications themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from app.extensions import db
from app.i18n import _l
from app.models import Claim, Evidence, Notification, Source, User
from app.models.base import utcnow
from app.models.notification import NOTIFICATION_KINDS
from app.services.validation import Checker

# On by default (the issue: an editor must hear of approval requests, a reviewer of assignments).
DEFAULT_MAIL_KINDS = ("assigned", "approval_requested")
KIND_NAMES = {
    "assigned": _l("Assigned to me"),
    "approval_requested": _l("Approval requested"),
    "sent_back": _l("Sent back to review"),
    "recheck_due": _l("Re-check due"),
    "source_gone": _l("A source is gone"),
}
_PENDING = "claimdesk_mail_pending"  # ids of notifications to mail once this transaction commits
_READY = "claimdesk_mail_ready"  # committed: to be queued


class _Mail:
    enabled = False


MAIL = _Mail()


def configure(config: Mapping[str, Any]) -> None:
    MAIL.enabled = bool(config.get("MAIL_SERVER"))


# --- preferences --------------------------------------------------------------------------------------------

def mail_kinds(user: User) -> set[str]:
    """The kinds this person wants by e-mail (the default until they choose)."""
    if user.mail_kinds is None:
        return set(DEFAULT_MAIL_KINDS)
    return {kind for kind in user.mail_kinds.split(",") if kind in NOTIFICATION_KINDS}


def set_preferences(user: User, data: Mapping[str, Any]) -> None:
    """The kinds mailed (data['mail_kinds'], a list) and the public-name opt-in (data['public_name'])."""
    checker = Checker(data)
    if "mail_kinds" in data:
        kinds = data["mail_kinds"]
        if not isinstance(kinds, (list, tuple)) or any(kind not in NOTIFICATION_KINDS for kind in kinds):
            checker.error("mail_kinds", _l("Choose among the kinds of notification listed."))
        else:
            user.mail_kinds = ",".join(kind for kind in NOTIFICATION_KINDS if kind in kinds)
    if "public_name" in data:
        user.public_name = checker.boolean("public_name")
    checker.raise_if_errors(_l("Some settings are not valid."))
    db.session.flush()


# --- making them --------------------------------------------------------------------------------------------

def notify(recipient: User | None, kind: str, *, actor: User | None = None, claim: Claim | None = None,
           source: Source | None = None, note: str | None = None) -> Notification | None:
    """Tell `recipient` (never the actor of their own act, nor an inactive account)."""
    if recipient is None or not recipient.active or (actor is not None and actor.id == recipient.id):
        return None
    mail = MAIL.enabled and bool(recipient.email) and kind in mail_kinds(recipient)
    item = Notification(recipient_id=recipient.id, kind=kind, actor_id=actor.id if actor else None,
                        claim_id=claim.id if claim else None, article_id=claim.article_id if claim else None,
                        source_id=source.id if source else None, note=(note or None) and note[:2000],
                        mail_state="pending" if mail else None)
    db.session.add(item)
    db.session.flush()
    if mail:
        db.session.info.setdefault(_PENDING, []).append(item.id)
    return item


def claim_assigned(actor: User | None, claim: Claim, assignee_id: int | None) -> None:
    if assignee_id is not None:
        notify(db.session.get(User, assignee_id), "assigned", actor=actor, claim=claim)


def approval_requested(actor: User | None, claim: Claim) -> None:
    """Every editor and admin who may approve it (not the verdict's setter: four eyes)."""
    editors = db.session.scalars(sa.select(User).where(User.role.in_(("editor", "admin")), User.active.is_(True))
                                 .order_by(User.id))
    for editor in editors:
        if editor.id != claim.verdict_set_by_id:
            notify(editor, "approval_requested", actor=actor, claim=claim)


def _owner(claim: Claim) -> User | None:
    """Who works on a claim: its assignee, else who set its verdict, else who made it."""
    for user_id in (claim.assignee_id, claim.verdict_set_by_id, claim.created_by_id):
        if user_id is not None:
            return db.session.get(User, user_id)
    return None


def sent_back(actor: User | None, claim: Claim, reason: str | None) -> None:
    notify(_owner(claim), "sent_back", actor=actor, claim=claim, note=reason)


def recheck_due(today: dt.date) -> int:
    """Tell each due claim's owner once per due date (claims whose re-check date has come); how many were told."""
    told = 0
    already = (sa.select(Notification.id).where(Notification.claim_id == Claim.id,
                                                Notification.kind == "recheck_due",
                                                Notification.note == sa.cast(Claim.recheck_on, sa.String))
               .exists())
    claims = db.session.scalars(sa.select(Claim).where(Claim.recheck_on.is_not(None), Claim.recheck_on <= today,
                                                       ~already).order_by(Claim.id))
    for claim in claims:
        # the note keeps the due date: a claim given a new date is due (and told) again
        if notify(_owner(claim), "recheck_due", claim=claim, note=claim.recheck_on.isoformat()) is not None:
            told += 1
    return told


def source_gone(source: Source) -> int:
    """A source found gone: each claim resting on it tells its owner (or who attached it)."""
    told = 0
    items = db.session.scalars(sa.select(Evidence).where(Evidence.source_id == source.id)
                               .options(selectinload(Evidence.claim)).order_by(Evidence.id))
    for item in items:
        owner = _owner(item.claim) if item.claim.assignee_id is not None else None
        if owner is None and item.added_by_id is not None:
            owner = db.session.get(User, item.added_by_id)
        if notify(owner, "source_gone", claim=item.claim, source=source) is not None:
            told += 1
    return told


# --- reading them -------------------------------------------------------------------------------------------

def unread_count(user_id: int) -> int:
    """The header's badge: one COUNT on the (recipient, read_at) index."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.recipient_id == user_id, Notification.read_at.is_(None))) or 0


def inbox(user: User, *, page: int = 1, per_page: int = 30, unread_only: bool = False
          ) -> tuple[list[Notification], int]:
    """A page of the person's notifications, newest first, with what each shows, and how many there are."""
    where = [Notification.recipient_id == user.id]
    if unread_only:
        where.append(Notification.read_at.is_(None))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(*where)) or 0
    items = list(db.session.scalars(
        sa.select(Notification).where(*where).order_by(Notification.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Notification.actor), selectinload(Notification.claim),
                 selectinload(Notification.source))))
    return items, total


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications `ids` read (all of them when None); how many changed."""
    stmt = sa.update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)[:500]))
    return db.session.execute(stmt.values(read_at=utcnow()), execution_options={"synchronize_session": False}).rowcount


def get_own(user: User, notification_id: int) -> Notification | None:
    item = db.session.get(Notification, notification_id)
    return item if item is not None and item.recipient_id == user.id else None


# --- e-mail after commit ------------------------------------------------------------------------------------

def take_mail_ready() -> list[int]:
    """Notifications committed since the last call that are to be mailed (the caller queues the jobs)."""
    return db.session.info.pop(_READY, [])


def _committed(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_READY, []).extend(pending)


def _rolled_back(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


sa.event.listen(Session, "after_commit", _committed)
sa.event.listen(Session, "after_rollback", _rolled_back)
