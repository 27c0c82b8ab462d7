"""Sources outside the article, and the evidence that ties a source to a claim."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import RELIABILITY, SOURCE_STATUSES, STANCES, Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.capture import Capture
    from app.models.claim import Claim
    from app.models.user import User


class Source(Base):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(sa.String(500))
    publisher: Mapped[str | None] = mapped_column(sa.String(200))
    published_at: Mapped[dt.date | None] = mapped_column(sa.Date)
    reliability: Mapped[str] = mapped_column(enum_column(RELIABILITY, "reliability"), default="F")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A text snapshot survives link rot; filled by URL import (later work), absent until then.
    snapshot_text: Mapped[str | None] = mapped_column(sa.Text)
    snapshot_hash: Mapped[str | None] = mapped_column(sa.String(64))
    fetched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Link rot: "unchecked" until a capture or a re-check; "gone" after a 4xx, 5xx or a name that no longer resolves.
    status: Mapped[str] = mapped_column(enum_column(SOURCE_STATUSES, "source_status"), default="unchecked",
                                        server_default="unchecked", index=True)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status_detail: Mapped[str | None] = mapped_column(sa.String(300))

    evidence: Mapped[list[Evidence]] = relationship(back_populates="source")
    captures: Mapped[list[Capture]] = relationship(back_populates="source", order_by="Capture.id",
                                                   cascade="all, delete-orphan")

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.url).hostname or ""


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        sa.UniqueConstraint("claim_id", "source_id", name="claim_source"),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("source.id", ondelete="RESTRICT"), index=True)
    stance: Mapped[str] = mapped_column(enum_column(STANCES, "stance"))
    credibility: Mapped[int] = mapped_column(default=6)
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    reported_value: Mapped[str | None] = mapped_column(sa.String(200))
    reported_unit: Mapped[str | None] = mapped_column(sa.String(60))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    source: Mapped[Source] = relationship(back_populates="evidence", lazy="joined")
    added_by: Mapped[User | None] = relationship()
