"""Jobs: slow work (fetches, captures, reports, large imports) done off the request, with a state and progress."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.user import User

JOB_STATES = ("queued", "running", "finished", "failed")


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60), index=True)
    state: Mapped[str] = mapped_column(enum_column(JOB_STATES, "job_state"), default="queued", index=True)
    progress: Mapped[float] = mapped_column(sa.Float, default=0.0)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error_code: Mapped[str | None] = mapped_column(sa.String(40))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()

    @property
    def done(self) -> bool:
        return self.state in ("finished", "failed")

    @property
    def error(self) -> dict[str, str] | None:
        if self.error_code is None:
            return None
        return {"code": self.error_code, "message": self.error_message or ""}
