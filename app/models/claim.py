"""Claims anchored to spans of an article, their comments and similarity keys."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    CONFIDENCES,
    KINDS,
    ORIGINS,
    STATES,
    VERDICTS,
    Base,
    UTCDateTime,
    enum_column,
    utcnow,
)

if TYPE_CHECKING:
    from app.models.article import Article
    from app.models.evidence import Evidence
    from app.models.user import User


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
        sa.Index("ix_claim_queue", "state", "id"),
        # The queue's common filter pairs, so that counting them is an index-only walk.
        sa.Index("ix_claim_state_verdict", "state", "verdict"),
        sa.Index("ix_claim_kind_state", "kind", "state"),
        sa.Index("ix_claim_article_start", "article_id", "start"),
        # The dashboard's aggregates, each an index-only walk: opened per week, time to approval, load.
        sa.Index("ix_claim_created_at", "created_at"),
        sa.Index("ix_claim_approved_at", "approved_at", "created_at"),
        sa.Index("ix_claim_state_assignee", "state", "assignee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)
    statement: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(enum_column(KINDS, "kind"), default="other", index=True)
    attributed_to: Mapped[str | None] = mapped_column(sa.String(500))
    verdict: Mapped[str] = mapped_column(enum_column(VERDICTS, "verdict"), default="unverified", index=True)
    confidence: Mapped[str | None] = mapped_column(enum_column(CONFIDENCES, "confidence"))
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[str] = mapped_column(enum_column(STATES, "state"), default="open")
    origin: Mapped[str] = mapped_column(enum_column(ORIGINS, "origin"), default="manual")
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    recheck_on: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    verdict_set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    verdict_set_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Folded quote + statement + attribution, for accent- and hamza-insensitive search.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    # Normalised values found in the quote (quantity, unit, duration ...), from the suggestion engine.
    values: Mapped[dict | None] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    verdict_set_by: Mapped[User | None] = relationship(foreign_keys=[verdict_set_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Evidence.id"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Comment.id"
    )
    keys: Mapped[list[ClaimKey]] = relationship(cascade="all, delete-orphan")

    @property
    def is_due(self) -> bool:
        return self.recheck_on is not None and self.recheck_on <= dt.datetime.now(dt.UTC).date()


class Comment(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class ClaimKey(Base):
    """Language-independent keys of a claim (values, places, folded words) for similar-claim lookup."""

    __tablename__ = "claim_key"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), primary_key=True, index=True)
