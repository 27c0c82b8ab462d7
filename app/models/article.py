"""Articles: the exact text a desk verifies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.claim import Claim
    from app.models.user import User


class Article(Base):
    __tablename__ = "article"
    # The article list (live articles, newest first) and its capped count walk this index, not the table.
    __table_args__ = (sa.Index("ix_article_archived_id", "archived_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
    # SHA-256 of the body with its spacing folded: the same text pasted twice is found by one indexed lookup.
    body_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    language: Mapped[str] = mapped_column(sa.String(8), index=True)
    url: Mapped[str | None] = mapped_column(sa.String(2048), unique=True)
    publisher: Mapped[str | None] = mapped_column(sa.String(200))
    published_at: Mapped[dt.date | None] = mapped_column(sa.Date)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    added_by: Mapped[User | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", order_by="(Claim.start, Claim.id)", cascade="all, delete-orphan"
    )

    @property
    def is_rtl(self) -> bool:
        return self.language in ("ar", "fa", "he", "ur")

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


# What became of a span of an article: a claim rests on it, or it was rejected as a suggestion.
SPAN_OUTCOMES = ("claimed", "rejected")


class SuggestionOutcome(Base):
    """The one outcome of a span of an article: a claim (accepted from a suggestion or marked by hand), or a
    rejected suggestion, which the desk does not propose again.

    One row per span, a unique key that every claim and every rejection inserts into: of two people deciding
    on one suggestion at once (or one deciding from a page left open after the other), the database keeps
    the first decision and refuses the second, whatever the code around it does. The row follows its claim
    (a new span moves it, deleting the claim frees the span); a rejection stays.
    """

    __tablename__ = "suggestion_outcome"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "start", "end"),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
        sa.CheckConstraint("(outcome = 'claimed' AND claim_id IS NOT NULL) OR (outcome = 'rejected' AND claim_id IS NULL)",
                           name="claim_iff_claimed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    outcome: Mapped[str] = mapped_column(enum_column(SPAN_OUTCOMES, "span_outcome"))
    claim_id: Mapped[int | None] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), unique=True)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User | None] = relationship()


class Publication(Base):
    """A published report: an unguessable public link to an article's verification report.

    At most one publication of an article is live (not withdrawn) at a time: the database holds that
    rule (a partial unique index), so editors racing to publish cannot make two links. What readers
    see is the publication's frozen versions (PublicationVersion), never the desk's live data.
    """

    __tablename__ = "publication"
    __table_args__ = (
        sa.Index("uq_publication_live_article", "article_id", unique=True,
                 sqlite_where=sa.text("withdrawn_at IS NULL"), postgresql_where=sa.text("withdrawn_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    include_unapproved: Mapped[bool] = mapped_column(default=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)

    article: Mapped[Article] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    versions: Mapped[list[PublicationVersion]] = relationship(
        back_populates="publication", order_by="PublicationVersion.number", cascade="all, delete-orphan"
    )


VERSION_KINDS = ("first", "correction", "update")


class PublicationVersion(Base):
    """One frozen version of a published report: its model and the bytes readers get, stored once.

    Version 1 is the first publication; each later one is a correction or an update with a dated note.
    Rows are written once and never changed: a reader is served what was stored.
    """

    __tablename__ = "publication_version"
    __table_args__ = (sa.UniqueConstraint("publication_id", "number", name="uq_publication_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(sa.ForeignKey("publication.id", ondelete="CASCADE"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(enum_column(VERSION_KINDS, "version_kind"))
    note: Mapped[str | None] = mapped_column(sa.Text)
    include_unapproved: Mapped[bool] = mapped_column(default=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str] = mapped_column(sa.String(8))  # the report's language
    title: Mapped[str] = mapped_column(sa.String(500))  # the article's title as published
    # The report model (public: no e-mails, comments or internal notes), as the report builders take it.
    model: Mapped[Any] = mapped_column(sa.JSON)
    # The ClaimReview of the version's approved claims, for the embedded JSON-LD and the public feed.
    reviews: Mapped[Any] = mapped_column(sa.JSON)
    html: Mapped[str] = mapped_column(sa.Text)
    document: Mapped[str] = mapped_column(sa.Text)  # the public JSON, as served
    etag: Mapped[str] = mapped_column(sa.String(64))

    publication: Mapped[Publication] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()

    @property
    def token(self) -> str:
        """The token of the link this version is published at (the same for every version)."""
        return self.publication.token
