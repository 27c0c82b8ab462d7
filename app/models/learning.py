"""What the desk's check-worthiness learns from and remembers: labelled examples and sentence vectors."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

# How a labelled example came about: a suggestion accepted as it was, accepted with another span,
# accepted as one claim over several suggestions (merged) or as several claims inside one (split),
# rejected; or a claim a person marked without a suggestion.
EXAMPLE_ACTIONS = ("accepted", "edited", "merged", "split", "rejected", "manual")


class SuggestionExample(Base):
    """A labelled text from the desk's decisions (worth checking or not), used to train the desk's model."""

    __tablename__ = "suggestion_example"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(sa.ForeignKey("article.id", ondelete="SET NULL"), index=True)
    claim_id: Mapped[int | None] = mapped_column(sa.ForeignKey("claim.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(sa.String(2))
    text: Mapped[str] = mapped_column(sa.Text)
    label: Mapped[bool]
    action: Mapped[str] = mapped_column(sa.String(16))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SentenceVector(Base):
    """A sentence's encoder vector (float32 bytes), keyed by encoder and text hash: computed once."""

    __tablename__ = "sentence_vector"

    encoder: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    text_hash: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimVector(Base):
    """A claim's encoder vector, for similar claims by meaning across languages."""

    __tablename__ = "claim_vector"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    encoder: Mapped[str] = mapped_column(sa.String(40), index=True)
    text_hash: Mapped[str] = mapped_column(sa.String(40))
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SuggestionRun(Base):
    """The engine's suggestions for an article as last worked out, so that a page view reads them rather than
    running the engine. Made again when the model, the day (re-check dates) or the sentences with a kept
    vector change (app/services/suggestions.py)."""

    __tablename__ = "suggestion_run"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(sa.String(400))  # which model scored them ("rules": none)
    made_on: Mapped[dt.date]
    unscored: Mapped[list] = mapped_column(sa.JSON)  # hashes of the sentences the rules scored alone
    known: Mapped[int]  # how many of those had a kept vector then: more now means a better run can be made
    suggestions: Mapped[list] = mapped_column(sa.JSON)
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class EarlierCheckVector(Base):
    """An earlier fact-check's encoder vector (the claim as checked), for matching claims to it by meaning."""

    __tablename__ = "earlier_check_vector"

    earlier_check_id: Mapped[int] = mapped_column(sa.ForeignKey("earlier_check.id", ondelete="CASCADE"),
                                                  primary_key=True)
    encoder: Mapped[str] = mapped_column(sa.String(40), index=True)
    text_hash: Mapped[str] = mapped_column(sa.String(40))
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
