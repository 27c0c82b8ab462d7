"""Articles: the exact text a desk verifies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.claim import Claim
    from app.models.user import User


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
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


class SuggestionRejection(Base):
    """A suggested span a reviewer rejected, so the desk does not propose it again."""

    __tablename__ = "suggestion_rejection"
    __table_args__ = (sa.UniqueConstraint("article_id", "start", "end", name="span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    rejected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Publication(Base):
    """A published report: an unguessable public link to an article's verification report."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    include_unapproved: Mapped[bool] = mapped_column(default=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    article: Mapped[Article] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
