"""The append-only audit log: every change, who made it and when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.user import User


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        sa.Index("ix_event_claim", "claim_id", "id"),
        sa.Index("ix_event_article", "article_id", "id"),
        # The dashboard's weekly state and verdict changes read a window of these, not the whole log.
        sa.Index("ix_event_field_time", "field", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # object_type/object_id name what changed; claim_id/article_id let a claim's or article's history be
    # read with one indexed query. No foreign keys on them: the log outlives what it describes.
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int | None]
    claim_id: Mapped[int | None]
    article_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(32))
    field: Mapped[str | None] = mapped_column(sa.String(64))
    before: Mapped[Any] = mapped_column(sa.JSON)
    after: Mapped[Any] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.Text)

    actor: Mapped[User | None] = relationship()
