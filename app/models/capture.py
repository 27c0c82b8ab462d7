"""Captures: what a source said when the desk fetched it (WARC file, text, hash), kept against link rot."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.evidence import Source

# "captured": the first copy of a source; "changed": a later copy whose body differs from the one before.
CAPTURE_STATES = ("captured", "changed")


class Capture(Base):
    __tablename__ = "capture"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("source.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(enum_column(CAPTURE_STATES, "capture_state"), default="captured")
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last time a fetch found this very body again (an unchanged page gets no second copy).
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    http_status: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(200), default="")
    final_url: Mapped[str] = mapped_column(sa.String(2048))
    bytes: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # Where the WARC file is in the capture store (a key, so the store can be a folder or an object store).
    warc_key: Mapped[str] = mapped_column(sa.String(300))

    source: Mapped[Source] = relationship(back_populates="captures")
