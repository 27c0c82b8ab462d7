"""Notifications: what the desk tells a person (assigned to you, approval requested, sent back, re-check due,
a source gone), read in the inbox and, when the person chose it, sent by e-mail (a job)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.claim import Claim
    from app.models.evidence import Source
    from app.models.user import User

NOTIFICATION_KINDS = ("assigned", "approval_requested", "sent_back", "recheck_due", "source_gone")
# None: no e-mail (not wanted, or no mail server); pending: a job will send it; sent; failed (the job says why).
MAIL_STATES = ("pending", "sent", "failed")


class Notification(Base):
    __tablename__ = "notification"
    # The header's unread count on every page: one index-only COUNT of (recipient, unread).
    __table_args__ = (sa.Index("ix_notification_recipient_unread", "recipient_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(enum_column(NOTIFICATION_KINDS, "notification_kind"))
    claim_id: Mapped[int | None] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(sa.ForeignKey("source.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(sa.Text)  # the reason a claim was sent back, as its sender wrote it
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    mail_state: Mapped[str | None] = mapped_column(enum_column(MAIL_STATES, "notification_mail_state"))

    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    claim: Mapped[Claim | None] = relationship()
    source: Mapped[Source | None] = relationship()

    @property
    def unread(self) -> bool:
        return self.read_at is None
