"""Earlier fact-checks (the desk's own and others'), and the partner feeds they are pulled from."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow

# Where an earlier check came from: a ClaimReview/DataFeed file, a fact-check page read by URL, a partner's
# feed, a CSV file, or the desk's own publications.
EARLIER_CHECK_ORIGINS = ("file", "page", "feed", "csv", "desk")


class FactCheckFeed(Base):
    """A partner desk's ClaimReview feed the desk pulls on a schedule (new items only, with ETag and
    Last-Modified kept from the last answer)."""

    __tablename__ = "factcheck_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(sa.String(300))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    etag: Mapped[str | None] = mapped_column(sa.String(300))
    last_modified: Mapped[str | None] = mapped_column(sa.String(100))
    pulled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(sa.String(300))
    items_added: Mapped[int] = mapped_column(default=0, server_default="0")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    checks: Mapped[list[EarlierCheck]] = relationship(back_populates="feed")


class EarlierCheck(Base):
    """A fact-check already published (by the desk or a partner): the claim as checked, its rating, who
    published it where and when. Unique by the fact-check's URL."""

    __tablename__ = "earlier_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    claim_reviewed: Mapped[str] = mapped_column(sa.Text)
    # schema.org Rating: the words (alternateName) and, where given, the value on its scale.
    rating: Mapped[str | None] = mapped_column(sa.String(200))
    rating_value: Mapped[float | None]
    best_rating: Mapped[float | None]
    worst_rating: Mapped[float | None]
    publisher: Mapped[str | None] = mapped_column(sa.String(300))
    publisher_url: Mapped[str | None] = mapped_column(sa.String(2048))
    published_on: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    claim_author: Mapped[str | None] = mapped_column(sa.String(300))
    claim_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    first_appearance: Mapped[str | None] = mapped_column(sa.String(2048))
    language: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    origin: Mapped[str] = mapped_column(enum_column(EARLIER_CHECK_ORIGINS, "earlier_check_origin"))
    feed_id: Mapped[int | None] = mapped_column(sa.ForeignKey("factcheck_feed.id", ondelete="SET NULL"), index=True)
    # The desk's own publication this check came from (origin "desk"), so withdrawing can remove it.
    publication_id: Mapped[int | None] = mapped_column(sa.ForeignKey("publication.id", ondelete="SET NULL"),
                                                       index=True)
    imported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    feed: Mapped[FactCheckFeed | None] = relationship(back_populates="checks")
